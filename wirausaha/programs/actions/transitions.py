"""The enrolment state machine: every enrolment state change goes through `transition` (one) or
`_bulk_transition` (many), which write the event log the dashboard counts. Later stages
(placement, training) move enrolments through `transition`, `bulk_transition` and
`follow_training` only."""

import json
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError

from ..models import Enrolment, EnrolmentEvent, EnrolmentState, Wave

S = EnrolmentState
# The enrolment state machine: every legal move. Screening may be re-run before the draw.
TRANSITIONS: dict[str, set[str]] = {
    S.APPLIED: {S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN},
    S.ELIGIBLE: {S.INELIGIBLE, S.SELECTED, S.WAITLISTED, S.WITHDRAWN},
    S.INELIGIBLE: {S.ELIGIBLE, S.WITHDRAWN},
    S.SELECTED: {S.PLACED, S.WITHDRAWN},
    S.WAITLISTED: {S.SELECTED, S.WITHDRAWN},
    S.PLACED: {S.SELECTED, S.IN_TRAINING, S.WITHDRAWN},
    S.IN_TRAINING: {S.GRADUATED, S.NOT_PASSED, S.DROPPED_OUT},
    S.GRADUATED: set(),
    S.NOT_PASSED: set(),
    S.DROPPED_OUT: set(),
    S.WITHDRAWN: set(),
}
OPEN_STATES = {state for state, moves in TRANSITIONS.items() if S.WITHDRAWN in moves}
# How training ends: completed and passed, completed and failed the assessment, or left.
TRAINING_ENDS = [S.GRADUATED, S.NOT_PASSED, S.DROPPED_OUT]
# States of a person who was given a seat (the seat stays used once training has begun).
SEAT_HOLDERS = [S.SELECTED, S.PLACED, S.IN_TRAINING, *TRAINING_ENDS]
DRAWN = {Wave.Status.SELECTED, Wave.Status.RUNNING, Wave.Status.FINISHED}
BATCH = 5000
# Rows per UPDATE in _write_enrolments: up to 8 parameters each stays below SQLite's 32,766.
VALUES_BATCH = 2000


class IllegalTransition(DomainError):
    code = "illegal_transition"


class WaveStateError(DomainError):
    code = "wave_state"


