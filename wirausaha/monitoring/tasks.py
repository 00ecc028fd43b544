"""Background work of monitoring: recomputing the indicator summary."""

from django_tasks import task

from . import summary


@task()
def refresh_indicator_summary(run_id: int | None = None) -> int:
    return summary.refresh(run_id=run_id).cells
