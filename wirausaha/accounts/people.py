"""How people are named: participants' usernames carry no personal data, and whoever did
something is shown by one rule everywhere (the audit trail, a record's history, decisions)."""

import secrets

from django.utils.translation import gettext as _

from wirausaha.common.masking import mask_phone, mask_text, phone_as_dialled

from .models import Role, User

PARTICIPANT_PREFIX = "p-"
_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud over the phone


def new_participant_username() -> str:
    """A unique username for a participant's account that says nothing about the person."""
    while True:
        username = PARTICIPANT_PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(10))
        if not User.objects.filter(username=username).exists():
            return username


def actor_display(user: User | None, label: str = "", *, show_identifiers: bool) -> str:
    """Who did something: a participant by name and mobile number (masked unless the reader sees
    identifiers), anyone else by username, nobody as the system. `label` is what was recorded
    when the account is gone."""
    if user is None:
        if not label or label == "system":
            return _("System")
        return label if show_identifiers else mask_text(label)
    if user.role == Role.PARTICIPANT:
        name = user.get_full_name() or _("Participant")
        if not user.phone:
            return name
        phone = phone_as_dialled(user.phone) if show_identifiers else mask_phone(user.phone)
        return f"{name} ({phone})"
    return user.username
