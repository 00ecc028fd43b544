from django_tasks import task

from .imports import run_import
from .models import ImportJob, Participant


@task()
def run_import_job(job_id: int) -> None:
    run_import(ImportJob.objects.get(pk=job_id))


@task()
def queue_duplicates_task(participant_id: int) -> None:
    """Duplicate lookups run after the registration, so they add nothing to its response time."""
    from .duplicates import queue_duplicates_of

    participant = Participant.objects.filter(pk=participant_id, merged_into__isnull=True).first()
    if participant is not None:
        queue_duplicates_of(participant)
