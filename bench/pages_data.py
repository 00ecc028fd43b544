"""Build the page benchmark's database: `python -m bench.pages_data N` on the (empty) PostgreSQL
database named by DATABASE_URL, in its own process. Migrates, loads the reference data, makes the
centres, courses and accounts through the application (pages_setup), then writes the bulk: N
participants (pages_people), ten waves with their enrolments (pages_waves), placements, classes,
sessions, attendance and certificates (pages_training) and the audit trail, by COPY or one
INSERT ... SELECT per table, never row by row. Ends with VACUUM ANALYZE, as autovacuum would after bulk
writes, and prints what the load client needs as one JSON line (the last line of stdout), with the
time each step took.

A big table is filled as pg_restore fills one: its secondary indexes, its unique constraints and
its foreign keys are dropped first and made again after (the keys validated in one pass), which is
several times faster than maintaining them row by row. Whatever the schema holds then (a column
added with a database default, a generated column, a new index) is filled or rebuilt by PostgreSQL:
the rows name their columns."""

import json
import os
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import psycopg
from psycopg import sql

from bench import pages_people, pages_setup, pages_training, pages_waves

ACCOUNT_WAVE = 4  # the fifth wave (finished): the participant with an account graduated in it
STEPS: dict[str, float] = {}
# The big tables, whose indexes and constraints are made again after the load.
SECONDARY = """
    SELECT format('%%I', c.relname), pg_get_indexdef(i.indexrelid) FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = %s::regclass
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
"""
CONSTRAINTS = """
    SELECT format('%%I', k.conname), pg_get_constraintdef(k.oid) FROM pg_constraint k
    WHERE k.conrelid = %s::regclass AND (k.contype = 'f' OR (k.contype IN ('u', 'x') AND NOT EXISTS (
        SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = k.conindid)))
    ORDER BY k.contype DESC
"""


@contextmanager
def step(name: str):
    started = time.perf_counter()
    yield
    STEPS[name] = round(time.perf_counter() - started, 1)
    print(f"  build {name}: {STEPS[name]} s", file=sys.stderr, flush=True)


def copy_rows(
    conn: psycopg.Connection, table: str, columns, rows, *, optional=(), rebuild: bool = False
) -> int:
    """COPY `rows` (tuples in `columns` order) into `table` in one transaction, leaving out the
    `optional` columns the table does not have; with `rebuild`, without its secondary indexes and
    constraints, which are made again afterwards."""
    keep = [
        i for i, column in enumerate(columns) if column not in optional or has_column(conn, table, column)
    ]
    if len(keep) < len(columns):
        columns = [columns[i] for i in keep]
        rows = (tuple(row[i] for i in keep) for row in rows)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    count = 0
    with conn.transaction(), _unindexed(conn, table, rebuild), conn.cursor().copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def run_sql(
    conn: psycopg.Connection, table: str, statement: str, params=None, *, rebuild: bool = False
) -> int:
    """One INSERT ... SELECT (or UPDATE) into `table`, in one transaction; see copy_rows."""
    with conn.transaction(), _unindexed(conn, table, rebuild):
        return conn.execute(statement, params).rowcount


@contextmanager
def _unindexed(conn: psycopg.Connection, table: str, rebuild: bool):
    if not rebuild:
        yield
        return
    indexes = conn.execute(SECONDARY, (table,)).fetchall()
    constraints = conn.execute(CONSTRAINTS, (table,)).fetchall()
    name = sql.Identifier(table)
    for constraint, _definition in constraints:
        conn.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(name, sql.SQL(constraint)))
    for index, _definition in indexes:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.SQL(index)))
    yield
    for constraint, definition in reversed(constraints):
        conn.execute(
            sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                name, sql.SQL(constraint), sql.SQL(definition)
            )
        )
    for _index, definition in indexes:
        conn.execute(definition)


def _places(conn: psycopg.Connection) -> pages_people.Places:
    regencies = conn.execute(
        "SELECT code, population FROM reference_region WHERE level = 'regency'"
    ).fetchall()
    districts: dict[str, list[str]] = {}
    for code, parent in conn.execute(
        "SELECT code, parent_id FROM reference_region WHERE level = 'district' ORDER BY code"
    ):
        districts.setdefault(parent, []).append(code)
    return pages_people.Places(regencies, districts)


