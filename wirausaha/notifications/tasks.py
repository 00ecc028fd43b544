from django_tasks import task

from .delivery import deliver
from .models import Message


@task()
def deliver_message(message_id: int) -> None:
    deliver(Message.objects.select_related("recipient").get(pk=message_id))
