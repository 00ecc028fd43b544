import re

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.testing import PASSWORD, make_participant, make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def officer(reference_data):
    user = make_user("disnaker.bekasi", Role.REGENCY_OFFICER, region="32.16")
    user.first_name, user.last_name = "Petugas", "Disnaker Bekasi"
    user.save()
    make_participant("Siti Rahmawati", village="32.16.01.2001")
    make_participant("Made Wirawan", village="51.71.01.1001")
    return user


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/masuk/"))
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.parametrize(("size_name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_officer_logs_in_sees_the_role_home_and_switches_language(
    browser, live_server, officer, screenshot_dir, size_name, viewport
):
    context = browser.new_context(viewport=viewport, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/masuk/")
        expect(page.get_by_role("heading", name="Masuk ke Wirausaha")).to_be_visible()
        page.screenshot(path=screenshot_dir / f"login-{size_name}.png", full_page=True)

        log_in(page, live_server, "disnaker.bekasi")
        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Petugas")
        expect(page.get_by_text("Kabupaten Bekasi").first).to_be_visible()
        page.screenshot(path=screenshot_dir / f"home-officer-{size_name}.png", full_page=True)

        # The participant list is scoped: Bekasi's participant, not Bali's.
        page.get_by_role("link", name=re.compile("Peserta")).first.click()
        expect(page.get_by_role("link", name="Siti Rahmawati")).to_be_visible()
        expect(page.get_by_text("Made Wirawan")).to_have_count(0)
        page.screenshot(path=screenshot_dir / f"participants-{size_name}.png", full_page=True)

        page.get_by_role("button", name="EN").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", name="Participants")).to_be_visible()
        page.goto(f"{live_server.url}/")
        expect(page.get_by_role("heading", name="What you can do next")).to_be_visible()
        page.screenshot(path=screenshot_dir / f"home-officer-en-{size_name}.png", full_page=True)

        # The page fits the screen: nothing scrolls sideways on a phone.
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= viewport["width"]
    finally:
        context.close()
