"""#23 items 4 and 7 as a person meets them, in Chromium at 360 x 740 with axe-core on every page:
picking a KBLI code in place during registration (with and without JavaScript), and an admin
creating a staff account, handing over its one-time link, deactivating it, reading the
organisations and defining a wave, all on pages (not Django admin)."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Organisation, Role, User
from wirausaha.common.models import AuditEvent
from wirausaha.programs.models import Programme, Wave
from wirausaha.registry.nik import build_nik
from wirausaha.testing import make_organisation, make_user

from .session import log_in
from .test_self_registration import choose_region, kbli  # noqa: F401 (the KBLI codes, put back)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def next_step(page) -> None:
    page.locator("button[name=action][value=next]").click()


def to_step_three(page, live_server, javascript: bool) -> None:
    page.goto(f"{live_server.url}/peserta/daftar/")
    page.fill(
        "input[name=nik]", build_nik(district="32.16.01", birth_date=date(1988, 4, 12), sex="F", serial=4455)
    )
    page.fill("input[name=full_name]", "Rina Marlina")
    page.fill("input[name=birth_place]", "Bekasi")
    page.fill("input[name=birth_date]", "1988-04-12")
    page.locator("input[name=sex][value=F]").check()
    next_step(page)
    expect(page).to_have_url(re.compile(r"/peserta/daftar/2/$"))
    page.fill("input[name=phone]", "0812 3456 7811")
    if javascript:
        choose_region(page, "province", "32", wait_for="regency")
        choose_region(page, "regency", "32.16", wait_for="district")
        choose_region(page, "district", "32.16.01", wait_for="village")
        choose_region(page, "village", "32.16.01.2001", wait_for=None)
    else:  # each list's "Pilih" button sends the form; the step comes back with the next list
        for name, code, below in (
            ("province", "32", "regency"),
            ("regency", "32.16", "district"),
            ("district", "32.16.01", "village"),
        ):
            page.locator(f"select[name={name}]").select_option(code)
            page.locator(f".field:has(> select[name={name}]) button[value=choose]").click()
            expect(page.locator(f"select[name={below}]")).to_be_enabled()
        page.locator("select[name=village]").select_option("32.16.01.2001")
    next_step(page)
    expect(page).to_have_url(re.compile(r"/peserta/daftar/3/$"))


@pytest.mark.usefixtures("kbli")
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_kbli_code_is_found_by_words_and_picked_in_place(browser, live_server, javascript, screenshot_dir):
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=javascript)
    page = context.new_page()
    try:
        to_step_three(page, live_server, javascript)
        page.fill("input[name=last_employer]", "PT Sepatu Jaya")
        page.fill("#id_employer_sector", "sepatu")
        page.fill("input[name=layoff_date]", "2025-03-01")
        next_step(page)

        # Words, not a code: the same step offers the matching codes to choose from, in place.
        expect(page).to_have_url(re.compile(r"/peserta/daftar/3/$"))
        choices = page.locator(".kbli-choices input[type=radio][name=employer_sector]")
        expect(choices.first).to_be_visible()
        offered = choices.evaluate_all("inputs => inputs.map(input => input.value)")
        assert "15202" in offered and all(re.fullmatch(r"\d{5}", code) for code in offered)
        fits(page)
        page.screenshot(
            path=screenshot_dir / f"kbli-choices-{'js' if javascript else 'nojs'}.png", full_page=True
        )
        page.locator(".kbli-choices input[value='15202']").check()
        next_step(page)

        expect(page).to_have_url(re.compile(r"/peserta/daftar/4/$"))
        page.locator("button[name=action][value=back]").click()
        expect(page).to_have_url(re.compile(r"/peserta/daftar/3/$"))
        expect(page.locator("#id_employer_sector")).to_have_value("15202")
    finally:
        context.close()


@pytest.fixture
def admin_world(reference_data):
    make_user("admin", Role.NATIONAL_ADMIN)
    make_organisation("BBPVP Bekasi", kind=Organisation.Kind.TRAINING_CENTRE, region="32.16")
    Programme.objects.get_or_create(code="LK-PHK-2027", defaults={"name": "Layanan Kewirausahaan 2027"})


def test_an_admin_manages_accounts_organisations_and_waves_on_a_phone(
    browser, live_server, admin_world, screenshot_dir
):
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    try:
        log_in(page, live_server, "admin")
        page.goto(f"{live_server.url}/akun/kelola/")
        fits(page)
        page.goto(f"{live_server.url}/akun/kelola/baru/")
        page.fill("input[name=username]", "instruktur.bekasi")
        page.fill("input[name=first_name]", "Dedi")
        page.fill("input[name=last_name]", "Kurniawan")
        page.locator("select[name=role]").select_option(Role.TRAINER)
        page.fill("input[name=organisation]", "BBPVP Bekasi")
        fits(page)
        page.locator("form button[type=submit]").last.click()

        # The one-time link is shown once, to hand over; the account exists, with its scope.
        expect(page.locator("#password-link")).to_have_value(re.compile(r"/akun/atur-sandi/[^/]+/[^/]+/$"))
        fits(page)
        page.screenshot(path=screenshot_dir / "admin-account-link.png", full_page=True)
        account = User.objects.get(username="instruktur.bekasi")
        assert account.role == Role.TRAINER and account.organisation.name == "BBPVP Bekasi"

        # Deactivating asks for a reason, which the audit trail keeps.
        page.goto(f"{live_server.url}/akun/kelola/{account.pk}/")
        page.fill("textarea[name=reason]", "Pindah tugas")
        page.locator("button[name=action][value=deactivate]").click()
        expect(page.locator("button[name=action][value=reactivate]")).to_be_visible()
        account.refresh_from_db()
        assert not account.is_active
        assert AuditEvent.objects.filter(target_id=str(account.pk)).count() >= 2

        page.goto(f"{live_server.url}/akun/organisasi/")
        expect(page.get_by_text("BBPVP Bekasi").first).to_be_visible()
        fits(page)

        # A wave on its page: an empty form names every missing field in a summary, focused.
        page.goto(f"{live_server.url}/gelombang/baru/")
        fits(page)
        page.locator("form button[type=submit]").last.click()
        expect(page.locator("#error-summary")).to_be_visible()
        expect(page.locator("#error-summary")).to_be_focused()
        fits(page)
        page.screenshot(path=screenshot_dir / "admin-wave-errors.png")
        assert not Wave.objects.exists()
    finally:
        context.close()
