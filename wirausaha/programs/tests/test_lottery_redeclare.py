"""Re-declaring the randomness source of an open wave whose declared time has passed (so closing is
refused): the action, the national admin's page (a form, then a confirmation), the command, and the
newcomer's path through the demo wave seeded more than two minutes before it is closed."""

import json
from datetime import datetime, timedelta
from http import HTTPStatus
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from wirausaha.common.errors import InvalidInput
from wirausaha.common.models import AuditEvent
from wirausaha.demo.seed import DEMO_WAVE
from wirausaha.programs.actions import WaveStateError, close_wave, redeclare_randomness, screen_wave
from wirausaha.programs.models import LotteryNotice, Wave
from wirausaha.programs.tests.support import BEKASI, RANDOMNESS, close_and_screen, crowd, make_wave

pytestmark = pytest.mark.django_db


def overdue_wave() -> Wave:
    """An open wave whose declared public value (2 July 2025) may already be known."""
    wave = make_wave("PHK-2025-7")
    crowd(wave, BEKASI, 3)
    screen_wave(wave, by=None)
    return wave


def soon() -> datetime:
    return (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)


def record(client, code: str) -> dict:
    response = client.get(f"/api/v1/waves/{code}/lottery")
    assert response.status_code == HTTPStatus.OK
    return json.loads(b"".join(response.streaming_content))


# The action --------------------------------------------------------------------------------


def test_an_overdue_open_wave_is_redeclared_then_closed(client, national_admin):
    wave = overdue_wave()
    old_at = wave.randomness_published_after
    with pytest.raises(InvalidInput, match="may already be known"):
        close_wave(wave, by=national_admin)
    at = soon()
    redeclare_randomness(wave, source="Lotto tonight", published_after=at, reason="forgot", by=national_admin)
    wave.refresh_from_db()
    assert (wave.randomness_source, wave.randomness_published_after) == ("Lotto tonight", at)
    event = AuditEvent.objects.get(verb="wave.randomness_redeclared")
    assert (event.actor, event.reason) == (national_admin, "forgot")
    close_wave(wave, by=national_admin)
    (notice,) = [n for n in record(client, wave.code)["notices"] if n["kind"] == "redeclared"]
    assert notice | {"at": None} == {
        "seq": notice["seq"],
        "at": None,
        "kind": "redeclared",
        "by": national_admin.username,
        "reason": "forgot",
        "source": "Lotto tonight",
        "published_after": at.isoformat(),
        "previous_source": RANDOMNESS,
        "previous_published_after": old_at.isoformat(),
    }


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"published_after": "past"}, InvalidInput, "in the future"),
        ({"reason": "  "}, InvalidInput, "Say why"),
        ({"source": ""}, InvalidInput, "Declare the source"),
        ({"closed": True}, WaveStateError, "Only an open wave"),
    ],
)
def test_a_redeclaration_is_refused(change, error, match):
    wave = overdue_wave()
    if change.pop("closed", False):
        wave = make_wave("PHK-2025-6", published_after=timezone.now() + timedelta(days=1))
        crowd(wave, BEKASI, 2)
        wave = close_and_screen(wave)
    if change.get("published_after") == "past":
        change["published_after"] = timezone.now() - timedelta(minutes=1)
    before = (wave.randomness_source, wave.randomness_published_after)
    with pytest.raises(error, match=match):
        redeclare_randomness(
            wave, **{"source": "Lotto", "published_after": soon(), "reason": "r", "by": None} | change
        )
    wave.refresh_from_db()
    assert (wave.randomness_source, wave.randomness_published_after) == before
    assert not LotteryNotice.objects.filter(kind=LotteryNotice.Kind.REDECLARED).exists()
    assert not AuditEvent.objects.filter(verb="wave.randomness_redeclared").exists()


def test_the_time_may_fall_before_the_end_of_the_closing_day():
    wave = make_wave("PHK-2025-5", published_after=timezone.now() + timedelta(days=1))
    wave.closes_on = timezone.localdate() + timedelta(days=30)
    wave.selection_date = wave.closes_on + timedelta(days=5)
    wave.save()
    redeclare_randomness(wave, source="Lotto", published_after=soon(), reason="closing early", by=None)
    close_wave(wave, by=None, early_reason="Kuota terpenuhi")
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.CLOSED


# The page ----------------------------------------------------------------------------------


