"""Closing a wave before its announced closing day (#23 item 8): the confirmation warns, a reason
is required, and the trail keeps it under its own code."""

from datetime import UTC, date, datetime
from http import HTTPStatus

import pytest
from django.conf import settings

from wirausaha.common.errors import InvalidInput
from wirausaha.common.models import AuditEvent
from wirausaha.programs.actions import close_wave, screen_wave
from wirausaha.programs.models import Wave
from wirausaha.programs.tests.support import CLOSE_AT, crowd, make_wave

# 7 June 2025, 10:00 WIB: the wave's registration runs until 30 June 2025.
EARLY = datetime(2025, 6, 7, 3, 0, tzinfo=UTC)


@pytest.fixture
def screened(db):
    wave = make_wave()
    crowd(wave, "32.16.01.2001", 2)
    screen_wave(wave, by=None)
    return wave


def test_closing_early_without_a_reason_is_refused_naming_the_announced_day(screened, national_admin):
    with pytest.raises(InvalidInput) as refused:
        close_wave(screened, by=national_admin, now=EARLY)

    assert "30 June 2025" in refused.value.errors["reason"]
    screened.refresh_from_db()
    assert screened.status == Wave.Status.OPEN


def test_closing_early_with_a_reason_is_recorded_under_its_own_code(screened, national_admin):
    close_wave(screened, by=national_admin, now=EARLY, early_reason="  Kuota   terpenuhi ")

    event = AuditEvent.objects.get(verb="wave.closed_early")
    assert event.reason == "Kuota terpenuhi"
    assert event.changes["closes_on"] == ["2025-06-30", "2025-06-07"]
    assert not AuditEvent.objects.filter(verb="wave.closed").exists()


def test_closing_after_the_announced_day_needs_no_reason(screened, national_admin):
    close_wave(screened, by=national_admin, now=CLOSE_AT)

    assert AuditEvent.objects.filter(verb="wave.closed").count() == 1


def test_the_confirmation_page_warns_and_asks_for_the_reason(client, screened, national_admin):
    # Registration announced until 2099: closing today is early.
    Wave.objects.filter(pk=screened.pk).update(
        closes_on=date(2099, 1, 1),
        selection_date=date(2099, 1, 5),
        randomness_published_after=datetime(2099, 1, 2, tzinfo=UTC),
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(national_admin)
    url = f"/gelombang/{screened.code}/langkah/close/"

    page = client.get(url).content.decode()
    refused = client.post(url, {})
    done = client.post(url, {"reason": "Kuota terpenuhi"})

    assert 'id="closes-early"' in page and "1 January 2099" in page
    assert '<textarea id="reason" name="reason"' in page
    assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "1 January 2099" in refused.content.decode()
    assert done.status_code == HTTPStatus.FOUND
    screened.refresh_from_db()
    assert screened.status == Wave.Status.CLOSED
    assert AuditEvent.objects.get(verb="wave.closed_early").reason == "Kuota terpenuhi"