@transaction.atomic
def transition(enrolment: Enrolment, to: str, *, by: User | None, reason: str = "") -> Enrolment:
    """Move one enrolment to `to` if the state machine allows it; the row is locked while it moves."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if to not in TRANSITIONS[locked.state]:
        raise IllegalTransition(
            _("An enrolment cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(locked.state).label, "to": S(to).label}
        )
    EnrolmentEvent.objects.create(
        enrolment=locked, from_state=locked.state, to_state=to, actor=by, reason=reason
    )
    locked.state = to
    locked.save(update_fields=["state", "updated_at"])
    enrolment.state = to
    return locked


def _bulk_transition(ids_by_from: dict[str, list[int]], to: str, *, by: User | None, reason: str) -> int:
    """Many enrolments to one state at once, each from the state it must still be in."""
    return _write_enrolments(
        [(pk, from_state, to) for from_state, ids in ids_by_from.items() for pk in ids], by=by, reason=reason
    )


@transaction.atomic
def bulk_transition(ids_by_from: dict[str, list[int]], to: str, *, by: User | None, reason: str) -> int:
    """For later stages (placement, training): move many enrolments to `to` in a few statements,
    each only if it is still in the state it is listed under (others are left alone, without an
    event). Raises IllegalTransition, before writing, for a move the state machine does not allow.
    Returns how many moved."""
    return _bulk_transition(ids_by_from, to, by=by, reason=reason)


def _write_enrolments(
    rows: list[tuple],
    columns: tuple[str, ...] = (),
    *,
    by: User | None,
    reason: str,
    shared: dict[str, list] | None = None,
) -> int:
    """Write many enrolments at once, in one UPDATE per batch. Each row is (pk, the state it must
    still be in, the state it goes to, *values of `columns`); a row that left its state meanwhile
    (a withdrawal) is left alone and gets no event, every other row whose state changes gets one.
    A column named in `shared` takes, per row, an index into a short list of values (a verdict
    that thousands of rows share). Returns how many rows changed state; a move the state machine
    does not allow raises IllegalTransition before anything is written."""
    for before, after in {(row[1], row[2]) for row in rows}:
        if before != after and after not in TRANSITIONS[before]:
            raise IllegalTransition(f"{before} -> {after}")
    shared = shared or {}
    now = timezone.now()
    qn = connection.ops.quote_name
    table, pk = qn(Enrolment._meta.db_table), qn(Enrolment._meta.pk.column)
    fields = [Enrolment._meta.get_field(name) for name in ("state", *columns)]
    on_postgresql = connection.vendor == "postgresql"
    assignments, set_params = [], []
    for number, field in enumerate(fields, start=3):
        if field.name in shared:
            choices = shared[field.name]
            cast = "CAST(%s AS jsonb)" if on_postgresql else "%s"
            branches = " ".join(f"WHEN {i} THEN {cast}" for i in range(len(choices)))
            assignments.append(f"{qn(field.column)} = CASE v.column{number} {branches} END")
            set_params += [json.dumps(choice) for choice in choices]
        else:
            assignments.append(f"{qn(field.column)} = v.column{number}")
    assignments.append(f"{qn('updated_at')} = %s")
    set_params.append(connection.ops.adapt_datetimefield_value(now))
    if on_postgresql:
        # One array per column instead of one placeholder per value: psycopg's client-side
        # binding parses every placeholder in Python, which dominated at 360,000 rows.
        types = [
            "bigint",
            "varchar",
            *("integer" if f.name in shared else f.db_type(connection) for f in fields),
        ]
        names = ", ".join(f"column{n}" for n in range(1, len(types) + 1))
        arrays = ", ".join(f"CAST(%s AS {kind}[])" for kind in types)
        source = f"unnest({arrays}) AS v({names})"
    moved = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), VALUES_BATCH):
            chunk = rows[start : start + VALUES_BATCH]
            if on_postgresql:
                params = [list(column) for column in zip(*chunk, strict=True)]
                chunk_source = source
            else:
                width = 3 + len(columns)
                values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(chunk))
                params = [value for row in chunk for value in row]
                chunk_source = f"(VALUES {values}) AS v"
            cursor.execute(
                f"UPDATE {table} SET {', '.join(assignments)} FROM {chunk_source} "
                f"WHERE {table}.{pk} = v.column1 AND {table}.{qn('state')} = v.column2",
                [*set_params, *params],
            )
            moving: dict[tuple[str, str], list[int]] = defaultdict(list)
            for row in chunk:
                if row[1] != row[2]:
                    moving[(row[1], row[2])].append(row[0])
            for (before, after), ids in moving.items():
                moved += _insert_events(ids, from_state=before, to=after, by=by, reason=reason, now=now)
    return moved


def _insert_events(ids: list[int], *, from_state: str, to: str, by: User | None, reason: str, now) -> int:
    """The event of each enrolment in `ids` that is now in state `to`, written by the database in
    one INSERT … SELECT: building hundreds of thousands of event objects in Python was most of a
    screening's time."""
    qn = connection.ops.quote_name
    event = EnrolmentEvent._meta
    columns = ", ".join(
        qn(event.get_field(name).column)
        for name in ("enrolment", "from_state", "to_state", "actor", "reason", "created_at")
    )
    enrolments, pk = qn(Enrolment._meta.db_table), qn(Enrolment._meta.pk.column)
    if connection.vendor == "postgresql":
        among, id_params = f"{pk} = ANY(CAST(%s AS bigint[]))", [ids]
    else:
        among, id_params = f"{pk} IN ({', '.join(['%s'] * len(ids))})", ids
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(event.db_table)} ({columns}) "
            f"SELECT {pk}, %s, %s, %s, %s, %s FROM {enrolments} WHERE {among} AND {qn('state')} = %s",
            [
                from_state,
                to,
                by.pk if by else None,
                reason,
                connection.ops.adapt_datetimefield_value(now),
                *id_params,
                to,
            ],
        )
        return cursor.rowcount


def follow_training(wave_ids: Iterable[int], *, by: User | None) -> None:
    """A drawn wave's status follows its training: "running" once anyone of it has begun training,
    "finished" when nobody is placed or in training any more after that. Called by the steps that
    move enrolments into, through or out of training (and by a confirmed placement, which may give a
    finished wave new trainees)."""
    for wave in (
        Wave.objects.select_for_update().filter(pk__in=set(wave_ids), status__in=DRAWN).order_by("pk")
    ):
        counts = _count_states(wave, [S.PLACED, S.IN_TRAINING, *TRAINING_ENDS])
        if not any(counts.get(state) for state in (S.IN_TRAINING, *TRAINING_ENDS)):
            continue
        status = (
            Wave.Status.RUNNING if counts.get(S.PLACED) or counts.get(S.IN_TRAINING) else Wave.Status.FINISHED
        )
        if status != wave.status:
            before, wave.status = wave.status, status
            wave.save(update_fields=["status", "updated_at"])
            record_event(by, "wave.training_followed", wave, changes={"status": [before, status]})


def _count_states(wave: Wave, states) -> dict[str, int]:
    return dict(wave.enrolments.filter(state__in=states).values_list("state").annotate(n=Count("id")))
