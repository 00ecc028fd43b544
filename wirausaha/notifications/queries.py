from django.db.models import QuerySet

from .models import Message


def messages_for(user) -> QuerySet[Message]:
    """A person's own messages, newest first."""
    if not user.is_authenticated:
        return Message.objects.none()
    return Message.objects.filter(recipient=user)
