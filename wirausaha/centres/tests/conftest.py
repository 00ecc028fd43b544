import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Personas are made in almost every test here; Argon2 would spend a quarter second on each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_messages():
    """Actions speak the active language (Indonesian by default): the tests read the English
    source messages. Pages choose their own language per request (see `english`)."""
    with translation.override("en"):
        yield


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
