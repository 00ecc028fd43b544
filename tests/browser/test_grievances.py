"""On a 360 x 740 phone without JavaScript, an anonymous visitor reports that a fee was asked for
at a training centre, keeps the tracking code and follows the case with it; the West Java grievance
officer resolves it, and the visitor reads the outcome with the same code. The centre's operator
never sees the case."""

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.grievances.models import Grievance
from wirausaha.grievances.tests.support import officer
from wirausaha.testing import make_centre, make_user

from .test_wave_draw import PHONE, fits, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def centre(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    officer("pengaduan.jabar", region="32")
    bekasi = make_centre("BLK Peramban Bekasi", region="32.16")
    make_user("operator.peramban", Role.CENTRE_OPERATOR, organisation=bekasi.organisation)
    return bekasi


def test_an_anonymous_visitor_reports_a_fee_follows_it_and_an_officer_resolves_it(
    browser, live_server, centre, screenshot_dir
):
    visitor = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = visitor.new_page()
    officer_context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    try:
        page.goto(f"{live_server.url}/pengaduan/")
        page.locator("[data-province-form] select[name=province]").select_option("32")
        page.locator("[data-province-form] button").click()
        form = page.locator("[data-report-form]")
        form.locator("input[name=category][value=illegal_fee]").check()
        form.locator("[name=description]").fill("Petugas loket meminta Rp 200.000 supaya saya masuk kelas.")
        form.locator("select[name=centre]").select_option(str(centre.pk))
        fits(page, PHONE["width"])
        page.screenshot(path=screenshot_dir / "grievance-report-phone.png", full_page=True)
        form.locator("button[type=submit]").click()
        code = page.locator("[data-tracking-code]").inner_text().strip()
        assert code.startswith("ADU-")
        fits(page, PHONE["width"])

        page.get_by_role("link", name="Ikuti pengaduan Anda").click()
        page.locator("[name=code]").fill(code)
        page.locator("form.panel button[type=submit]").click()
        expect(page.locator("[data-case-status=received]")).to_be_visible()
        fits(page, PHONE["width"])

        case = Grievance.objects.get()
        assert case.assigned_to.username == "pengaduan.jabar" and case.is_anonymous

        officer_page = officer_context.new_page()
        log_in(officer_page, live_server, "pengaduan.jabar")
        officer_page.goto(f"{live_server.url}/pengaduan/antrean/")
        officer_page.locator(f"[data-grievance='{case.pk}'] a").click()
        officer_page.locator("[data-step=acknowledge]").click()
        officer_page.locator("select[name=outcome]").select_option("upheld")
        officer_page.locator("#id_resolve_text").fill("Petugas diberi sanksi dan uang Anda dikembalikan.")
        fits(officer_page, PHONE["width"])
        officer_page.screenshot(path=screenshot_dir / "grievance-case-phone.png", full_page=True)
        officer_page.locator("[data-step=resolve]").click()
        expect(officer_page.locator("[data-case-status=resolved]")).to_be_visible()

        page.reload()
        expect(page.locator("[data-outcome=upheld]")).to_be_visible()
        expect(
            page.locator("[data-case-status=resolved]").get_by_text("uang Anda dikembalikan")
        ).to_be_visible()
        page.screenshot(path=screenshot_dir / "grievance-followed-phone.png", full_page=True)
        fits(page, PHONE["width"])
    finally:
        visitor.close()
        officer_context.close()

    operator = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = operator.new_page()
    try:
        log_in(page, live_server, "operator.peramban")
        response = page.goto(f"{live_server.url}/pengaduan/kasus/{case.pk}/")
        assert response is not None and response.status == 404
    finally:
        operator.close()
