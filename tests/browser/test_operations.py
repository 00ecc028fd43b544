"""On a 360 x 740 phone: the national admin opens the operations page, sees the
task worker's heartbeat, the queue and a failed task, and queues that task again. The page fits
the screen. Elements are found by data attributes, whatever the translation says."""

import pytest
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.operations.actions import beat
from wirausaha.operations.models import WorkerKind
from wirausaha.operations.tests.support import failed_task
from wirausaha.testing import PASSWORD, make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def test_the_admin_sees_workers_and_queues_a_failed_task_again_on_a_phone(
    browser, live_server, reference_data, screenshot_dir
):
    make_user("admin", Role.NATIONAL_ADMIN)
    beat(worker_id="web-1.tasks", kind=WorkerKind.TASKS)
    task = failed_task(error="builtins.TimeoutError")

    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/")
    page.locator("input[name=username]").fill("admin")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/operasi/")
    expect(page.locator('[data-worker="web-1.tasks"]')).to_be_visible()
    failed = page.locator(f'[data-failed-task="{task.pk}"]')
    expect(failed).to_contain_text("TimeoutError")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshot_dir / "operations-360.png", full_page=True)

    failed.locator("button[type=submit]").click()
    expect(page.locator(f'[data-failed-task="{task.pk}"]')).to_have_count(0)
    assert DBTaskResult.objects.get(pk=task.pk).status == "READY"
    context.close()
