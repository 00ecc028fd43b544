"""A national admin closes, screens and draws a wave on a desktop screen; then a participant, on a
360 x 740 phone, reads the outcome and finds their lottery id in the published draw. Elements are
found by their address, name or data attribute, so the test holds whatever the translation says."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.programs.models import EnrolmentState, LotteryDraw, Wave
from wirausaha.programs.tests.support import (
    BANDUNG,
    BEKASI,
    DENPASAR,
    PUBLISHED_AFTER,
    RANDOMNESS,
    VALUE,
    crowd,
    enrol,
    make_wave,
)
from wirausaha.testing import make_user

from .session import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def wave_to_draw(reference_data):
    """West Java has 2 seats for 6 applicants (Siti among them), Bali 1 seat for 2."""
    make_user("admin", Role.NATIONAL_ADMIN)
    siti = make_user("siti", Role.PARTICIPANT)
    # Its public value is published long after the test closes it; the test moves that moment into
    # the past before the draw, as time would.
    far = datetime(2099, 1, 1, tzinfo=UTC)
    wave = make_wave("PHK-2025-1", quotas={"32": 2, "51": 1}, published_after=far)
    enrol(wave, "Siti Rahmawati", village=BEKASI, sex="F", user=siti)
    crowd(wave, BEKASI, 3)
    crowd(wave, BANDUNG, 2)
    crowd(wave, DENPASAR, 2)
    enrol(wave, "Belum Diverifikasi", village=BEKASI, verified=False)
    return wave


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def confirm_step(page, live_server, wave: Wave, step: str, shot) -> None:
    page.locator(f"a[href='/gelombang/{wave.code}/langkah/{step}/']").click()
    expect(page).to_have_url(f"{live_server.url}/gelombang/{wave.code}/langkah/{step}/")
    shot(f"wave-admin-{step}-confirm.png")
    page.locator("main form.panel button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/gelombang/{wave.code}/")
    expect(page.locator(".message-success")).to_be_visible()


def test_an_admin_runs_the_draw_and_a_participant_sees_the_result(
    browser, live_server, wave_to_draw, screenshot_dir
):
    wave = wave_to_draw
    admin = browser.new_context(viewport=DESKTOP, locale="id-ID")
    page = admin.new_page()

    def shot(name: str) -> None:
        page.screenshot(path=screenshot_dir / name, full_page=True)
        fits(page, DESKTOP["width"])

    try:
        log_in(page, live_server, "admin")
        page.goto(f"{live_server.url}/gelombang/{wave.code}/")
        expect(page.locator("[data-state=applied]")).to_contain_text("9")
        shot("wave-admin-open.png")

        confirm_step(page, live_server, wave, "screen", shot)
        expect(page.locator("[data-state=eligible]")).to_contain_text("8")
        expect(page.locator("[data-state=ineligible]")).to_contain_text("1")

        # Closing shows the declared randomness source and freezes the entrant list.
        page.locator(f"a[href='/gelombang/{wave.code}/langkah/close/']").click()
        expect(page.locator("main form.panel")).to_contain_text(RANDOMNESS)
        shot("wave-admin-close-confirm.png")
        page.locator("main form.panel button[type=submit]").click()
        expect(page).to_have_url(f"{live_server.url}/gelombang/{wave.code}/")
        wave.refresh_from_db()
        assert (wave.status, len(wave.entrants_digest)) == (Wave.Status.CLOSED, 64)
        Wave.objects.filter(pk=wave.pk).update(randomness_published_after=PUBLISHED_AFTER)

        # Nothing is drawn until the confirmation page is sent.
        page.locator(f"a[href='/gelombang/{wave.code}/langkah/draw/']").click()
        expect(page.locator("main form.panel")).to_contain_text("8")
        assert not LotteryDraw.objects.filter(wave=wave).exists()
        page.locator("input[name=public_value]").fill(VALUE)
        shot("wave-admin-draw-confirm.png")
        page.locator("main form.panel button[type=submit]").click()
        expect(page).to_have_url(f"{live_server.url}/gelombang/{wave.code}/")

        # Results by province, with the quota filled.
        expect(page.locator("table.data tbody tr")).to_have_count(2)
        expect(page.locator("tr[data-province='32'] td")).to_have_text(["Jawa Barat 32", "2", "2", "4"])
        expect(page.locator("tr[data-province='51'] td")).to_have_text(["Bali 51", "1", "1", "1"])
        expect(page.locator("table.data tfoot td")).to_have_text(["3", "3", "5"])
        expect(page.locator("[data-state=selected]")).to_contain_text("3")
        shot("wave-admin-results.png")
    finally:
        admin.close()

    siti = wave.enrolments.get(participant__user__username="siti")
    assert siti.state in (EnrolmentState.SELECTED, EnrolmentState.WAITLISTED)
    phone = browser.new_context(viewport=PHONE, locale="id-ID")
    page = phone.new_page()

    def phone_shot(name: str) -> None:
        page.screenshot(path=screenshot_dir / name, full_page=True)
        fits(page, PHONE["width"])

    try:
        log_in(page, live_server, "siti")
        page.goto(f"{live_server.url}/gelombang/{wave.code}/")
        expect(page.locator(f"[data-state={siti.state}]")).to_be_visible()
        expect(page.get_by_text(siti.pseudonym)).to_be_visible()
        expect(page.locator("ul.verdict li.ok")).to_have_count(4)
        phone_shot("wave-participant-result.png")

        page.locator(f"a[href='/gelombang/{wave.code}/hasil/']").click()
        expect(page).to_have_url(re.compile(rf"/gelombang/{wave.code}/hasil/$"))
        page.locator("input[name=id]").fill(siti.pseudonym.lower())
        page.locator("form.search-form button").click()
        row = page.locator("table.data tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_contain_text(siti.pseudonym)
        expect(row).to_contain_text(str(siti.rank))
        expect(page.get_by_text("Siti Rahmawati")).to_have_count(0)
        phone_shot("wave-participant-published.png")
    finally:
        phone.close()
