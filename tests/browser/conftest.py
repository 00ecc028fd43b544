"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from .accessibility import Audit

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's Chromium is needed at {CHROMIUM}: run `make chromium`.")
    # Playwright's synchronous API runs an event loop in this thread; the test's own ORM calls
    # are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(autouse=True)
def accessibility(request):
    """Every page a browser test visits is checked with axe-core: 0 violations (accessibility.py)."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    new_context = browser.new_context
    audit = Audit(new_context)

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        audit.watch(context, kwargs.get("viewport"))
        return context

    browser.new_context = watched_context
    try:
        yield audit
    finally:
        browser.new_context = new_context
    problems = audit.finish()
    assert not problems, "axe-core found accessibility violations:\n" + "\n".join(problems)


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def reference_data(transactional_db):
    """Live-server tests flush the database after each test; put the regions and sectors back if gone."""
    from wirausaha.reference.loaders import load_regions, load_sectors
    from wirausaha.reference.models import Region, Sector

    if not Region.objects.filter(pk="32.16.01.2001").exists():
        load_regions()
    if not Sector.objects.filter(pk="10").exists():
        load_sectors()
