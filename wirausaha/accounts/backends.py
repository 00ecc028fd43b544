import phonenumbers
from django.contrib.auth.backends import ModelBackend


class UsernameOrPhoneBackend(ModelBackend):
    """Participants log in with their mobile number, typed any usual way (0812…, +62 812-…);
    staff with their username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username and any(char.isdigit() for char in username):
            try:
                number = phonenumbers.parse(username, "ID")
            except phonenumbers.NumberParseException:
                return None
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if e164 != username:
                user = super().authenticate(request, username=e164, password=password, **kwargs)
        return user