def test_an_admin_redeclares_from_the_wave_page_after_a_confirmation(client, national_admin):
    wave = overdue_wave()
    client.force_login(national_admin)
    detail = client.get(f"/gelombang/{wave.code}/").content.decode()
    assert detail.count("/langkah/redeclare/") == 2  # the prominent notice and the step's button
    close_page = client.post(f"/gelombang/{wave.code}/langkah/close/")
    assert close_page.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "/langkah/redeclare/" in close_page.content.decode()

    url = f"/gelombang/{wave.code}/langkah/redeclare/"
    assert client.get(url).status_code == HTTPStatus.OK
    at = soon()
    form = {
        "randomness_source": "Lotto tonight",
        "randomness_published_after": timezone.localtime(at).strftime("%Y-%m-%dT%H:%M"),  # WIB
        "reason": "forgot to close",
    }
    asked = client.post(url, form)
    assert asked.status_code == HTTPStatus.OK and 'name="confirmed"' in asked.content.decode()
    assert Wave.objects.get(pk=wave.pk).randomness_source == RANDOMNESS

    done = client.post(url, {**form, "confirmed": "yes"})
    assert done.status_code == HTTPStatus.FOUND and done["Location"] == f"/gelombang/{wave.code}/"
    wave.refresh_from_db()
    assert (wave.randomness_source, wave.randomness_published_after) == ("Lotto tonight", at)
    detail = client.get(f"/gelombang/{wave.code}/").content.decode()
    assert detail.count("/langkah/redeclare/") == 1  # no longer overdue: only the step's button
    assert "forgot to close" in client.get(f"/gelombang/{wave.code}/undian/").content.decode()
    assert client.post(f"/gelombang/{wave.code}/langkah/close/").status_code == HTTPStatus.FOUND
    assert "/langkah/redeclare/" not in client.get(f"/gelombang/{wave.code}/").content.decode()


def test_a_redeclaration_without_a_reason_or_with_a_past_time_is_refused(client, national_admin):
    wave = overdue_wave()
    client.force_login(national_admin)
    url = f"/gelombang/{wave.code}/langkah/redeclare/"
    past = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    future = timezone.localtime(soon()).strftime("%Y-%m-%dT%H:%M")
    for when, reason in ((future, ""), (past, "r")):
        form = {"randomness_source": "L", "randomness_published_after": when, "reason": reason}
        response = client.post(url, {**form, "confirmed": "yes"})
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert Wave.objects.get(pk=wave.pk).randomness_source == RANDOMNESS


def test_an_officer_cannot_redeclare(client, jabar_officer):
    wave = overdue_wave()
    client.force_login(jabar_officer)
    assert "/langkah/redeclare/" not in client.get(f"/gelombang/{wave.code}/").content.decode()
    url = f"/gelombang/{wave.code}/langkah/redeclare/"
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    form = {
        "randomness_source": "L",
        "randomness_published_after": timezone.localtime(soon()).strftime("%Y-%m-%dT%H:%M"),
        "reason": "r",
        "confirmed": "yes",
    }
    assert client.post(url, form).status_code == HTTPStatus.NOT_FOUND
    assert Wave.objects.get(pk=wave.pk).randomness_source == RANDOMNESS


# The command and the newcomer's path -------------------------------------------------------


def redeclare(code: str, at: str, **kwargs) -> str:
    out = StringIO()
    args = ["--wave", code, "--source", "IHSG close", "--published-after", at, "--reason", "late"]
    call_command("redeclare_randomness", *args, stdout=out, **kwargs)
    return out.getvalue().strip()


def test_the_redeclare_randomness_command():
    wave = overdue_wave()
    at = soon()
    assert redeclare(wave.code, at.isoformat()) == (
        f"PHK-2025-7: public value re-declared: IHSG close (published after {at.isoformat()})"
    )
    assert Wave.objects.get(pk=wave.pk).randomness_published_after == at
    with pytest.raises(CommandError, match="time zone"):
        redeclare(wave.code, "2030-01-01T00:00")
    with pytest.raises(CommandError, match="in the future"):
        redeclare(wave.code, "2020-01-01T00:00+07:00")
    with pytest.raises(CommandError, match="No wave"):
        redeclare("NOPE", at.isoformat())


def test_a_newcomer_closes_the_demo_wave_late_after_redeclaring_its_source(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--participants", "30", "--seed", "3", stdout=StringIO())
    call_command("screen", "--wave", DEMO_WAVE, stdout=StringIO())
    late = timezone.now() + timedelta(minutes=10)
    with mock.patch("django.utils.timezone.now", return_value=late):
        with pytest.raises(CommandError, match="may already be known"):
            call_command("close_wave", "--wave", DEMO_WAVE, stdout=StringIO())
        redeclare(DEMO_WAVE, (late + timedelta(minutes=1)).isoformat())
        # The demo wave's registration runs on: closing it now is early, and says why.
        call_command("close_wave", "--wave", DEMO_WAVE, "--reason", "Demo", stdout=StringIO())
    with mock.patch("django.utils.timezone.now", return_value=late + timedelta(minutes=1, seconds=1)):
        call_command("select", "--wave", DEMO_WAVE, "--public-value", "IHSG 7.123,45", stdout=StringIO())
    call_command("verify_lottery", "--wave", DEMO_WAVE, stdout=StringIO())
    assert Wave.objects.get(code=DEMO_WAVE).status == Wave.Status.SELECTED
