"""The published correction of a public value and the published re-opening of a closed wave
(issue #16): the national admin's pages (a form, then a confirmation), the commands, and the public
page and JSON record that show each step."""

import json
from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from wirausaha.programs.actions import close_wave, enter_public_value
from wirausaha.programs.models import FrozenEntrant, LotteryNotice, Wave
from wirausaha.programs.tests.support import BEKASI, DENPASAR, DRAW_AT, close_and_screen, crowd, make_wave

pytestmark = pytest.mark.django_db


def closed_wave(**kwargs) -> Wave:
    wave = make_wave("PHK-2025-9", **kwargs)
    crowd(wave, BEKASI, 3)
    crowd(wave, DENPASAR, 2)
    return close_and_screen(wave)


def with_wrong_value() -> Wave:
    wave = closed_wave()
    return enter_public_value(wave, value="04 11 23 35 41 84", by=None, now=DRAW_AT)


def soon_closed() -> Wave:
    """Closed while its declared public value is still a day away (so it may be re-opened now)."""
    wave = make_wave("PHK-2025-8", published_after=timezone.now() + timedelta(days=1))
    crowd(wave, BEKASI, 3)
    from wirausaha.programs.actions import screen_wave

    screen_wave(wave, by=None)
    return close_wave(wave, by=None)


def record(client, code: str) -> dict:
    response = client.get(f"/api/v1/waves/{code}/lottery")
    assert response.status_code == HTTPStatus.OK
    return json.loads(b"".join(response.streaming_content))


# Correcting the public value ---------------------------------------------------------------


def test_an_admin_corrects_a_wrong_public_value_after_a_confirmation(client, national_admin):
    wave = with_wrong_value()
    client.force_login(national_admin)
    assert "/langkah/correct-value/" in client.get(f"/gelombang/{wave.code}/").content.decode()
    url = f"/gelombang/{wave.code}/langkah/correct-value/"
    form = {"public_value": "04 11 23 35 41 48", "reason": "typo: 84 for 48"}

    asked = client.post(url, form)
    assert asked.status_code == HTTPStatus.OK and 'name="confirmed"' in asked.content.decode()
    assert Wave.objects.get(pk=wave.pk).public_value == "04 11 23 35 41 84"

    done = client.post(url, {**form, "confirmed": "yes"})
    assert done.status_code == HTTPStatus.FOUND
    assert Wave.objects.get(pk=wave.pk).public_value == "04 11 23 35 41 48"
    page = client.get(f"/gelombang/{wave.code}/undian/").content.decode()
    assert "typo: 84 for 48" in page and "04 11 23 35 41 84" in page
    (notice,) = [n for n in record(client, wave.code)["notices"] if n["kind"] == "value_corrected"]
    assert notice | {"at": None} == {
        "seq": notice["seq"],
        "at": None,
        "kind": "value_corrected",
        "by": national_admin.username,
        "old": "04 11 23 35 41 84",
        "new": "04 11 23 35 41 48",
        "reason": "typo: 84 for 48",
    }


def test_a_correction_without_a_reason_is_refused_on_the_form(client, national_admin):
    wave = with_wrong_value()
    client.force_login(national_admin)
    response = client.post(
        f"/gelombang/{wave.code}/langkah/correct-value/",
        {"public_value": "1 2 3", "reason": "", "confirmed": "yes"},
    )
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert Wave.objects.get(pk=wave.pk).public_value == "04 11 23 35 41 84"


def test_the_correction_link_shows_only_once_a_value_is_entered(client, national_admin):
    wave = closed_wave()
    client.force_login(national_admin)
    assert "/langkah/correct-value/" not in client.get(f"/gelombang/{wave.code}/").content.decode()


def test_an_officer_cannot_correct_or_reopen(client, jabar_officer):
    wave = with_wrong_value()
    client.force_login(jabar_officer)
    for step in ("correct-value", "reopen"):
        url = f"/gelombang/{wave.code}/langkah/{step}/"
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
        assert client.post(url, {"public_value": "x", "reason": "y", "confirmed": "yes"}).status_code == 404
    assert Wave.objects.get(pk=wave.pk).public_value == "04 11 23 35 41 84"
    assert not LotteryNotice.objects.filter(wave=wave, kind=LotteryNotice.Kind.VALUE_CORRECTED).exists()


