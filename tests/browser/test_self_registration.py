"""The whole self-registration on a 360 x 740 phone screen, in Chromium, with a screenshot of each
step; and the region lists without JavaScript. Fields are found by their name, so the test holds
whatever the Indonesian translation says."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.notifications.models import Message
from wirausaha.registry.models import Participant
from wirausaha.registry.nik import build_nik

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
NIK = build_nik(district="32.16.01", birth_date=date(1988, 4, 12), sex="F", serial=4321)
PASSWORD = "kue-basah-tarumajaya-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def kbli(reference_data):
    """A live-server test may follow one that emptied the tables: put the KBLI codes back too."""
    from wirausaha.reference.loaders import load_sectors
    from wirausaha.reference.models import Sector
    from wirausaha.reference.queries import sector_codes

    if not Sector.objects.filter(pk="10792").exists():
        load_sectors()
        sector_codes.cache_clear()


def fits_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def next_step(page) -> None:
    page.locator("button[name=action][value=next]").click()


def choose_region(page, name: str, code: str, wait_for: str | None) -> None:
    page.locator(f"select[name={name}]").select_option(code)
    if wait_for:
        # htmx refreshes the lists below in place.
        expect(page.locator(f"select[name={wait_for}] option").nth(1)).to_be_attached()
    expect(page.locator(f"select[name={name}]")).to_have_value(code)


def test_self_registration_on_a_phone(browser, live_server, kbli, screenshot_dir):
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/peserta/daftar/")
        expect(page.locator("html")).to_have_attribute("lang", "id")
        fits_the_screen(page)
        page.screenshot(path=screenshot_dir / "register-step1.png", full_page=True)

        # An empty step says what to fix, per field, with a summary at the top.
        next_step(page)
        expect(page.locator("#error-summary")).to_be_visible()
        expect(page.locator("#id_nik_error")).to_be_visible()
        expect(page.locator("#id_sex_error")).to_be_visible()
        fits_the_screen(page)
        page.screenshot(path=screenshot_dir / "register-step1-errors.png", full_page=True)

        page.fill("input[name=nik]", NIK)
        page.fill("input[name=full_name]", "Rina Marlina")
        page.fill("input[name=birth_place]", "Bekasi")
        page.fill("input[name=birth_date]", "1988-04-12")
        page.locator("input[name=sex][value=F]").check()
        next_step(page)

        expect(page).to_have_url(re.compile(r"/peserta/daftar/2/$"))
        page.fill("input[name=phone]", "0812 3456 7801")
        page.fill("input[name=email]", "rina@example.id")
        choose_region(page, "province", "32", wait_for="regency")
        choose_region(page, "regency", "32.16", wait_for="district")
        choose_region(page, "district", "32.16.01", wait_for="village")
        choose_region(page, "village", "32.16.01.2001", wait_for=None)
        expect(page.locator("select[name=village]")).to_have_value("32.16.01.2001")
        fits_the_screen(page)
        page.screenshot(path=screenshot_dir / "register-step2.png", full_page=True)
        next_step(page)

        expect(page).to_have_url(re.compile(r"/peserta/daftar/3/$"))
        page.fill("input[name=last_employer]", "PT Tekstil Maju")
        page.fill("input[name=employer_sector]", "13112")
        page.fill("input[name=job_title]", "Operator pemintalan")
        page.fill("input[name=layoff_date]", "2025-03-01")
        page.fill("textarea[name=layoff_reason]", "Pabrik tutup")
        page.locator("input[name=jkp_recipient][value=ya]").check()
        fits_the_screen(page)
        page.screenshot(path=screenshot_dir / "register-step3.png", full_page=True)
        next_step(page)

        expect(page).to_have_url(re.compile(r"/peserta/daftar/4/$"))
        page.locator("select[name=education]").select_option("sma")
        page.fill("input[name=business_interest_sector]", "10792")
        page.fill("textarea[name=business_interest]", "Kue basah untuk warung")
        fits_the_screen(page)
        page.screenshot(path=screenshot_dir / "register-step4.png", full_page=True)
        next_step(page)

        expect(page).to_have_url(re.compile(r"/peserta/daftar/5/$"))
        expect(page.get_by_text("Sagara Makmur, Tarumajaya, Kabupaten Bekasi, Jawa Barat")).to_be_visible()
        expect(page.get_by_text("10792 — Industri Kue Basah")).to_be_visible()
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        page.set_input_files(
            "input[name=layoff_evidence]",
            files=[{"name": "surat-phk.pdf", "mimeType": "application/pdf", "buffer": PDF}],
        )
        page.locator("input[name=consent]").check()
        fits_the_screen(page)
        page.screenshot(path=screenshot_dir / "register-step5.png", full_page=True)
        page.locator("button[name=action][value=submit]").click()

        # The same answer whether the NIK was new or taken: a code went to the phone on record
        # (through the outbox; the SMS channel sends its text).
        expect(page).to_have_url(re.compile(r"/peserta/daftar/kode/$"))
        fits_the_screen(page)
        page.screenshot(path=screenshot_dir / "register-code.png", full_page=True)
        message = Message.objects.get(recipient__participant__nik=NIK)
        page.fill("input[name=code]", re.search(r"\b(\d{6})\b", message.body).group(1))
        page.locator("form.panel button[type=submit]").click()

        expect(page).to_have_url(re.compile(r"/peserta/saya/status/$"))
        expect(page.locator("a[href='/peserta/saya/data/']")).to_be_visible()
        fits_the_screen(page)
        page.screenshot(path=screenshot_dir / "register-status.png", full_page=True)

        # The participant's own pages fit the phone too.
        for path, name in (("ubah/", "me-edit"), ("nik/", "me-nik"), ("tarik-persetujuan/", "me-withdraw")):
            page.goto(f"{live_server.url}/peserta/saya/{path}")
            fits_the_screen(page)
            page.screenshot(path=screenshot_dir / f"{name}.png", full_page=True)

        participant = Participant.objects.get(nik=NIK)
        assert participant.user.username.startswith("p-")
        assert participant.user.phone == "+6281234567801"
        assert participant.user.role == Role.PARTICIPANT
        assert participant.domicile_id == "32.16.01.2001"
        assert participant.layoff_evidence.name.endswith(".pdf")
    finally:
        context.close()


def test_region_lists_work_without_javascript(browser, live_server, reference_data, screenshot_dir):
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/peserta/daftar/")
        page.fill("input[name=nik]", NIK)
        page.fill("input[name=full_name]", "Rina Marlina")
        page.fill("input[name=birth_date]", "1988-04-12")
        page.locator("input[name=sex][value=F]").check()
        next_step(page)

        page.fill("input[name=phone]", "0812 3456 7801")
        for name, code, below in (
            ("province", "32", "regency"),
            ("regency", "32.16", "district"),
            ("district", "32.16.01", "village"),
        ):
            page.locator(f"select[name={name}]").select_option(code)
            # The "Pilih" button under the list sends the form; the page comes back with the next list.
            page.locator(f".field:has(> select[name={name}]) button[value=choose]").click()
            expect(page.locator(f"select[name={below}]")).to_be_enabled()
        fits_the_screen(page)
        page.screenshot(path=screenshot_dir / "register-step2-nojs.png", full_page=True)
        next_step(page)

        expect(page).to_have_url(re.compile(r"/peserta/daftar/3/$"))
    finally:
        context.close()
