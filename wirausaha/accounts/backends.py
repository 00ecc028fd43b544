import phonenumbers
from django.contrib.auth.backends import ModelBackend

from .models import Role, User


def canonical_username(username: str | None) -> str | None:
    """A mobile number in E.164 whatever way it was typed; any other username as it is."""
    if (
        not username
        or not any(char.isdigit() for char in username)
        or any(char.isalpha() for char in username)
    ):
        return username
    try:
        number = phonenumbers.parse(username, "ID")
    except phonenumbers.NumberParseException:
        return username
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _participant_account(phone: str | None) -> User | None:
    # By the participant's record (the registry's, reached by the relation's name, so this app
    # imports nothing above it): the account's username is not the number (people.py).
    if not phone or not phone.startswith("+"):
        return None
    return (
        User.objects.filter(role=Role.PARTICIPANT, is_active=True, participant__phone=phone)
        .order_by("pk")
        .first()
    )


def axes_username(request, credentials) -> str | None:
    """Lockout counts failures per person, not per spelling: 0812…, 62812… and +62 812-… are one,
    and the same as the account's username."""
    canonical = canonical_username((credentials or {}).get("username"))
    account = _participant_account(canonical)
    return account.username if account is not None else canonical


class UsernameOrPhoneBackend(ModelBackend):
    """Participants log in with their mobile number, typed any usual way (0812…, +62 812-…),
    which is found on their record; staff with their username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            return user
        account = _participant_account(canonical_username(username))
        if account is None:
            return None
        return super().authenticate(request, username=account.username, password=password, **kwargs)
