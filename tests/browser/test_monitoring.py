"""On a 360 x 740 phone: a graduate answers the 3-month follow-up from the signed link in their
message (no password), and the ministry partner sees the change in the dashboard's funnel. Both
pages fit the screen. Elements are found by data attributes, whatever the translation says."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from wirausaha.accounts.models import Organisation, Role
from wirausaha.monitoring import links
from wirausaha.monitoring.actions import open_round
from wirausaha.monitoring.models import FollowUpAnswer, FollowUpRound
from wirausaha.programs.models import EnrolmentEvent
from wirausaha.testing import make_organisation, make_participant, make_selected_wave, make_user

from .session import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def follow_up(reference_data):
    ministry = make_organisation("Kementerian UMKM", Organisation.Kind.COMMUNITY)
    make_user("kemenumkm", Role.MINISTRY_PARTNER, organisation=ministry)
    lulusan = make_participant("Lulusan Demo", user=make_user("lulusan", Role.PARTICIPANT))
    others = [make_participant(f"Peserta {n}") for n in range(3)]
    wave = make_selected_wave("PANTAU-1", participants=[lulusan, *others])
    for enrolment in wave.enrolments.all():
        EnrolmentEvent.objects.create(enrolment=enrolment, to_state="selected")
        EnrolmentEvent.objects.create(enrolment=enrolment, from_state="selected", to_state="graduated")
    round_ = open_round(wave=wave, months=3, by=None)
    today = timezone.localdate()
    FollowUpRound.objects.filter(pk=round_.pk).update(
        opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=30)
    )
    return round_, lulusan


def test_a_graduate_answers_from_the_link_and_the_ministry_sees_the_funnel_change(
    browser, live_server, follow_up, screenshot_dir
):
    round_, lulusan = follow_up
    ministry = browser.new_context(viewport=PHONE, locale="id-ID")
    dashboard = ministry.new_page()
    log_in(dashboard, live_server, "kemenumkm")
    dashboard.goto(f"{live_server.url}/pemantauan/")
    operating = dashboard.locator('[data-funnel-table] tr[data-step="operating_3"] td').first
    expect(operating).to_have_text("0")
    expect(dashboard.locator('[data-funnel-table] tr[data-step="graduated"] td').first).to_have_text("4")
    fits(dashboard, PHONE["width"])
    dashboard.screenshot(path=screenshot_dir / "monitoring-dashboard-360.png", full_page=True)

    phone = browser.new_context(viewport=PHONE, locale="id-ID")
    form = phone.new_page()
    form.goto(live_server.url + links.path_for(round_, lulusan.pk))
    form.locator('input[name="operating"][value="1"]').check()
    form.locator('input[name="monthly_revenue"]').fill("3500000")
    form.locator('input[name="household_income"]').fill("4000000")
    fits(form, PHONE["width"])
    form.screenshot(path=screenshot_dir / "monitoring-follow-up-360.png", full_page=True)
    form.locator("[data-answer-form] button[type=submit]").click()
    expect(form.locator("h1")).to_be_visible()
    assert FollowUpAnswer.objects.get(participant=lulusan).monthly_revenue == 3_500_000

    dashboard.reload()
    expect(dashboard.locator('[data-funnel-table] tr[data-step="operating_3"] td').first).to_have_text("1")
    ministry.close()
    phone.close()
