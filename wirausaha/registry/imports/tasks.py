from django_tasks import task

from ..models import ImportJob
from .run import run_import


@task()
def run_import_job(job_id: int) -> None:
    run_import(ImportJob.objects.get(pk=job_id))
