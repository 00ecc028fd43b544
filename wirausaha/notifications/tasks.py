from django_tasks import task

from .delivery import deliver
from .models import Message


@task()
def deliver_message(message_id: int) -> None:
    """Deliver one message; one put back in the queue for a later try (a failure, a rate limit, the
    per-number throttle) is queued again for that time when the task backend can defer, and
    otherwise by the sweep (stale.py) once it is due."""
    message = deliver(Message.objects.select_related("recipient").get(pk=message_id))
    retry = message.status == Message.Status.QUEUED and message.next_attempt_at is not None
    if retry and deliver_message.get_backend().supports_defer:
        deliver_message.using(run_after=message.next_attempt_at).enqueue(message_id=message.pk)
