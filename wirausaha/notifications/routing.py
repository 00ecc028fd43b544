"""Which channel a message takes, from the person's choices (ChannelConsent), the address on
record and the WhatsApp templates' status. Decided when the message is queued and kept on it."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .events import is_essential
from .models import CHOOSABLE, Channel, ChannelConsent, Message, WhatsAppTemplate


@dataclass(frozen=True)
class Route:
    channel: str
    address: str
    status: str = Message.Status.QUEUED
    note: str = ""


def e164(phone: str) -> str:
    """An Indonesian mobile number as the gateways take it: digits, country code 62 first."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits if len(digits) >= 10 else ""


def phone_of(user) -> str:
    """The person's mobile number: on the account, or on their participant record (reached by the
    relation's name, so that this app imports nothing above it)."""
    if user.phone:
        return e164(user.phone)
    try:
        return e164(user.participant.phone)
    except ObjectDoesNotExist:
        return ""


def choices_of(user) -> dict[str, bool]:
    """The person's current choice per channel (the latest record); a channel never chosen is absent."""
    choices: dict[str, bool] = {}
    for channel, opted_in in ChannelConsent.objects.filter(user=user).values_list("channel", "opted_in"):
        choices.setdefault(channel, opted_in)  # newest first (the model's ordering)
    return choices


def default_channel() -> str:
    return import_string(settings.NOTIFICATION_ADAPTER).channel


def template_approved(event: str, language: str) -> bool:
    return (
        bool(event)
        and WhatsAppTemplate.objects.filter(
            event=event, language=language, status=WhatsAppTemplate.Status.APPROVED
        ).exists()
    )


def address_for(channel: str, user) -> str:
    if channel in (Channel.SMS, Channel.WHATSAPP):
        return phone_of(user)
    if channel == Channel.EMAIL:
        return user.email or ""
    return phone_of(user) or user.email or ""


def choices_of_many(users) -> dict[int, dict[str, bool]]:
    """choices_of for many people in one query: {user id: {channel: opted in}}."""
    choices: dict[int, dict[str, bool]] = {user.pk: {} for user in users}
    rows = ChannelConsent.objects.filter(user__in=list(choices)).values_list("user_id", "channel", "opted_in")
    for user_id, channel, opted_in in rows:
        choices[user_id].setdefault(channel, opted_in)  # newest first (the model's ordering)
    return choices


def route(user, event: str = "", *, choices: dict[str, bool] | None = None, approved=None) -> Route:
    """The first channel the person opted in to that can reach them (WhatsApp only with an approved
    template for the event in their language, else by SMS, saying so); without any choice, the
    default channel. After the person stopped every channel, only what the law requires is sent
    (by SMS); the rest stays in the app. `choices` (choices_of) and `approved` (a function like
    template_approved) may be given by a caller routing many messages at once."""
    choices = choices_of(user) if choices is None else choices
    approved = approved or template_approved
    phone = phone_of(user)
    note = ""
    for channel in CHOOSABLE:
        if not choices.get(channel):
            continue
        if channel == Channel.WHATSAPP and phone:
            if approved(event, user.language):
                return Route(channel, phone)
            with translation.override(user.language):
                note = _("The WhatsApp template for this message is not approved: sent by SMS.")
            return Route(Channel.SMS, phone, note=note)
        if channel == Channel.SMS and phone:
            return Route(channel, phone)
        if channel == Channel.EMAIL and user.email:
            return Route(channel, user.email)
    default = default_channel()
    stopped = all(choices.get(channel) is False for channel in CHOOSABLE) or choices.get(default) is False
    if stopped:
        if is_essential(event) and phone:
            with translation.override(user.language):
                note = _("Sent although messages are stopped: required.")
            return Route(Channel.SMS, phone, note=note)
        return Route(default, address_for(default, user), status=Message.Status.IN_APP)
    return Route(default, address_for(default, user))
