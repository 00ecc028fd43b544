"""On a 360 x 740 phone without JavaScript: a participant chooses their message channels (opts in,
then out of one); a national admin records a WhatsApp template's approval and reads the delivery
statistics; a person who forgot their password gets a one-time code by phone and sets a new one.
Every page passes axe with no violation (conftest.py)."""

import re

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.notifications.actions import choose_channels
from wirausaha.notifications.models import ChannelConsent, Message, WhatsAppTemplate
from wirausaha.notifications.routing import choices_of
from wirausaha.testing import make_user

from .test_wave_draw import PHONE, fits, log_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Sandi-baru-yang-panjang-2026"


@pytest.fixture
def people(reference_data, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    siti = make_user("siti", Role.PARTICIPANT)
    siti.phone = "+6281234567890"
    siti.email = "siti@example.org"
    siti.save(update_fields=["phone", "email"])
    return {"siti": siti, "admin": make_user("admin", Role.NATIONAL_ADMIN)}


def phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    return context, context.new_page()


def test_a_participant_opts_in_to_sms_and_whatsapp_then_out_of_whatsapp(
    browser, live_server, people, screenshot_dir
):
    siti = people["siti"]
    Message.objects.create(recipient=siti, subject="Kelas Anda", body="…", channel="sms", status="failed")
    context, page = phone_page(browser)
    try:
        log_in(page, live_server, "siti")
        page.goto(f"{live_server.url}/akun/saluran/")
        expect(page.get_by_role("heading", name="Saluran pesan saya")).to_be_visible()
        expect(page.locator("[data-failed-message]")).to_contain_text("Kelas Anda · SMS")
        page.locator("input[name=channels][value=sms]").check()
        page.locator("input[name=channels][value=whatsapp]").check()
        page.locator("input[name=channels][value=email]").uncheck()
        fits(page, PHONE["width"])
        page.get_by_role("button", name="Simpan pilihan saya").click()
        assert choices_of(siti) == {"sms": True, "whatsapp": True, "email": False}

        page.goto(f"{live_server.url}/akun/saluran/")
        expect(page.locator("input[name=channels][value=whatsapp]")).to_be_checked()
        page.locator("input[name=channels][value=whatsapp]").uncheck()
        page.get_by_role("button", name="Simpan pilihan saya").click()
        page.goto(f"{live_server.url}/akun/saluran/")
        expect(page.locator("input[name=channels][value=whatsapp]")).not_to_be_checked()
        expect(page.locator("input[name=channels][value=sms]")).to_be_checked()
        fits(page, PHONE["width"])
        page.screenshot(path=screenshot_dir / "notifications-my-channels-phone.png", full_page=True)
    finally:
        context.close()
    assert choices_of(siti) == {"sms": True, "whatsapp": False, "email": False}
    whatsapp = ChannelConsent.objects.filter(user=siti, channel="whatsapp").order_by("recorded_at", "id")
    assert [(c.opted_in, c.source) for c in whatsapp] == [(True, "own_page"), (False, "own_page")]


def test_an_admin_approves_a_template_and_reads_the_delivery_statistics(
    browser, live_server, people, screenshot_dir
):
    # A live-server test starts from an emptied database: the template the migration adds is put back.
    template, _ = WhatsAppTemplate.objects.get_or_create(
        event="selected", language="id", defaults={"name": "wirausaha_selected", "category": "UTILITY"}
    )
    siti = people["siti"]
    Message.objects.create(
        recipient=siti,
        subject="Kelas Anda",
        body="…",
        channel="sms",
        status="failed",
        error="gateway error 503",
    )
    Message.objects.create(recipient=siti, subject="Sertifikat", body="…", channel="sms", status="sent")
    context, page = phone_page(browser)
    try:
        log_in(page, live_server, "admin")
        page.goto(f"{live_server.url}/akun/pesan/templat/")
        row = page.locator(f"tr[data-template='{template.pk}']")
        expect(row).to_contain_text("wirausaha_selected")
        expect(row.locator("select")).to_have_value("PENDING")
        fits(page, PHONE["width"])
        row.locator("select").select_option("APPROVED")
        row.get_by_role("button", name="Simpan").click()
        expect(page).to_have_url(re.compile(r"/akun/pesan/templat/"))
        row = page.locator(f"tr[data-template='{template.pk}']")
        expect(row.locator("select")).to_have_value("APPROVED")
        page.screenshot(path=screenshot_dir / "notifications-templates-phone.png", full_page=True)

        page.get_by_role("link", name="Statistik pengiriman").click()
        expect(page.get_by_role("heading", name="Pengiriman pesan", exact=True)).to_be_visible()
        cells = page.locator("tr[data-channel=sms] td").all_inner_texts()
        assert cells[:5] == ["sms", "2", "1", "0", "1"]
        expect(page.locator("tr[data-failed]")).to_contain_text("gateway error 503")
        fits(page, PHONE["width"])
        page.screenshot(path=screenshot_dir / "notifications-delivery-phone.png", full_page=True)
    finally:
        context.close()
    template.refresh_from_db()
    assert template.status == "APPROVED" and template.status_changed_at is not None


def test_forgot_password_by_phone_with_a_one_time_code(browser, live_server, people, screenshot_dir):
    siti = people["siti"]
    choose_channels(siti, chosen={"sms"}, source=ChannelConsent.Source.REGISTRATION)
    context, page = phone_page(browser)
    try:
        page.goto(f"{live_server.url}/masuk/")
        page.get_by_role("link", name="Lupa kata sandi? Minta kode lewat SMS").click()
        page.locator("input[name=phone]").fill("0812-3456-7890")
        fits(page, PHONE["width"])
        page.get_by_role("button", name="Kirimi saya kode").click()
        expect(page).to_have_url(f"{live_server.url}/akun/lupa-sandi/kode/")
        message = Message.objects.get(recipient=siti, event="one_time_code")
        assert "Wirausaha" in message.body and message.channel == "sms"
        code = re.search(r"\b(\d{6})\b", message.body).group(1)

        page.locator("input[name=code]").fill("000000" if code != "000000" else "111111")
        page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
        page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Simpan kata sandi baru").click()
        expect(page.locator("main")).to_contain_text("tidak berlaku")
        fits(page, PHONE["width"])
        page.screenshot(path=screenshot_dir / "notifications-reset-wrong-code-phone.png", full_page=True)

        page.locator("input[name=code]").fill(code)
        page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
        page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Simpan kata sandi baru").click()
        expect(page).to_have_url(f"{live_server.url}/")
    finally:
        context.close()
    siti.refresh_from_db()
    assert siti.check_password(NEW_PASSWORD)