HISTORY_FIELDS = (
    "id created_at nik full_name birth_place birth_date sex phone email education disability last_employer "
    "job_title layoff_date layoff_reason layoff_evidence jkp_recipient business_interest existing_business "
    "existing_business_since consent_version consent_at consent_withdrawn_at verification verification_note "
    "verified_at source nik_flags is_synthetic business_interest_sector_id domicile_id employer_sector_id "
    "user_id verified_by_id merged_into_id"
)
HISTORY_SQL = (
    f"INSERT INTO registry_historicalparticipant ({HISTORY_FIELDS.replace(' ', ', ')}, history_date, "
    f"history_change_reason, history_type, history_user_id) SELECT {HISTORY_FIELDS.replace(' ', ', ')}, "
    "created_at, NULL, '+', NULL FROM registry_participant ORDER BY id"
)
MASKED = "p.full_name || ' (' || left(p.nik, 6) || '******' || right(p.nik, 4) || ')'"
AUDIT_SQL = f"""
    INSERT INTO common_auditevent (created_at, actor_id, actor_label, verb, target_type, target_id,
        target_label, reason, changes)
    SELECT * FROM (
        SELECT p.created_at, NULL::bigint, 'system', 'participant.registered', 'registry.participant',
            p.id::text, {MASKED}, '', jsonb_build_object('source', jsonb_build_array(NULL, p.source))
        FROM registry_participant p
        UNION ALL
        SELECT p.verified_at, p.verified_by_id, u.username, 'participant.' || p.verification,
            'registry.participant', p.id::text, {MASKED}, p.verification_note,
            jsonb_build_object('verification', jsonb_build_array('pending', p.verification))
        FROM registry_participant p JOIN accounts_user u ON u.id = p.verified_by_id
        UNION ALL
        SELECT d.issued_at, NULL, 'system', 'certificate.issued', 'training.certificate', c.id::text,
            d.number, '', jsonb_build_object('number', jsonb_build_array(NULL, d.number))
        FROM training_certificate c JOIN documents_document d ON d.id = c.document_id
    ) AS trail ORDER BY 1
"""
NIK_CHANGES_SQL = """
    INSERT INTO registry_nikchangerequest (created_at, updated_at, old_nik, new_nik, reason, status,
        decision_note, participant_id)
    SELECT p.created_at + interval '1 day', p.created_at + interval '1 day', p.nik,
        left(p.nik, 15) || ((right(p.nik, 1)::int + 1) % 10)::text, 'Salah ketik satu angka', 'pending', '',
        p.id
    FROM registry_participant p WHERE p.verification = 'pending' AND p.id % 2000 = 7
"""
OPEN_DUPLICATE_SQL = """
    UPDATE registry_participant SET open_duplicate = true WHERE id IN (
        SELECT first_id FROM registry_duplicatecandidate WHERE status = 'open'
        UNION SELECT second_id FROM registry_duplicatecandidate WHERE status = 'open')
"""
COUNTED = (
    "registry_participant registry_historicalparticipant registry_duplicatecandidate common_auditevent "
    "programs_enrolment programs_enrolmentevent centres_trainingcentre centres_cohort training_session "
    "training_attendance allocation_placement training_certificate"
)
SEQUENCES = (
    "registry_participant registry_duplicatecandidate programs_enrolment programs_frozenentrant "
    "centres_cohort training_session training_attendance training_assessment allocation_placement "
    "documents_document training_certificate"
)


def refresh_summaries(run_ids) -> None:
    """What the allocation actions keep on a run after changing its placements (its summary by
    regency), when this version of the application keeps one."""
    try:
        from wirausaha.allocation.actions.summary import refresh_summary
    except ImportError:
        return
    from wirausaha.allocation.models import AllocationRun

    for run in AllocationRun.objects.filter(pk__in=list(run_ids)):
        refresh_summary(run)


def has_column(conn: psycopg.Connection, table: str, column: str) -> bool:
    found = conn.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s", (table, column)
    )
    return found.fetchone() is not None


