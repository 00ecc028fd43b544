"""A national admin proposes a placement run for a drawn wave on a desktop screen, reviews it
(counts, provinces, each person's explanation), confirms it on its own page and sees the people
placed; the same review on a 360 x 740 phone. Elements are found by their address or data
attribute, so the test holds whatever the translation says."""

import re

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.allocation.models import AllocationRun
from wirausaha.allocation.tests.test_actions import DENPASAR, TARUMAJAYA, centre, cohort, people, wave_of
from wirausaha.notifications.models import Message
from wirausaha.programs.models import EnrolmentState
from wirausaha.testing import make_participant, make_user

from .session import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def drawn_wave(reference_data):
    """Four selected in Kabupaten Bekasi (Siti has an account), one in Denpasar; a class of three
    seats in Bekasi and one of two seats nearby in another sector."""
    from wirausaha.reference.loaders import load_sectors
    from wirausaha.reference.models import Sector

    if not Sector.objects.filter(pk="10").exists():
        load_sectors()
    make_user("admin", Role.NATIONAL_ADMIN)
    siti = make_participant("Siti Rahmawati", village=TARUMAJAYA, user=make_user("siti", Role.PARTICIPANT))
    siti.business_interest_sector_id = "10"
    siti.save(update_fields=["business_interest_sector"])
    cohort(centre("BLK Kabupaten Bekasi"), 3)
    cohort(centre("BBPVP Bekasi", (-6.2615, 107.1528), region="32.75"), 2, sector="47")
    return wave_of([siti, *people(3, TARUMAJAYA), *people(1, DENPASAR)], code="PHK-2025-3")


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_admin_reviews_and_confirms_a_placement_run(browser, live_server, drawn_wave, screenshot_dir):
    wave = drawn_wave
    desktop = browser.new_context(viewport=DESKTOP, locale="id-ID")
    page = desktop.new_page()

    def shot(name: str, width: int = DESKTOP["width"]) -> None:
        page.screenshot(path=screenshot_dir / name, full_page=True)
        fits(page, width)

    try:
        log_in(page, live_server, "admin")
        page.goto(f"{live_server.url}/penempatan/")
        page.locator(f"a[data-wave='{wave.code}']").click()
        expect(page).to_have_url(f"{live_server.url}/penempatan/gelombang/{wave.code}/")
        expect(page.locator("[data-count=selected]")).to_have_text("5")
        expect(page.locator("input[name=max_km]")).to_have_value("75")
        shot("allocation-wave-runs.png")

        page.locator("form.run-form button[type=submit]").click()
        run = AllocationRun.objects.get(wave=wave)
        expect(page).to_have_url(f"{live_server.url}/penempatan/hasil/{run.pk}/")
        expect(page.locator("[data-status=proposed]").first).to_be_visible()
        # Three seats in Bekasi and two nearby for four people; nobody within 75 km of Denpasar.
        expect(page.locator("[data-fact=placed]")).to_have_text("4 / 5")
        expect(page.locator("tr[data-province='32'] td")).to_have_count(4)
        expect(page.locator("tr[data-outcome=placed]")).to_have_count(4)
        expect(page.locator("tr[data-outcome=unplaced] td.explanation")).to_contain_text("75")
        expect(page.locator("tr[data-outcome=placed] td.explanation").first).to_contain_text("km")
        shot("allocation-run-review.png")

        # Nothing is confirmed until the confirmation page is sent.
        page.locator(f"a[href='/penempatan/hasil/{run.pk}/konfirmasi/']").click()
        expect(page.locator("form.decide-form button[type=submit]")).to_be_visible()
        run.refresh_from_db()
        assert run.status == AllocationRun.Status.PROPOSED
        shot("allocation-run-confirm.png")
        page.locator("form.decide-form button[type=submit]").click()
        expect(page).to_have_url(f"{live_server.url}/penempatan/hasil/{run.pk}/")
        expect(page.locator(".message-success")).to_be_visible()
        expect(page.locator("h1 [data-status=confirmed]")).to_be_visible()
        expect(page.locator(f"a[href='/penempatan/hasil/{run.pk}/konfirmasi/']")).to_have_count(0)
        shot("allocation-run-confirmed.png")

        page.goto(f"{live_server.url}/penempatan/gelombang/{wave.code}/")
        expect(page.locator("[data-count=placed]")).to_have_text("4")
        expect(page.locator("[data-count=selected]")).to_have_text("1")
    finally:
        desktop.close()

    assert wave.enrolments.filter(state=EnrolmentState.PLACED).count() == 4
    siti = wave.enrolments.get(participant__user__username="siti")
    if siti.state == EnrolmentState.PLACED:
        assert Message.objects.filter(recipient__username="siti").count() == 1

    phone = browser.new_context(viewport=PHONE, locale="id-ID")
    page = phone.new_page()
    try:
        log_in(page, live_server, "admin")
        page.goto(f"{live_server.url}/penempatan/hasil/{run.pk}/")
        expect(page.locator("tr[data-outcome=placed]")).to_have_count(4)
        shot("allocation-run-phone.png", PHONE["width"])
        page.goto(f"{live_server.url}/penempatan/hasil/{run.pk}/kelas-baru/")
        expect(page.locator("tr[data-regency='51.71']")).to_be_visible()
        shot("allocation-openings-phone.png", PHONE["width"])
        placement = run.placements.filter(cohort__isnull=False).first()
        page.goto(f"{live_server.url}/penempatan/pindah/{placement.pk}/")
        expect(page.locator("input[name=cohort]").first).to_be_attached()
        shot("allocation-move-phone.png", PHONE["width"])
        expect(page).to_have_url(re.compile(rf"/penempatan/pindah/{placement.pk}/$"))
    finally:
        phone.close()
