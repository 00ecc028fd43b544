"""This app's part of the sweep of jobs whose worker stopped (registry's `sweep_stale_jobs`): the
dossiers of referrals sent more than settings.STALE_JOB_SECONDS ago and still not drawn, when no
drawing waits in the queue, are queued again. One indexed query when nothing is missing."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import Referral
from .tasks import render_referral_dossier


def requeue_stale_dossiers() -> int:
    cutoff = timezone.now() - timedelta(seconds=settings.STALE_JOB_SECONDS)
    undrawn = Referral.objects.filter(dossier_rendered_at__isnull=True, updated_at__lt=cutoff)
    if not undrawn.exists():
        return 0
    if DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=render_referral_dossier.module_path
    ).exists():
        return 0
    ids = list(undrawn.order_by("pk").values_list("pk", flat=True)[:1000])
    for pk in ids:
        render_referral_dossier.enqueue(referral_id=pk)
    return len(ids)


def sweep() -> dict[str, int]:
    return {"referral dossiers queued again": requeue_stale_dossiers()}
