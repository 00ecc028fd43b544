"""The final assessment and the completion of a cohort: graduates get their certificates."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.allocation.queries import cohort_roster
from wirausaha.centres.models import Cohort
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.programs.actions import bulk_transition, follow_training

from .. import completion
from ..certificates.actions import issue_certificates
from ..models import Assessment
from ..queries import (
    completion_standings,
    local_today,
)
from .rules import (
    CompletionError,
    S,
    _lock,
    _require_manager,
    _require_open,
    _require_teacher,
)
from .start import _start, _waves_of

# Assessment and completion ---------------------------------------------------------------


@transaction.atomic
def record_assessment(
    cohort: Cohort, *, by: User | None, scores: dict[int, int], now: datetime | None = None
) -> int:
    """Store final assessment scores (0-100) by enrolment id; passed means at or above the course's
    pass score. Changes are audited with their before and after. Returns how many changed."""
    now = now or timezone.now()
    cohort = _lock(cohort)
    _require_teacher(by, cohort)
    _require_open(cohort)
    roster = dict(cohort_roster(cohort).values_list("pk", "state"))
    errors = {}
    for enrolment_id, score in scores.items():
        if enrolment_id not in roster:
            errors[f"scores.{enrolment_id}"] = _("Not on this cohort's roster.")
        elif roster[enrolment_id] != S.IN_TRAINING:
            errors[f"scores.{enrolment_id}"] = _("Only participants in training are assessed.")
        elif not isinstance(score, int) or not 0 <= score <= 100:
            errors[f"scores.{enrolment_id}"] = _("A score is a whole number from 0 to 100.")
    if errors:
        raise InvalidInput(errors)
    existing = dict(cohort.assessments.values_list("enrolment_id", "score"))
    changed = {pk: score for pk, score in scores.items() if existing.get(pk) != score}
    if not changed:
        return 0
    pass_score = cohort.course.pass_score
    Assessment.objects.bulk_create(
        [
            Assessment(
                cohort=cohort,
                enrolment_id=pk,
                score=score,
                passed=score >= pass_score,
                assessed_at=now,
                assessed_by=by,
            )
            for pk, score in changed.items()
        ],
        update_conflicts=True,
        unique_fields=["cohort", "enrolment"],
        update_fields=["score", "passed", "assessed_at", "assessed_by"],
    )
    record_event(
        by,
        "assessment.recorded",
        cohort,
        changes={str(pk): [existing.get(pk), score] for pk, score in sorted(changed.items())},
    )
    return len(changed)


def completion_blocker(cohort: Cohort, *, now: datetime) -> str:
    """Why the cohort cannot be completed now (empty when it can): it must be running, have
    sessions, and be past its last day or have all its sessions over."""
    if cohort.status == Cohort.Status.FINISHED:
        return _("This cohort is completed already.")
    if cohort.status != Cohort.Status.RUNNING:
        return _("Only a running cohort can be completed: it has not started.")
    last_end = cohort.sessions.aggregate(last=Max("ends_at"))["last"]
    if last_end is None:
        return _("The cohort has no sessions.")
    if not (local_today(cohort, now) > cohort.ends_on or last_end <= now):
        return _(
            "The cohort ends on %(day)s: complete it after that day, or once all its sessions are over."
        ) % {"day": cohort.ends_on.strftime("%d/%m/%Y")}
    return ""


@transaction.atomic
def complete_cohort(cohort: Cohort, *, by: User | None, now: datetime | None = None) -> dict:
    """Close a running cohort after its last day (or once all its sessions are over): everyone in
    training graduates with enough attendance over the whole schedule and, where required, a passed
    assessment. Below the minimum attendance they drop out (reason "attendance"); with enough
    attendance but no passing score they are not passed (reason "assessment"): they completed the
    training, they did not leave it. Each graduate gets a certificate. `by` None is the system."""
    now = now or timezone.now()
    cohort = _lock(cohort)
    _require_manager(by, cohort)
    blocker = completion_blocker(cohort, now=now)
    if blocker:
        raise CompletionError(blocker)
    # Someone seated in the cohort who never came went into training all the same, and leaves it
    # through the same door as the others.
    _start(cohort, by=by)
    standings = completion_standings(cohort, now=now)
    graduates = [s.enrolment.pk for s in standings if s.outcome.graduates]
    failed = [s.enrolment.pk for s in standings if s.outcome.reason == completion.ASSESSMENT]
    short = [s.enrolment.pk for s in standings if s.outcome.reason == completion.ATTENDANCE]

    def move(ids: list[int], to: str, reason: str) -> int:
        return bulk_transition({S.IN_TRAINING: ids}, to, by=by, reason=reason) if ids else 0

    graduated = move(graduates, S.GRADUATED, "completed")
    not_passed = move(failed, S.NOT_PASSED, completion.ASSESSMENT)
    dropped = {completion.ATTENDANCE: move(short, S.DROPPED_OUT, completion.ATTENDANCE)}
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.FINISHED, updated_at=now)
    cohort.status = Cohort.Status.FINISHED
    record_event(
        by,
        "cohort.completed",
        cohort,
        changes={
            "status": ["running", "finished"],
            "graduated": [0, graduated],
            "not_passed": [0, not_passed],
            **{f"dropped_out_{reason}": [0, n] for reason, n in dropped.items()},
        },
    )
    certificates = issue_certificates(
        cohort=cohort, enrolments=cohort_roster(cohort).filter(pk__in=graduates, state=S.GRADUATED), by=by
    )
    follow_training(_waves_of(cohort), by=by)
    return {
        "graduated": graduated,
        "not_passed": not_passed,
        "dropped_out": dropped,
        "certificates": len(certificates),
    }
