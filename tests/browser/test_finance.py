"""On a 360 x 740 phone without JavaScript: `lulusan` (coached, plan approved, NIB declared, letter
of mentoring issued) applies for KUR Super Mikro and uploads the e-KTP, KK and bank book; the
application shows complete; `pendamping` refers it to the bank; `bank` sees it in its inbox,
approves it and records the disbursement; the milestone "first financing" is set."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from wirausaha.accounts.models import Organisation, Role
from wirausaha.coaching import actions as coaching
from wirausaha.coaching.models import CoachingSession, Milestone
from wirausaha.coaching.tests.support import PLAN, counselor, graduates
from wirausaha.finance.data import sync_products
from wirausaha.finance.models import Application, FinancingProduct, Referral
from wirausaha.licensing.models import Business
from wirausaha.testing import make_organisation, make_user

from .test_wave_draw import PHONE, fits, log_in

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def ready_to_apply(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sync_products(FinancingProduct)  # the live server's flush removed the seeded products
    admin = make_user("admin", Role.NATIONAL_ADMIN)
    user = make_user("lulusan", Role.PARTICIPANT)
    (graduate,) = graduates(("Lulusan Demo",), users={"Lulusan Demo": user})
    coach = counselor("pendamping", by=admin)
    coaching.reassign_participant(participant=graduate, counselor=coach, by=admin, reason="Uji peramban")
    for key, data in PLAN.items():
        coaching.save_plan_section(participant=graduate, key=key, data=data, by=user)
    coaching.submit_plan(participant=graduate, by=user)
    coaching.review_plan(participant=graduate, by=coach.user, approve=True, comments={})
    held = coaching.plan_session(
        participant=graduate,
        by=coach.user,
        day=timezone.localdate() - timedelta(days=2),
        start=time(9),
        mode="in_person",
    )
    coaching.record_session(held, by=coach.user, status=CoachingSession.Status.HELD)
    coaching.issue_mentoring_letter(participant=graduate, by=coach.user)
    Business.objects.create(
        participant=graduate,
        name="Keripik Singkong Lulusan",
        kbli_code="10794",
        village_code="32.16.01.2001",
        started_on=timezone.localdate() - timedelta(days=60),
        nib="9120009876543",
        nib_status=Business.NibStatus.DECLARED,
    )
    bank = make_organisation("Bank Penyalur KUR (uji)", Organisation.Kind.FINANCING_PARTNER)
    make_user("bank", Role.FINANCING_PARTNER, organisation=bank)
    scan = tmp_path / "scan.png"
    scan.write_bytes(PNG)
    return graduate, scan


def phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    return context, context.new_page()


def test_lulusan_applies_the_counselor_refers_and_the_bank_approves_and_disburses(
    browser, live_server, ready_to_apply, screenshot_dir
):
    graduate, scan = ready_to_apply
    product = FinancingProduct.objects.in_force_on(timezone.localdate()).get(code="kur_super_mikro")

    context, page = phone_page(browser)
    try:
        log_in(page, live_server, "lulusan")
        page.goto(f"{live_server.url}/pembiayaan/")
        page.locator("[data-apply]").click()
        page.locator("[name=product]").select_option(str(product.pk))
        page.locator("[name=amount]").fill(str(product.max_amount))
        page.locator("[name=tenor_months]").fill("12")
        page.locator("[name=purpose]").fill("Penggorengan, sealer dan bahan baku awal")
        fits(page, PHONE["width"])
        page.locator("[data-apply-form] button[type=submit]").click()
        application = Application.objects.get(participant=graduate)
        expect(page).to_have_url(f"{live_server.url}/pembiayaan/pengajuan/{application.pk}/")
        expect(page.locator("[data-readiness=missing]")).to_be_visible()
        for kind in ("ektp", "kk", "bank_account"):
            page.locator("[name=kind]").select_option(kind)
            page.locator("[name=file]").set_input_files(str(scan))
            page.locator("[data-upload-form] button[type=submit]").click()
            expect(page.locator(f"[data-document={kind}]")).to_be_visible()
        expect(page.locator("[data-readiness=ready]")).to_be_visible()
        fits(page, PHONE["width"])
        page.screenshot(path=screenshot_dir / "finance-application-phone.png", full_page=True)
    finally:
        context.close()

    context, page = phone_page(browser)
    try:
        log_in(page, live_server, "pendamping")
        page.goto(f"{live_server.url}/pembiayaan/pengajuan/")
        page.locator(f"[data-application='{application.pk}'] h2 a").click()
        page.locator("[name=partner]").select_option(label="Bank Penyalur KUR (uji)")
        page.locator("[name=note]").fill("Usaha berjalan dua bulan; didampingi sejak pelatihan.")
        page.locator("[data-refer-form] button[type=submit]").click()
        expect(page.locator("[data-referral-status=sent]")).to_be_visible()
    finally:
        context.close()
    referral = Referral.objects.get(application=application)

    context, page = phone_page(browser)
    try:
        log_in(page, live_server, "bank")
        page.goto(f"{live_server.url}/pembiayaan/")
        expect(page.locator(f"[data-referral='{referral.pk}']")).to_be_visible()
        page.locator(f"[data-referral='{referral.pk}'] h2 a").click()
        fits(page, PHONE["width"])
        approve = page.locator("[data-decision=approve]")
        approve.locator("[name=approve-rate]").fill("3")
        approve.locator("button[type=submit]").click()
        expect(page.locator("[data-status=approved]")).to_be_visible()
        disburse = page.locator("[data-decision=disburse]")
        disburse.locator("[name=disburse-disbursed_on]").fill(timezone.localdate().isoformat())
        disburse.locator("button[type=submit]").click()
        expect(page.locator("[data-status=disbursed]")).to_be_visible()
        page.screenshot(path=screenshot_dir / "finance-partner-referral-phone.png", full_page=True)
    finally:
        context.close()

    referral.refresh_from_db()
    assert referral.status == Referral.Status.DISBURSED
    assert referral.disbursed_amount == product.max_amount
    assert Milestone.objects.filter(participant=graduate, kind=Milestone.Kind.FIRST_FINANCING).exists()
