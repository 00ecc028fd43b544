"""On a 360 x 740 phone without JavaScript, the graduate writes the business plan section by
section and submits it; the counselor returns it with a comment, the graduate answers it and
submits again, and the counselor approves it. Elements are found by name or data attribute."""

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.coaching import actions
from wirausaha.coaching.models import BusinessPlan
from wirausaha.coaching.tests.support import PLAN, counselor, graduates
from wirausaha.testing import make_user

from .test_wave_draw import PHONE, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def coached(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    admin = make_user("admin", Role.NATIONAL_ADMIN)
    user = make_user("lulusan", Role.PARTICIPANT)
    (graduate,) = graduates(("Lulusan Demo",), users={"Lulusan Demo": user})
    coach = counselor("pendamping", by=admin)
    actions.reassign_participant(participant=graduate, counselor=coach, by=admin, reason="Uji peramban")
    return graduate


def fields_of(key: str, data: dict) -> dict:
    if key == "sales_plan":
        return {f"m{n}_{name}": value for n, row in enumerate(data["months"]) for name, value in row.items()}
    return data


def test_the_graduate_writes_and_submits_the_plan_and_the_counselor_returns_then_approves_it(
    browser, live_server, coached, screenshot_dir
):
    graduate = coached
    phone = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = phone.new_page()
    try:
        log_in(page, live_server, "lulusan")
        page.goto(f"{live_server.url}/pendampingan/saya/")
        page.locator("[data-my-plan]").click()
        for key, data in PLAN.items():
            page.goto(f"{live_server.url}/pendampingan/saya/rencana/{key}/")
            for name, value in fields_of(key, data).items():
                page.locator(f"[name={name}]").fill(str(value))
            page.locator("[data-save]").click()
            expect(page).to_have_url(f"{live_server.url}/pendampingan/saya/rencana/")
        expect(page.locator("[data-figures]")).to_be_visible()
        expect(page.locator("[data-chart] svg")).to_be_visible()
        # The cash-flow table is stacked on a phone: nothing scrolls sideways.
        table = page.locator("[data-cash-flow]").bounding_box()
        assert table is not None and table["x"] >= 0 and table["x"] + table["width"] <= PHONE["width"]
        page.screenshot(path=screenshot_dir / "coaching-plan-phone.png", full_page=True)
        page.locator("[data-submit-plan]").click()
        expect(page.locator("[data-plan-status=submitted]")).to_be_visible()
    finally:
        phone.close()

    def review(decision: str, comment: str = "") -> None:
        context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
        page = context.new_page()
        try:
            log_in(page, live_server, "pendamping")
            page.goto(f"{live_server.url}/pendampingan/kasus/{graduate.pk}/rencana/")
            page.locator(f"input[name=decision][value={decision}]").check()
            if comment:
                page.locator("[name=comment_market]").fill(comment)
            page.screenshot(path=screenshot_dir / f"coaching-review-{decision}-phone.png", full_page=True)
            page.locator("[data-review]").click()
            expect(page).to_have_url(f"{live_server.url}/pendampingan/kasus/{graduate.pk}/")
        finally:
            context.close()

    review("return", "Berapa warung yang sudah bersedia menjual?")
    phone = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = phone.new_page()
    try:
        log_in(page, live_server, "lulusan")
        page.goto(f"{live_server.url}/pendampingan/saya/rencana/market/")
        expect(page.locator("[data-comment]")).to_contain_text("Berapa warung")
        page.locator("[name=customers]").fill("12 warung sudah bersedia; 40 warung dalam radius 5 km.")
        page.locator("[data-save]").click()
        page.locator("[data-submit-plan]").click()
        expect(page.locator("[data-plan-status=submitted]")).to_be_visible()
    finally:
        phone.close()
    review("approve")
    plan = BusinessPlan.objects.get(participant=graduate)
    assert plan.status == BusinessPlan.Status.APPROVED and plan.versions.count() == 2
