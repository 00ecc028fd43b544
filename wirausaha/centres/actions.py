"""What can happen to a cohort: a centre creates it, changes its dates, seats, trainers and
status while it is not over, or cancels it with a reason. Each runs in one transaction and
leaves an audit event."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.common.audit import field_changes, record_event
from wirausaha.common.errors import DomainError, InvalidInput, NotFound
from wirausaha.registry.answers import Invalid
from wirausaha.registry.validation import parse_name

from .models import Cohort, Course, TrainingCentre
from .queries import centres_managed_by
from .synthetic import cohort_code, cohort_number

MIN_SEATS = 1
MAX_SEATS = 100
# Starting (the first attendance) and finishing (completion) belong to training, cancelling is
# its own action with a reason: an edit never changes the status.
CLOSED_STATUSES = (Cohort.Status.FINISHED, Cohort.Status.CANCELLED)


class CohortClosed(DomainError):
    code = "cohort_closed"


def seated(cohort: Cohort) -> int:
    """People holding a seat in the cohort: placed by their wave's confirmed allocation run and
    not withdrawn. Read through the reverse relation the allocation app declares, so that this
    app needs no import from it; callers hold the cohort's row lock, as placements do."""
    return cohort.placements.filter(
        run__status="confirmed",
        enrolment__state__in=["placed", "in_training", "graduated", "not_passed", "dropped_out"],
    ).count()


def _check_manages(by: User | None, centre: TrainingCentre) -> None:
    # Views fetch through the scoped queries already; this guards every other caller. `by=None`
    # is the system (commands, demo data).
    if by is not None and not centres_managed_by(by).filter(pk=centre.pk).exists():
        raise NotFound(_("No such training centre."))


def _check(
    *,
    centre: TrainingCentre,
    starts_on: date,
    ends_on: date,
    seats: int,
    trainers: list[User],
    course: Course | None = None,
) -> None:
    errors = {}
    if course is not None and not course.is_active:
        errors["course"] = _("This course is no longer offered: choose another one.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The end date cannot be before the start date.")
    if not MIN_SEATS <= seats <= MAX_SEATS:
        errors["seats"] = _("A cohort has between %(min)d and %(max)d seats.") % {
            "min": MIN_SEATS,
            "max": MAX_SEATS,
        }
    strangers = [
        trainer
        for trainer in trainers
        if trainer.role != Role.TRAINER
        or not trainer.is_active
        or trainer.organisation_id != centre.organisation_id
    ]
    if strangers:
        errors["trainers"] = _(
            "Only active trainers of this centre can teach its cohorts, which %(names)s is not."
        ) % {"names": ", ".join(sorted(trainer.display_name for trainer in strangers))}
    if errors:
        raise InvalidInput(errors)


def _trainer_names(trainers: Iterable[User]) -> str:
    return ", ".join(sorted(trainer.username for trainer in trainers))


def _next_code(centre: TrainingCentre) -> str:
    numbers = [cohort_number(code, centre.pk) for code in centre.cohorts.values_list("code", flat=True)]
    return cohort_code(centre.pk, max([n for n in numbers if n is not None], default=0) + 1)


@transaction.atomic
def create_cohort(
    *,
    centre: TrainingCentre,
    course: Course,
    starts_on: date,
    ends_on: date,
    seats: int,
    trainers: Iterable[User] = (),
    by: User | None,
) -> Cohort:
    """A new planned cohort at an active centre: it ends on or after its start, has 1 to 100
    seats, and is taught by active trainers of the centre. Its code is the centre's next number."""
    _check_manages(by, centre)
    # The centre's row is locked so that two cohorts created at once get different numbers.
    locked = TrainingCentre.objects.select_for_update().get(pk=centre.pk)
    if locked.status != TrainingCentre.Status.ACTIVE:
        raise DomainError(_("This training centre is not active: it cannot open cohorts."))
    trainers = list(trainers)
    _check(centre=locked, course=course, starts_on=starts_on, ends_on=ends_on, seats=seats, trainers=trainers)
    cohort = Cohort.objects.create(
        centre=locked,
        course=course,
        code=_next_code(locked),
        starts_on=starts_on,
        ends_on=ends_on,
        seats=seats,
        status=Cohort.Status.PLANNED,
    )
    cohort.trainers.set(trainers)
    record_event(
        by,
        "cohort.created",
        cohort,
        changes=field_changes(
            {},
            {
                "centre": locked.short_name,
                "course": course.code,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "seats": seats,
                "trainers": _trainer_names(trainers),
            },
        ),
    )
    return cohort


