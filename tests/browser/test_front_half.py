"""The front half as a person meets it (#23 items 1, 5, 6 and 8), in Chromium at 360 x 740 and on
a desktop screen. Elements are found by name, address or data attribute, so the tests hold
whatever the translation says; the words checked are dates and names, which are not translated."""

from datetime import date

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.programs.models import Wave
from wirausaha.programs.tests.support import make_wave
from wirausaha.registry.models import Participant, Verification
from wirausaha.testing import make_participant, make_user

from .session import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def late_layoff(reference_data):
    """Siti was laid off on 30 September 2025, after PHK-2025-1 opened (1 June 2025): PHK-2025-2,
    opening on 1 October 2025, takes her."""
    user = make_user("siti", Role.PARTICIPANT)
    participant = make_participant("Siti Rahmawati", user=user)
    Participant.objects.filter(pk=participant.pk).update(
        layoff_date=date(2025, 9, 30), verification=Verification.VERIFIED, jkp_recipient=True
    )
    first = make_wave("PHK-2025-1")
    second = make_wave("PHK-2025-2")
    Wave.objects.filter(pk=second.pk).update(
        opens_on=date(2025, 10, 1), closes_on=date(2025, 10, 30), selection_date=date(2025, 11, 5)
    )
    return first, second


def test_a_person_reads_their_likely_verdict_before_applying(
    browser, live_server, late_layoff, screenshot_dir
):
    first, second = late_layoff
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    try:
        log_in(page, live_server, "siti")
        page.goto(f"{live_server.url}/gelombang/{first.code}/")
        expect(page.locator("#likely-verdict")).to_have_attribute("data-likely", "ineligible")
        failed = page.locator("ul.verdict li[data-state=fail]")
        expect(failed).to_have_count(1)
        # Her own layoff day and the wave's opening day, as Indonesian text writes dates.
        expect(failed).to_contain_text("30 September 2025")
        expect(failed).to_contain_text("1 Juni 2025")
        expect(page.locator("main")).not_to_contain_text("2025-06-01")
        fits(page, PHONE["width"])
        page.screenshot(path=screenshot_dir / "wave-likely-verdict-360.png", full_page=True)

        page.locator(f"a[href='/gelombang/{second.code}/']").click()
        expect(page.locator("#likely-verdict")).to_have_attribute("data-likely", "eligible")
        expect(page.locator("ul.verdict li[data-state=fail]")).to_have_count(0)
        page.locator(f"form[action='/gelombang/{second.code}/daftar/'] button").click()
        expect(page.locator("[data-state=applied]")).to_be_visible()
    finally:
        context.close()


def test_step_one_says_at_once_what_the_nik_disagrees_with_and_fills_in_what_it_knows(
    browser, live_server, reference_data, screenshot_dir
):
    from wirausaha.registry.nik import build_nik

    nik = build_nik(district="32.16.01", birth_date=date(1988, 8, 15), sex="F", serial=7)
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/peserta/daftar/")
        page.fill("input[name=nik]", nik)
        # Item 6: an emoji in the legal name is refused, naming the character.
        page.fill("input[name=full_name]", "Siti 😀🙏 Aminah")
        page.fill("input[name=birth_place]", "Bekasi")
        page.fill("input[name=birth_date]", "1990-01-01")
        page.locator("input[name=sex][value=M]").check()
        page.locator("button[name=action][value=next]").click()

        expect(page.locator("#error-summary")).to_be_visible()
        expect(page.locator("#id_full_name_error")).to_contain_text("😀")
        expect(page.locator("#id_birth_date_error")).to_contain_text("15 Agustus 1988")
        expect(page.locator("#id_sex_error")).to_be_visible()
        fits(page, PHONE["width"])
        page.screenshot(path=screenshot_dir / "register-nik-disagrees-360.png", full_page=True)

        # Empty birth date and sex: the NIK fills them in, for the person to check.
        page.fill("input[name=full_name]", "Siti Aminah")
        page.fill("input[name=birth_date]", "")
        page.evaluate("document.querySelectorAll('input[name=sex]').forEach(r => r.checked = false)")
        page.locator("button[name=action][value=next]").click()
        expect(page.locator("input[name=birth_date]")).to_have_value("1988-08-15")
        expect(page.locator("input[name=sex][value=F]")).to_be_checked()
        page.locator("button[name=action][value=next]").click()
        expect(page).to_have_url(f"{live_server.url}/peserta/daftar/2/")
        # The region lists start at the NIK's district.
        expect(page.locator("select[name=district]")).to_have_value("32.16.01")
    finally:
        context.close()


def test_homes_promise_nothing_that_is_already_there(browser, live_server, reference_data):
    make_user("operator.bekasi", Role.REGENCY_OFFICER, region="32.16")
    context = browser.new_context(viewport=DESKTOP, locale="id-ID")
    page = context.new_page()
    try:
        log_in(page, live_server, "operator.bekasi")
        expect(page.locator("a[href='/peserta/impor/']").first).to_be_visible()
        expect(page.locator("main p.notice")).to_have_count(0)
    finally:
        context.close()
