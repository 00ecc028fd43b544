"""The events the programme tells people about, each with its message in English (translated to
Indonesian through gettext) and the parameters its WhatsApp template takes, in order.

`notify(user, event=..., params={...})` writes the message from here in the account's language;
a caller that writes its own text passes `event=` too, so that the channel rules (WhatsApp
template, what the law requires after an opt-out) know what it is."""

from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

SERVICE = "Wirausaha"  # the service name every SMS carries (operators refuse OTP SMS without it)


class Event(models.TextChoices):
    REGISTERED = "registered", _("Registration received")
    VERIFICATION_DECIDED = "verification_decided", _("Verification decided")
    CORRECTION_NEEDED = "correction_needed", _("Correction needed")
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("Waitlisted")
    PLACED = "placed", _("Placed in a class")
    SESSION_REMINDER = "session_reminder", _("Session reminder")
    CERTIFICATE_READY = "certificate_ready", _("Certificate ready")
    COUNSELOR_ASSIGNED = "counselor_assigned", _("Counselor assigned")
    PLAN_DECIDED = "plan_decided", _("Business plan decided")
    REFERRAL_DECIDED = "referral_decided", _("Referral decided")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    GRIEVANCE_UPDATED = "grievance_updated", _("Complaint updated")
    AGENDA_READY = "agenda_ready", _("Business-matching agenda ready")
    ONE_TIME_CODE = "one_time_code", _("One-time code")


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    params: tuple[str, ...]  # the WhatsApp template's body parameters, {{1}}, {{2}}, … in order
    essential: bool = False  # sent even after the person stopped every channel (the law requires it)


TEXTS: dict[str, Text] = {
    Event.REGISTERED: Text(
        _("Your registration is received"),
        _(
            "Your registration in Wirausaha is received, %(name)s. An officer will check your data; "
            "we will tell you the result."
        ),
        ("name",),
    ),
    Event.VERIFICATION_DECIDED: Text(
        _("Your data has been checked"),
        _("Your data in Wirausaha has been checked: %(decision)s. See your page for the details."),
        ("decision",),
    ),
    Event.CORRECTION_NEEDED: Text(
        _("Please correct your data"),
        _("Your data in Wirausaha needs a correction: %(reason)s. Correct it on your page."),
        ("reason",),
    ),
    Event.SELECTED: Text(
        _("You are selected for %(wave)s"),
        _("You were drawn for a place in %(wave)s of Wirausaha. We will tell you your class."),
        ("wave",),
    ),
    Event.WAITLISTED: Text(
        _("You are on the waitlist of %(wave)s"),
        _(
            "All places in %(wave)s of Wirausaha were drawn. You are on the waitlist, number %(rank)s in "
            "your area."
        ),
        ("wave", "rank"),
    ),
    Event.PLACED: Text(
        _("Your class: %(cohort)s"),
        _("Wirausaha: you are placed in class %(cohort)s at %(centre)s. The class starts on %(start)s."),
        ("cohort", "centre", "start"),
    ),
    Event.SESSION_REMINDER: Text(
        _("Reminder: %(session)s"),
        _("Reminder from Wirausaha: %(session)s on %(when)s."),
        ("session", "when"),
    ),
    Event.CERTIFICATE_READY: Text(
        _("Your certificate is ready"),
        _("Your Wirausaha certificate %(number)s is issued. Download it from your page."),
        ("number",),
    ),
    Event.COUNSELOR_ASSIGNED: Text(
        _("Your business counselor"),
        _("%(counselor)s is your business counselor in Wirausaha from now on."),
        ("counselor",),
    ),
    Event.PLAN_DECIDED: Text(
        _("Decision on your business plan"),
        _("Your business plan in Wirausaha: %(decision)s. See your page."),
        ("decision",),
    ),
    Event.REFERRAL_DECIDED: Text(
        _("Decision on your financing referral"),
        _("%(partner)s decided on your financing referral in Wirausaha: %(decision)s. See your page."),
        ("partner", "decision"),
    ),
    Event.FOLLOW_UP_DUE: Text(
        _("Tell us how your business is doing"),
        _("It is time for your %(months)s-month follow-up in Wirausaha. Please answer on your page."),
        ("months",),
    ),
    Event.GRIEVANCE_UPDATED: Text(
        _("Your complaint %(code)s was updated"),
        _("Your complaint %(code)s in Wirausaha has a new status: %(status)s."),
        ("code", "status"),
    ),
    Event.AGENDA_READY: Text(
        _("Your agenda for %(event)s"),
        _(
            "Wirausaha: your agenda for %(event)s on %(date)s is ready: %(meetings)s meetings. "
            "Download it from the event's page."
        ),
        ("event", "date", "meetings"),
    ),
    Event.ONE_TIME_CODE: Text(
        _("Your Wirausaha code"),
        _(
            "Your Wirausaha code is %(code)s. It is valid for %(minutes)s minutes. Do not give it to "
            "anyone: officers never ask for it."
        ),
        ("code",),
        essential=True,
    ),
}


def is_essential(event: str) -> bool:
    text = TEXTS.get(event)
    return bool(text and text.essential)


def template_name(event: str) -> str:
    return f"wirausaha_{event}"


def template_category(event: str) -> str:
    return "AUTHENTICATION" if event == Event.ONE_TIME_CODE else "UTILITY"


def render(event: str, params: dict, language: str) -> tuple[str, str]:
    """The event's subject and body in `language`, with `params` filled in."""
    text = TEXTS[event]
    values = {name: str(value) for name, value in params.items()}
    with translation.override(language):
        return str(text.subject) % values, str(text.body) % values
