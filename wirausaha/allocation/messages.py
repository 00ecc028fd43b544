"""What a participant is told about their class: the message, and telling everyone a confirmed run
placed (the body of the `notify_placements` task, so it lives below the actions that enqueue it)."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wirausaha.centres.models import Cohort
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.programs.models import EnrolmentState

from .models import AllocationRun, Placement

S = EnrolmentState
# Placements read per query while telling a run's participants.
BATCH = 2000
# Placements told and marked per transaction.
TELL_BATCH = 500


def _class_text(cohort: Cohort) -> dict[str, str]:
    return {
        "cohort": cohort.code,
        "course": cohort.course.title,
        "centre": cohort.centre.name,
        "address": cohort.centre.address or cohort.centre.region.name,
        "starts": date_format(cohort.starts_on, "j F Y"),
        "ends": date_format(cohort.ends_on, "j F Y"),
    }


def placement_message(placement: Placement, *, moved: bool = False, user=None) -> tuple[str, str]:
    """Subject and body telling a participant their class, in `user`'s account language (the
    programme's language without one)."""
    with in_recipients_language(user=user):
        values = {**_class_text(placement.cohort), "wave": placement.run.wave.code}
        subject = (
            _("Your training class has changed") if moved else _("Your training class in %(wave)s") % values
        )
        body = (
            _(
                "You are now in class %(cohort)s: %(course)s at %(centre)s (%(address)s), "
                "from %(starts)s to %(ends)s."
            )
            if moved
            else _(
                "You are placed in class %(cohort)s: %(course)s at %(centre)s (%(address)s), "
                "from %(starts)s to %(ends)s."
            )
        ) % values
        body += " " + _("Training is free of charge: nobody may ask you for a fee.")
        return subject, body


def placement_params(placement: Placement, *, user=None) -> dict[str, str]:
    """The `placed` event's parameters (its WhatsApp template) for a placement in a class, the
    start date written in `user`'s language."""
    cohort = placement.cohort
    with in_recipients_language(user=user):
        start = date_format(cohort.starts_on, "j F Y")
    return {"cohort": cohort.code, "centre": cohort.centre.name, "start": start}


def notify_placed(run: AllocationRun) -> int:
    """Tell each participant with an account whom `run` placed (and who is still placed) their
    class, once. Resumable: each batch is told and marked (`notified_at`) in one transaction that
    also touches the run's heartbeat, so a worker killed part-way leaves only the rest untold, and
    the sweep (actions.resume_stale_notifications) queues them again. Returns how many were told."""
    told = 0
    while True:
        with transaction.atomic():
            batch = list(
                run.placements.filter(
                    notified_at__isnull=True,
                    cohort__isnull=False,
                    enrolment__state=S.PLACED,
                    enrolment__participant__user__isnull=False,
                )
                .select_related(
                    "run__wave", "cohort__centre__region", "cohort__course", "enrolment__participant__user"
                )
                .defer("run__summary")  # decoded once per row otherwise (models.AllocationRun.summary)
                .order_by("pk")
                .select_for_update(skip_locked=True, of=("self",))[:TELL_BATCH]
            )
            if not batch:
                break
            for placement in batch:
                user = placement.enrolment.participant.user
                subject, body = placement_message(placement, user=user)
                notify(
                    user,
                    subject=subject,
                    body=body,
                    event="placed",
                    params=placement_params(placement, user=user),
                )
            now = timezone.now()
            Placement.objects.filter(pk__in=[placement.pk for placement in batch]).update(notified_at=now)
            AllocationRun.objects.filter(pk=run.pk).update(notify_heartbeat_at=now)
            told += len(batch)
    AllocationRun.objects.filter(pk=run.pk).update(notify_heartbeat_at=None)
    return told
