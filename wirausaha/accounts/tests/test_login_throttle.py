"""The login policy against guessing (issue #25): per address, per account, and who the client is."""

from http import HTTPStatus
from unittest import mock

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client, RequestFactory

from wirausaha.accounts.models import Role
from wirausaha.common.client import client_ip
from wirausaha.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def log_in(client, username, password, **extra):
    return client.post("/masuk/", {"username": username, "password": password}, **extra)


class HashCount:
    """Counts every Argon2 run (a check of a password, or the dummy run for an unknown username)."""

    def __init__(self):
        self.count = 0

    def __enter__(self):
        encode, verify = Argon2PasswordHasher.encode, Argon2PasswordHasher.verify

        def counted(method):
            def run(*args, **kwargs):
                self.count += 1
                return method(*args, **kwargs)

            return run

        self.patches = [
            mock.patch.object(Argon2PasswordHasher, "encode", counted(encode)),
            mock.patch.object(Argon2PasswordHasher, "verify", counted(verify)),
        ]
        for patch in self.patches:
            patch.start()
        return self

    def __exit__(self, *exc):
        for patch in self.patches:
            patch.stop()


def test_spraying_many_accounts_from_one_address_is_refused_without_hashing(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    for number in range(5):
        make_user(f"staf{number}", Role.REGENCY_OFFICER, region="32.16")
    usernames = [f"staf{number % 5}" if number % 2 else f"nobody{number}" for number in range(20)]
    with HashCount() as hashes:
        statuses = [log_in(client, username, "wrong-password").status_code for username in usernames]
    assert statuses[:10] == [HTTPStatus.OK] * 10  # the form again, with its error
    assert statuses[10:] == [HTTPStatus.TOO_MANY_REQUESTS] * 10
    assert hashes.count == 10  # none for the refused attempts
    response = log_in(client, "staf1", PASSWORD)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "jaringan Anda" in response.content.decode()
    # Another address is not concerned.
    assert log_in(Client(REMOTE_ADDR="10.9.9.9"), "staf1", PASSWORD).status_code == HTTPStatus.FOUND


def test_an_attacker_locking_an_account_does_not_lock_out_its_owner(settings):
    owner = make_user("korban", Role.REGENCY_OFFICER, region="32.16")
    at_home = Client(REMOTE_ADDR="10.0.0.2")  # the owner has logged in from here before
    assert log_in(at_home, owner.username, PASSWORD).status_code == HTTPStatus.FOUND
    at_home.post("/keluar/")
    phone = Client(REMOTE_ADDR="10.0.0.3")  # the owner's phone, on another network later
    assert log_in(phone, owner.username, PASSWORD).status_code == HTTPStatus.FOUND
    phone.post("/keluar/")
    phone.defaults["REMOTE_ADDR"] = "10.0.0.4"

    attacker = Client(REMOTE_ADDR="10.6.6.6")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(attacker, owner.username, "guess-guess")
    assert log_in(attacker, owner.username, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS
    # A stranger's browser is locked out of that account too...
    assert log_in(Client(REMOTE_ADDR="10.7.7.7"), owner.username, PASSWORD).status_code == 429
    # ...but not the owner: from an address they logged in from, or from a known device.
    assert log_in(at_home, owner.username, PASSWORD).status_code == HTTPStatus.FOUND
    assert log_in(phone, owner.username, PASSWORD).status_code == HTTPStatus.FOUND


def test_a_known_device_is_still_locked_by_its_own_failures(settings):
    owner = make_user("lupa", Role.REGENCY_OFFICER, region="32.16")
    browser = Client(REMOTE_ADDR="10.0.0.5")
    assert log_in(browser, owner.username, PASSWORD).status_code == HTTPStatus.FOUND
    browser.post("/keluar/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(browser, owner.username, "guess-guess")
    assert log_in(browser, owner.username, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_the_proxy_header_is_believed_only_when_configured(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_HEADER, settings.TRUSTED_PROXY_COUNT = "X-Forwarded-For", 1
    assert client_ip(request) == "5.6.7.8"  # what our proxy saw; 1.2.3.4 came from the client
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.1"  # fewer entries than proxies: not believed
    garbage = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(garbage) == "10.0.0.1"


def test_behind_a_proxy_each_client_has_its_own_limit_and_spoofing_does_not_help(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    make_user("staf", Role.REGENCY_OFFICER, region="32.16")
    proxy = Client(REMOTE_ADDR="10.0.0.1")

    # Without the setting, everyone behind the proxy is one address, whatever the header says.
    for number in range(3):
        log_in(proxy, f"x{number}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    response = log_in(proxy, "staf", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS

    settings.TRUSTED_PROXY_HEADER, settings.TRUSTED_PROXY_COUNT = "X-Forwarded-For", 1
    for number in range(3):  # an attacker rotating a forged first entry stays one address
        log_in(proxy, f"y{number}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.66")
    assert log_in(proxy, "staf", PASSWORD, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.66").status_code == 429
    # Another client behind the same proxy is not refused.
    assert (
        log_in(proxy, "staf", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == HTTPStatus.FOUND
    )
