import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Personas are made in almost every test here; Argon2 would spend a quarter second on each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
