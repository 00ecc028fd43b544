import pytest


@pytest.fixture(autouse=True)
def demo_settings(settings, tmp_path):
    """seed_demo runs only with DEBUG; the certificates it draws go to a temporary folder; quick
    password hashing for the demo accounts."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