def test_the_correct_public_value_command(national_admin):
    wave = with_wrong_value()
    out = StringIO()
    call_command(
        "correct_public_value",
        "--wave",
        wave.code,
        "--value",
        "04 11 23 35 41 48",
        "--reason",
        "typo",
        stdout=out,
    )
    assert out.getvalue().strip() == (
        "PHK-2025-9: public value corrected from '04 11 23 35 41 84' to '04 11 23 35 41 48' "
        "(published in the lottery log)"
    )
    with pytest.raises(CommandError, match="already entered"):
        call_command(
            "correct_public_value", "--wave", wave.code, "--value", "04 11 23 35 41 48", "--reason", "x"
        )


# Re-opening a closed wave ------------------------------------------------------------------


def test_an_admin_reopens_a_closed_wave_after_a_confirmation(client, national_admin):
    wave = soon_closed()
    old_digest = wave.entrants_digest
    client.force_login(national_admin)
    assert "/langkah/reopen/" in client.get(f"/gelombang/{wave.code}/").content.decode()
    later = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    url = f"/gelombang/{wave.code}/langkah/reopen/"
    form = {
        "randomness_source": "Lotto in three days",
        "randomness_published_after": later,
        "reason": "appeals",
    }

    asked = client.post(url, form)
    assert asked.status_code == HTTPStatus.OK and 'name="confirmed"' in asked.content.decode()
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.CLOSED

    assert client.post(url, {**form, "confirmed": "yes"}).status_code == HTTPStatus.FOUND
    wave.refresh_from_db()
    assert (wave.status, wave.randomness_source) == (Wave.Status.OPEN, "Lotto in three days")
    assert not FrozenEntrant.objects.filter(wave=wave).exists()
    assert "/langkah/reopen/" not in client.get(f"/gelombang/{wave.code}/").content.decode()
    page = client.get(f"/gelombang/{wave.code}/undian/").content.decode()
    assert "appeals" in page and old_digest in page

    close_wave(wave, by=national_admin)
    (notice,) = [n for n in record(client, wave.code)["notices"] if n["kind"] == "reopened"]
    assert (notice["by"], notice["reason"], notice["previous_entrants_digest"]) == (
        national_admin.username,
        "appeals",
        old_digest,
    )
    assert notice["source"] == "Lotto in three days"


def test_a_reopening_with_an_earlier_time_is_refused(client, national_admin):
    wave = soon_closed()
    client.force_login(national_admin)
    earlier = timezone.localtime(timezone.now() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/gelombang/{wave.code}/langkah/reopen/",
        {
            "randomness_source": "Other",
            "randomness_published_after": earlier,
            "reason": "x",
            "confirmed": "yes",
        },
    )
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.CLOSED


def test_no_reopening_link_once_the_public_value_may_be_known(client, national_admin):
    wave = closed_wave()  # its declared time (2 July 2025) has passed
    client.force_login(national_admin)
    assert "/langkah/reopen/" not in client.get(f"/gelombang/{wave.code}/").content.decode()


def test_the_reopen_wave_command(national_admin):
    wave = soon_closed()
    later = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    out = StringIO()
    call_command(
        "reopen_wave",
        "--wave",
        wave.code,
        "--source",
        "Lotto in three days",
        "--published-after",
        later.isoformat(),
        "--reason",
        "appeals",
        stdout=out,
    )
    assert out.getvalue().strip() == (
        f"PHK-2025-8: re-opened, frozen list discarded; public value: Lotto in three days "
        f"(published after {later.isoformat()})"
    )
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.OPEN
    with pytest.raises(CommandError, match="time zone"):
        call_command(
            "reopen_wave",
            "--wave",
            wave.code,
            "--source",
            "S",
            "--published-after",
            "2030-01-01T00:00",
            "--reason",
            "r",
        )
