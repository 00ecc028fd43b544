"""Nobody learns from the registration whether a NIK (or a mobile number) is registered (issue
#25, item 12): step 1 and the end answer alike, the owner proves control of the phone on record
with a one-time code through the outbox, and probing is throttled per address and per NIK."""

import re
from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from wirausaha.accounts.codes import issue_code, use_code
from wirausaha.accounts.models import OneTimeCode, Role, User
from wirausaha.notifications.models import Message
from wirausaha.registry.models import Participant
from wirausaha.registry.nik import build_nik
from wirausaha.testing import make_participant, make_user

from .test_registration import ACCOUNT, NIK, STEP_DATA, fill_steps, post_step, step_url

CODE_PAGE = "/peserta/daftar/kode/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def owner():
    """Someone registered already, born on the same day as the person in STEP_DATA, with an
    account and the number +6285711112222 on record."""
    user = make_user("p-owner00001", Role.PARTICIPANT)
    return make_participant(
        "Sri Wahyuni",
        birth_date=date(1988, 4, 12),
        village="32.16.01.2002",
        user=user,
        phone="+6285711112222",
    )


def new_client(address: str = "10.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=address)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_seen(response, *typed: str) -> str:
    """The page without what differs per visit (the CSRF token) or what the person typed."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    for value in typed:
        html = html.replace(value, "TYPED")
    return html


def templates_of(response) -> list[str]:
    return [template.name for template in response.templates]


def finish(client, nik: str, phone: str = STEP_DATA[2]["phone"]):
    steps = {**STEP_DATA, 1: {**STEP_DATA[1], "nik": nik}, 2: {**STEP_DATA[2], "phone": phone}}
    for number in range(1, 5):
        response = post_step(client, number, steps[number])
        assert response.status_code == HTTPStatus.FOUND
    return client.post(step_url(5), ACCOUNT, follow=True)


def code_in(message: Message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_step_one_answers_a_registered_and_a_new_nik_alike(owner):
    registered, new = new_client(), new_client()

    answers = [
        post_step(client, 1, {**STEP_DATA[1], "nik": nik})
        for client, nik in ((registered, owner.nik), (new, NIK))
    ]
    assert [answer.status_code for answer in answers] == [HTTPStatus.FOUND, HTTPStatus.FOUND]
    assert answers[0]["Location"] == answers[1]["Location"] == step_url(2)

    # With a mistake elsewhere on the page, the page itself is the same apart from the NIK typed.
    pages = [
        post_step(client, 1, {**STEP_DATA[1], "nik": nik, "full_name": ""})
        for client, nik in ((registered, owner.nik), (new, NIK))
    ]
    assert pages[0].status_code == pages[1].status_code == HTTPStatus.OK
    assert templates_of(pages[0]) == templates_of(pages[1])
    assert as_seen(pages[0], owner.nik) == as_seen(pages[1], NIK)
    assert "already registered" not in pages[0].content.decode()


def test_the_end_answers_a_registered_and_a_new_nik_alike(owner):
    registered, new = new_client(), new_client()

    answers = [finish(registered, owner.nik), finish(new, NIK)]

    assert [answer.redirect_chain for answer in answers] == [[(CODE_PAGE, HTTPStatus.FOUND)]] * 2
    assert answers[0].status_code == answers[1].status_code == HTTPStatus.OK
    assert templates_of(answers[0]) == templates_of(answers[1])
    assert as_seen(answers[0]) == as_seen(answers[1])
    assert "Sri Wahyuni" not in answers[0].content.decode()


def test_a_number_with_an_account_at_the_end_gets_the_same_answer_and_its_owner_the_code(owner):
    typist = new_client()

    answer = finish(typist, NIK, phone="0857-1111-2222")

    assert answer.redirect_chain == [(CODE_PAGE, HTTPStatus.FOUND)]
    assert not Participant.objects.filter(nik=NIK).exists()
    assert [message.recipient for message in Message.objects.all()] == [owner.user]


def test_the_owner_gets_the_code_and_nobody_else_learns_anything(owner):
    typist = new_client()

    answer = finish(typist, owner.nik, phone="0812 9999 0000")

    (message,) = Message.objects.all()
    assert message.recipient == owner.user
    code = code_in(message)
    assert code not in answer.content.decode()
    assert not User.objects.filter(phone="+6281299990000").exists()
    # A guess does not sign in; the owner's code, typed on the page, does, and offers a new password.
    assert (
        typist.post(CODE_PAGE, {"code": "000000" if code != "000000" else "111111"}).status_code
        == HTTPStatus.OK
    )
    signed_in = typist.post(CODE_PAGE, {"code": code})
    assert signed_in["Location"] == "/peserta/daftar/sandi-baru/"
    saved = typist.post(
        signed_in["Location"],
        {"new_password1": "rendang-padang-2026", "new_password2": "rendang-padang-2026"},
    )
    assert saved["Location"] == "/peserta/saya/status/"
    owner.user.refresh_from_db()
    assert owner.user.check_password("rendang-padang-2026")


def test_a_registered_nik_without_an_account_sends_nothing_and_answers_alike(owner):
    bare = make_participant("Dewi Lestari", birth_date=date(1988, 4, 12), phone="+6285733334444")
    registered, new = new_client(), new_client()

    answers = [finish(registered, bare.nik), finish(new, NIK)]

    assert as_seen(answers[0]) == as_seen(answers[1])
    assert Message.objects.filter(recipient__participant__nik=bare.nik).count() == 0
    assert registered.post(CODE_PAGE, {"code": "123456"}).status_code == HTTPStatus.OK


def test_a_code_works_once():
    user = make_user("p-someone001", Role.PARTICIPANT)
    code = issue_code(user)

    assert use_code(user, code) is True
    assert use_code(user, code) is False


def test_a_code_expires_after_five_minutes():
    user = make_user("p-someone001", Role.PARTICIPANT)
    code = issue_code(user)
    live = OneTimeCode.objects.get(user=user)
    assert timedelta(minutes=4) < live.expires_at - timezone.now() <= timedelta(minutes=5)

    OneTimeCode.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert use_code(user, code) is False


def test_a_code_is_dead_after_five_wrong_tries():
    user = make_user("p-someone001", Role.PARTICIPANT)
    code = issue_code(user)
    wrong = "000000" if code != "000000" else "111111"

    for _ in range(5):
        assert use_code(user, wrong) is False

    assert use_code(user, code) is False


def test_a_new_code_replaces_the_last_one_and_only_a_hash_is_stored():
    user = make_user("p-someone001", Role.PARTICIPANT)
    first = issue_code(user)
    second = issue_code(user)

    assert user.one_time_code.code_hash not in (first, second)
    assert first == second or use_code(user, first) is False
    assert use_code(user, second) is True


def test_the_21st_probe_from_one_address_is_refused():
    client = new_client("10.0.0.7")
    niks = [
        build_nik(district="32.16.01", birth_date=date(1988, 4, 12), sex="F", serial=n) for n in range(1, 22)
    ]

    answers = [post_step(client, 1, {**STEP_DATA[1], "nik": nik}).status_code for nik in niks]

    assert HTTPStatus.TOO_MANY_REQUESTS not in answers[:20]
    assert answers[20] == HTTPStatus.TOO_MANY_REQUESTS
    # Another address is not held up.
    assert post_step(new_client("10.0.0.8"), 1, STEP_DATA[1]).status_code == HTTPStatus.FOUND


def test_one_nik_probed_from_many_addresses_is_refused(owner):
    answers = [
        post_step(new_client(f"10.0.1.{n}"), 1, {**STEP_DATA[1], "nik": owner.nik}).status_code
        for n in range(11)
    ]

    assert HTTPStatus.TOO_MANY_REQUESTS not in answers[:10]
    assert answers[10] == HTTPStatus.TOO_MANY_REQUESTS


def test_a_new_registrant_signs_in_with_the_code_sent_to_the_number_typed(client):
    fill_steps(client)
    client.post(step_url(5), ACCOUNT)

    user = Participant.objects.get(nik=NIK).user
    (message,) = Message.objects.filter(recipient=user)
    assert client.post(CODE_PAGE, {"code": code_in(message)})["Location"] == "/peserta/saya/status/"