def build(n: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from wirausaha.registry.consent import CONSENT_VERSION

    now = datetime.now(UTC)
    with step("migrate + load_reference"):
        call_command("migrate", verbosity=0)
        call_command("load_reference", stdout=sys.stderr)
    with step("centres, courses, accounts"):
        setup = pages_setup.prepare(now)
    users = setup["users"]
    conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    conn.execute("SET maintenance_work_mem = '256MB'")
    registry = pages_people.Registry()
    with step("participants"):
        sectors = [
            row[0]
            for row in conn.execute(
                "SELECT code FROM reference_sector WHERE level = 'kelompok' AND code ~ '^(10|14|47|56|95|96)'"
            )
        ]
        rows = pages_people.participant_rows(
            n,
            _places(conn),
            now=now,
            sectors=sectors,
            verifiers=[users[key]["id"] for key in ("admin", "province", "regency")],
            account=(users["participant"]["id"], pages_setup.OPERATOR_REGENCY),
            registry=registry,
            consent_version=CONSENT_VERSION,
        )
        copy_rows(conn, "registry_participant", pages_people.COLUMNS, rows, rebuild=True)
    with step("history"):
        run_sql(conn, "registry_historicalparticipant", HISTORY_SQL, rebuild=True)
    with step("duplicates"):
        pairs = pages_people.duplicate_rows(registry, now=now, decider=users["regency"]["id"])
        copy_rows(conn, "registry_duplicatecandidate", pages_people.DUPLICATE_COLUMNS, pairs, rebuild=True)
        if has_column(conn, "registry_participant", "open_duplicate"):
            run_sql(conn, "registry_participant", OPEN_DUPLICATE_SQL)
        if has_column(conn, "registry_duplicatecandidate", "listed"):
            # Where each pair is listed, by the action that keeps it (a few thousand pairs).
            from wirausaha.registry.duplicates.actions import sync_pair_places

            sync_pair_places(person for first, second, _score in registry.pairs for person in (first, second))
        nik_changes = run_sql(conn, "registry_nikchangerequest", NIK_CHANGES_SQL)
    programme = pages_waves.Programme()
    with step("waves, enrolments, events"):
        from wirausaha.accounts.models import User

        today = now.astimezone(ZoneInfo("Asia/Jakarta")).date()
        plans = pages_waves.wave_plans(today)
        programme.waves = pages_waves.create_waves(
            plans, now=now, admin=User.objects.get(pk=users["admin"]["id"])
        )
        enrolments, frozen = [], []
        for wave_enrolments, wave_frozen in pages_waves.enrolment_rows(
            plans,
            programme.waves,
            registry,
            now=now,
            secret=settings.SECRET_KEY,
            account_wave=ACCOUNT_WAVE,
            programme=programme,
        ):
            enrolments.extend(wave_enrolments)
            frozen.extend(wave_frozen)
        copy_rows(
            conn,
            "programs_enrolment",
            pages_waves.ENROLMENT_COLUMNS,
            enrolments,
            optional=pages_waves.ENROLMENT_OPTIONAL,
            rebuild=True,
        )
        copy_rows(conn, "programs_frozenentrant", pages_waves.FROZEN_COLUMNS, frozen, rebuild=True)
        events = run_sql(conn, "programs_enrolmentevent", pages_waves.events_sql(), rebuild=True)
        del enrolments, frozen
    with step("placement, classes, sessions, attendance, certificates"):
        made = pages_training.build_training(
            programme,
            registry,
            centres=pages_setup.centres(),
            courses=pages_setup.courses(),
            operator_centre=setup["operator_centre"],
            now=now,
            admin_id=users["admin"]["id"],
            operator_id=users["operator"]["id"],
        )
        T = pages_training
        copy_rows(conn, "centres_cohort", T.COHORT_COLUMNS, made.cohorts, rebuild=True)
        copy_rows(conn, "training_session", T.SESSION_COLUMNS, made.sessions, rebuild=True)
        copy_rows(
            conn,
            "allocation_placement",
            T.PLACEMENT_COLUMNS,
            made.placements,
            optional=T.PLACEMENT_OPTIONAL,
            rebuild=True,
        )
        copy_rows(conn, "training_attendance", T.ATTENDANCE_COLUMNS, made.attendance, rebuild=True)
        copy_rows(conn, "training_assessment", T.ASSESSMENT_COLUMNS, made.assessments, rebuild=True)
        copy_rows(
            conn,
            "documents_document",
            T.DOCUMENT_COLUMNS,
            made.documents,
            optional=T.DOCUMENT_OPTIONAL,
            rebuild=True,
        )
        copy_rows(conn, "training_certificate", T.CERTIFICATE_COLUMNS, made.certificates, rebuild=True)
        refresh_summaries(made.runs.values())
    with step("audit trail"):
        audit = run_sql(conn, "common_auditevent", AUDIT_SQL, rebuild=True)
    with step("sequences, planned classes, sessions"):
        for table in SEQUENCES.split():
            conn.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 0) + 1, false) FROM {}"
                ).format(sql.Identifier(table)),
                (table,),
            )
        planned = pages_setup.planned_cohorts(programme.waves[-1])
        pages_setup.login_sessions(users)
    # Autovacuum, some minutes after a bulk load, both analyses the tables and marks their pages
    # all-visible, which lets a count or a deep page read an index alone; done at once here.
    with step("vacuum analyze"):
        conn.execute("VACUUM ANALYZE")
    counted = COUNTED.split()
    totals = conn.execute(
        sql.SQL("SELECT {}").format(
            sql.SQL(", ").join(
                sql.SQL("(SELECT count(*) FROM {})").format(sql.Identifier(t)) for t in counted
            )
        )
    ).fetchone()
    counts = dict(zip(counted, totals, strict=True))
    conn.close()
    waves = programme.waves
    return {
        "n": n,
        "users": users,
        "operator_centre": setup["operator_centre_name"],
        # The last finished wave (the account's), the wave in training today, and the others.
        "waves": {
            "finished": waves[ACCOUNT_WAVE].code,
            "training_done": waves[5].code,
            "running": waves[6].code,
            "selected": waves[7].code,
            "closed": waves[8].code,
            "open": waves[9].code,
        },
        "runs": {wave.code: made.runs[wave.pk] for wave in waves if wave.pk in made.runs},
        "account_cohort": made.account_cohort,
        "operator_cohort": made.operator_cohorts[-1] if made.operator_cohorts else 0,
        "common_name": pages_people.COMMON_NAME,
        "rare_name": pages_people.RARE_NAME,
        "nik_prefix": registry.nik_prefix,
        "pending": registry.pending,
        "flagged": registry.flagged,
        "duplicate_pairs": len(registry.pairs),
        "nik_changes": nik_changes,
        "enrolment_states": dict(programme.counts),
        "events": events,
        "audit_events": audit,
        "planned_cohorts": planned,
        "rows": counts,
        "steps": STEPS,
        "build_s": round(sum(STEPS.values()), 1),
    }


def main() -> None:
    facts = build(int(sys.argv[1]))
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
