"""Signing in through the login page, as a person does, for the browser tests."""

from playwright.sync_api import expect

from wirausaha.testing import PASSWORD


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/masuk/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{live_server.url}/")
