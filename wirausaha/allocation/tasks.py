from django_tasks import task

from .messages import notify_placed
from .models import AllocationRun


@task()
def notify_placements(run_id: int) -> int:
    """Tell the participants a confirmed run placed their class: thousands of messages, so after
    the confirmation's commit and outside its request."""
    return notify_placed(AllocationRun.objects.select_related("wave").get(pk=run_id))