@transaction.atomic
def update_cohort(
    cohort: Cohort,
    *,
    starts_on: date,
    ends_on: date,
    seats: int,
    trainers: Iterable[User],
    by: User | None,
) -> Cohort:
    """Change a cohort's dates, seats and trainers under the rules of `create_cohort`. A finished
    or cancelled cohort no longer changes."""
    _check_manages(by, cohort.centre)
    locked = Cohort.objects.select_for_update().select_related("centre").get(pk=cohort.pk)
    if locked.status in CLOSED_STATUSES:
        raise CohortClosed(
            _("This cohort is %(status)s: it can no longer be changed.")
            % {"status": Cohort.Status(locked.status).label.lower()}
        )
    trainers = list(trainers)
    _check(centre=locked.centre, starts_on=starts_on, ends_on=ends_on, seats=seats, trainers=trainers)
    taken = seated(locked)
    if seats < taken:
        raise InvalidInput(
            {
                "seats": _(
                    "%(taken)d participants are already placed in this cohort: it needs at least "
                    "%(taken)d seats. Move participants to another cohort first."
                )
                % {"taken": taken}
            }
        )
    fields = ["starts_on", "ends_on", "seats"]
    before = {field: getattr(locked, field) for field in fields}
    before["trainers"] = _trainer_names(locked.trainers.all())
    locked.starts_on, locked.ends_on, locked.seats = starts_on, ends_on, seats
    locked.save(update_fields=[*fields, "updated_at"])
    locked.trainers.set(trainers)
    after = {field: getattr(locked, field) for field in fields}
    after["trainers"] = _trainer_names(trainers)
    changes = field_changes(before, after)
    if changes:
        record_event(by, "cohort.updated", locked, changes=changes)
    return locked


@transaction.atomic
def cancel_cohort(cohort: Cohort, *, reason: str, by: User | None) -> Cohort:
    """Cancel a cohort that is not over yet; the reason is required and kept in the audit trail."""
    _check_manages(by, cohort.centre)
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if locked.status in CLOSED_STATUSES:
        raise CohortClosed(
            _("This cohort is %(status)s: it can no longer be cancelled.")
            % {"status": Cohort.Status(locked.status).label.lower()}
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput({"reason": _("Say why the cohort is cancelled.")})
    taken = seated(locked)
    if taken:
        raise CohortClosed(
            _(
                "%(taken)d participants are placed in this cohort. Move them to other cohorts "
                "before cancelling it."
            )
            % {"taken": taken}
        )
    before = locked.status
    locked.status = Cohort.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    record_event(
        by,
        "cohort.cancelled",
        locked,
        reason=reason,
        changes=field_changes({"status": before}, {"status": locked.status}),
    )
    return locked


@transaction.atomic
def set_signatory(
    centre: TrainingCentre, *, head_name: str, head_title: str, by: User | None
) -> TrainingCentre:
    """Who signs the centre's certificates from now on: its head's name and title, both required
    (a name as a legal name may be written). Certificates already issued keep their signatory."""
    _check_manages(by, centre)
    errors = {}
    head_name, head_title = (head_name or "").strip(), " ".join((head_title or "").split())
    if not head_name:
        errors["head_name"] = _("Enter the name of the centre's head, as it is printed on certificates.")
    else:
        try:
            head_name = parse_name(head_name)
        except Invalid as problem:
            errors["head_name"] = str(problem)
    if not head_title:
        errors["head_title"] = _("Enter the head's title, for example: Kepala UPTD BLK Bekasi.")
    elif len(head_title) > 160:
        errors["head_title"] = _("Use at most %(count)d characters (now %(now)d).") % {
            "count": 160,
            "now": len(head_title),
        }
    if errors:
        raise InvalidInput(errors)
    locked = TrainingCentre.objects.select_for_update().get(pk=centre.pk)
    before = {"head_name": locked.head_name, "head_title": locked.head_title}
    locked.head_name, locked.head_title = head_name, head_title
    locked.save(update_fields=["head_name", "head_title", "updated_at"])
    after = {"head_name": head_name, "head_title": head_title}
    record_event(by, "centre.signatory_changed", locked, changes=field_changes(before, after))
    return locked
