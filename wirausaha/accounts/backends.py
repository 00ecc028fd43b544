import phonenumbers
from django.contrib.auth.backends import ModelBackend


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


def axes_username(request, credentials) -> str | None:
    """Lockout counts failures per person, not per spelling: 0812…, 62812… and +62 812-… are one."""
    return canonical_username((credentials or {}).get("username"))


class UsernameOrPhoneBackend(ModelBackend):
    """Participants log in with their mobile number, typed any usual way (0812…, +62 812-…);
    staff with their username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        canonical = canonical_username(username)
        if user is None and canonical != username:
            user = super().authenticate(request, username=canonical, password=password, **kwargs)
        return user
