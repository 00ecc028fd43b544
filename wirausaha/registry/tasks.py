from django_tasks import task

from .imports import run_import
from .models import ImportJob


@task()
def run_import_job(job_id: int) -> None:
    run_import(ImportJob.objects.get(pk=job_id))
