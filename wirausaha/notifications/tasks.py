from django_tasks import task

from .delivery import deliver, deliver_batch
from .models import Message

# Messages per delivery task when many are queued at once (actions.notify_many).
BATCH = 100


@task()
def deliver_message(message_id: int) -> None:
    """Deliver one message; one put back in the queue for a later try (a failure, a rate limit, the
    per-number throttle) is queued again for that time when the task backend can defer, and
    otherwise by the sweep (stale.py) once it is due."""
    message = deliver(Message.objects.select_related("recipient").get(pk=message_id))
    retry = message.status == Message.Status.QUEUED and message.next_attempt_at is not None
    if retry and deliver_message.get_backend().supports_defer:
        deliver_message.using(run_after=message.next_attempt_at).enqueue(message_id=message.pk)


@task()
def deliver_messages(message_ids: list[int]) -> None:
    """Deliver a batch of messages (delivery.deliver_batch); those to be tried later are queued
    again as one task, due when the last of them is (or left to the sweep, as above)."""
    later = deliver_batch(message_ids)
    if later and deliver_messages.get_backend().supports_defer:
        due = max(message.next_attempt_at for message in later)
        deliver_messages.using(run_after=due).enqueue(message_ids=[message.pk for message in later])
