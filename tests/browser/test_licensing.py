"""On a 360 x 740 phone without JavaScript: `lulusan` (coached, a business making crisps at home)
opens "Usaha saya", reads how to get an NIB, records it with the document from OSS and sees the
checklist's first item done; the halal self-declaration joins the checklist; `pendamping` sees the
client's checklist; the labour office verifies the NIB and the milestone is set."""

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.coaching import actions as coaching
from wirausaha.coaching.models import Milestone
from wirausaha.coaching.tests.support import counselor, graduates
from wirausaha.licensing.actions import save_business
from wirausaha.licensing.loaders import load_rules
from wirausaha.licensing.models import Business
from wirausaha.testing import make_user

from .test_wave_draw import PHONE, fits, log_in

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NIB = "9120001234567"


@pytest.fixture
def lulusan_business(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_rules()  # the live server's flush removed the rules the migration loaded
    admin = make_user("admin", Role.NATIONAL_ADMIN)
    user = make_user("lulusan", Role.PARTICIPANT)
    (graduate,) = graduates(("Lulusan Demo",), users={"Lulusan Demo": user})
    coach = counselor("pendamping", by=admin)
    coaching.reassign_participant(participant=graduate, counselor=coach, by=admin, reason="Uji peramban")
    make_user("bekasi", Role.REGENCY_OFFICER, region="32.16")
    business = save_business(
        participant=graduate,
        by=user,
        values={
            "name": "Keripik Singkong Lulusan",
            "kbli_code": "10794",
            "village_code": graduate.domicile_id,
            "scale": "micro",
            "workers": 1,
            "home_produced_food": True,
            "shelf_stable_packaged": True,
        },
    )
    document = tmp_path / "nib.pdf"
    document.write_bytes(PDF)
    return business, document


def phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    return context, context.new_page()


def test_lulusan_records_the_nib_and_completes_the_first_item(
    browser, live_server, lulusan_business, screenshot_dir
):
    business, document = lulusan_business
    context, page = phone_page(browser)
    try:
        log_in(page, live_server, "lulusan")
        page.locator("a[href='/usaha/saya/']").first.click()
        expect(page.locator("h1")).to_have_text("Usaha saya")
        first = page.locator("li[data-item]").first
        expect(first).to_have_attribute("data-item", "nib")
        expect(first).to_have_attribute("data-status", "not_started")
        first.locator("summary").click()
        expect(first.locator(".guidance")).to_contain_text("oss.go.id")
        fits(page, PHONE["width"])
        page.screenshot(path=str(screenshot_dir / "licensing-checklist-phone.png"), full_page=True)

        first.locator("a[data-record-nib]").click()
        expect(page).to_have_url(f"{live_server.url}/usaha/saya/nib/")
        expect(page.locator("main")).to_contain_text("tidak memeriksa ke sistem OSS")
        page.locator("input[name=nib]").fill("91200012345")  # 11 digits: refused, named
        page.locator("input[name=issued_on]").fill("2026-01-05")
        page.locator("select[name=risk_level]").select_option("rendah")
        page.locator("input[name=document]").set_input_files(str(document))
        page.locator("button[data-save-nib]").click()
        expect(page.locator(".field-error").first).to_contain_text("13 angka")
        fits(page, PHONE["width"])

        page.locator("input[name=nib]").fill(NIB)
        page.locator("input[name=issued_on]").fill("2026-01-05")
        page.locator("input[name=document]").set_input_files(str(document))
        page.locator("button[data-save-nib]").click()
        expect(page).to_have_url(f"{live_server.url}/usaha/saya/")
        first = page.locator("li[data-item]").first
        expect(first).to_have_attribute("data-status", "done")
        expect(first).to_contain_text(NIB)
        expect(page.locator("li[data-item='halal']")).to_be_visible()
        fits(page, PHONE["width"])
        page.screenshot(path=str(screenshot_dir / "licensing-nib-recorded-phone.png"), full_page=True)
    finally:
        context.close()

    business.refresh_from_db()
    assert (business.nib, business.nib_status) == (NIB, Business.NibStatus.DECLARED)
    assert not Milestone.objects.filter(participant=business.participant, kind="nib").exists()

    context, page = phone_page(browser)
    try:
        log_in(page, live_server, "pendamping")
        page.goto(f"{live_server.url}/usaha/daftar/{business.pk}/")
        expect(page.locator("li[data-item='nib']")).to_have_attribute("data-status", "done")
        fits(page, PHONE["width"])
    finally:
        context.close()

    context, page = phone_page(browser)
    try:
        log_in(page, live_server, "bekasi")
        page.goto(f"{live_server.url}/usaha/nib/")
        page.locator(f"li[data-queued='{business.pk}'] h2 a").click()
        page.locator("input[name=decision][value=verify]").check()
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(f"{live_server.url}/usaha/nib/")
        fits(page, PHONE["width"])
    finally:
        context.close()
    milestone = Milestone.objects.get(participant=business.participant, kind="nib")
    assert milestone.reached_on.isoformat() == "2026-01-05"
