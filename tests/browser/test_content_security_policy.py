"""The pages work under the Content-Security-Policy (issue #25): Chromium reports no violation."""

import re

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.programs.tests.support import make_wave
from wirausaha.testing import PASSWORD, make_user

pytestmark = pytest.mark.browser

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_key_pages_report_no_policy_violation(browser, live_server, reference_data):
    make_user("admin", Role.NATIONAL_ADMIN)
    wave = make_wave("CSP-2025-1", quotas={"32": 2})
    context = browser.new_context(locale="id-ID")
    context.add_init_script(WATCH)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))

    def visit(path: str) -> None:
        response = page.goto(f"{live_server.url}{path}")
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], path

    try:
        visit("/masuk/")
        visit("/peserta/daftar/")
        visit("/verify/")
        visit("/api/v1/docs")
        expect(page.locator(".swagger-ui .info")).to_be_visible()
        visit("/masuk/")
        page.get_by_label("Nama pengguna").fill("admin")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page).to_have_url(re.compile(r"/$"))
        assert page.evaluate("window.__violations") == []
        visit("/")
        visit(f"/gelombang/{wave.code}/")
        visit("/peserta/")
    finally:
        context.close()
    assert not [text for text in console if "Content Security Policy" in text], console
