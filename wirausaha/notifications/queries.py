from django.db.models import Count, Q, QuerySet, Sum

from wirausaha.accounts.models import Role

from .models import Message, WhatsAppTemplate


def messages_for(user) -> QuerySet[Message]:
    """A person's own messages, newest first."""
    if not user.is_authenticated:
        return Message.objects.none()
    return Message.objects.filter(recipient=user)


def failed_messages_for(user) -> QuerySet[Message]:
    """The person's messages that could not be delivered (shown on their own page)."""
    return messages_for(user).filter(status=Message.Status.FAILED)


def manages_templates(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.NATIONAL_ADMIN


def reads_delivery(user) -> bool:
    """National admins and auditors see the delivery statistics and the messages that failed."""
    return user.is_authenticated and user.is_active and user.role in (Role.NATIONAL_ADMIN, Role.AUDITOR)


def templates_visible_to(user) -> QuerySet[WhatsAppTemplate]:
    return WhatsAppTemplate.objects.all() if manages_templates(user) else WhatsAppTemplate.objects.none()


def get_template_for(user, pk: int) -> WhatsAppTemplate:
    return templates_visible_to(user).get(pk=pk)


def delivery_statistics(user) -> list[dict]:
    """Per channel: messages by status and the tries beyond the first (one query)."""
    if not reads_delivery(user):
        return []
    statuses = {status: Count("pk", filter=Q(status=status)) for status in Message.Status.values}
    return list(
        Message.objects.values("channel")
        .annotate(total=Count("pk"), tries=Sum("attempts"), **statuses)
        .order_by("channel")
    )


def failed_messages_visible_to(user) -> QuerySet[Message]:
    if not reads_delivery(user):
        return Message.objects.none()
    return (
        Message.objects.filter(status=Message.Status.FAILED)
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )
