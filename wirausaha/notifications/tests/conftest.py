import pytest

from wirausaha.accounts.models import Role
from wirausaha.notifications.fakegateway import FakeGateway
from wirausaha.testing import make_user


@pytest.fixture
def gateway(settings):
    """A fake SMS and WhatsApp gateway on the loopback, and the settings pointing both channels to it."""
    with FakeGateway() as fake:
        settings.SMS_GATEWAY_URL = fake.url + "sms"
        settings.SMS_GATEWAY_USERNAME = "wirausaha"
        settings.SMS_GATEWAY_PASSWORD = "rahasia"
        settings.SMS_GATEWAY_TOKEN = ""
        settings.SMS_SENDER_NAME = "WIRAUSAHA"
        settings.WHATSAPP_API_URL = fake.url + "v21.0"
        settings.WHATSAPP_PHONE_NUMBER_ID = "1234567890"
        settings.WHATSAPP_TOKEN = "token-uji"
        settings.NOTIFICATION_TIMEOUT_SECONDS = 0.5
        settings.NOTIFICATION_RETRY_SECONDS = 30
        settings.NOTIFICATION_MAX_ATTEMPTS = 3
        settings.NOTIFICATION_PER_NUMBER_PER_MINUTE = 5
        fake.slow_seconds = 1.5
        yield fake


@pytest.fixture
def siti(db):
    """A participant with a mobile number and an email address."""
    user = make_user("siti", Role.PARTICIPANT)
    user.phone = "0812-3456-7890"
    user.email = "siti@example.org"
    user.save(update_fields=["phone", "email"])
    return user
