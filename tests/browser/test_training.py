"""A trainer takes attendance for today's session on a 360 x 740 phone: one tap for the late
participant, one for "the rest are present". Then the participant, on their phone, sees the session
marked and their attendance share. Elements are found by address or data attribute, so the test
holds whatever the translation says."""

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.centres.models import Cohort
from wirausaha.testing import make_user
from wirausaha.training.tests.support import bekasi_centre, make_class, session_today, trainer_of

from .session import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def class_today(reference_data):
    siti = make_user("siti", Role.PARTICIPANT)
    trainer = trainer_of(bekasi_centre())
    cohort, enrolments = make_class(
        ("Ani", "Budi", "Siti Rahmawati"), trainer=trainer, users={"Siti Rahmawati": siti}
    )
    return cohort, enrolments, session_today(cohort)


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_trainer_marks_attendance_on_a_phone_and_the_participant_sees_it(
    browser, live_server, class_today, screenshot_dir
):
    cohort, (ani, budi, siti), session = class_today
    trainer_phone = browser.new_context(viewport=PHONE, locale="id-ID")
    page = trainer_phone.new_page()
    try:
        log_in(page, live_server, "instruktur")
        page.goto(f"{live_server.url}/pelatihan/hari-ini/")
        page.screenshot(path=screenshot_dir / "training-trainer-today.png", full_page=True)
        fits(page)
        page.locator(f"a[href='/pelatihan/sesi/{session.pk}/']").click()
        expect(page).to_have_url(f"{live_server.url}/pelatihan/sesi/{session.pk}/")
        expect(page.locator("fieldset.mark-row")).to_have_count(3)
        fits(page)

        # Budi came late: one tap. Everyone else is present: one more.
        page.locator(f"fieldset[data-enrolment='{budi.pk}'] label.mark-late").click()
        expect(page.locator(f"input[name='status-{budi.pk}'][value=late]")).to_be_checked()
        page.screenshot(path=screenshot_dir / "training-trainer-marking.png", full_page=True)
        page.locator("button[name=rest][value=present]").click()

        expect(page).to_have_url(f"{live_server.url}/pelatihan/sesi/{session.pk}/")
        expect(page.locator(".message-success")).to_be_visible()
        expect(page.locator("[data-count=present]")).to_contain_text("2")
        expect(page.locator("[data-count=late]")).to_contain_text("1")
        expect(page.locator(f"input[name='status-{ani.pk}'][value=present]")).to_be_checked()
        page.screenshot(path=screenshot_dir / "training-trainer-marked.png", full_page=True)
        fits(page)
    finally:
        trainer_phone.close()

    assert dict(session.attendance.values_list("enrolment_id", "status")) == {
        ani.pk: "present",
        budi.pk: "late",
        siti.pk: "present",
    }
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.RUNNING

    participant_phone = browser.new_context(viewport=PHONE, locale="id-ID")
    page = participant_phone.new_page()
    try:
        log_in(page, live_server, "siti")
        page.goto(f"{live_server.url}/pelatihan/jadwal/")
        expect(page.locator(f"[data-cohort='{cohort.code}']")).to_be_visible()
        expect(page.locator("[data-share]")).to_have_text("100%")
        expect(page.locator("[data-mark=present]")).to_have_count(1)
        expect(page.get_by_text("Budi")).to_have_count(0)
        page.screenshot(path=screenshot_dir / "training-participant-schedule.png", full_page=True)
        fits(page)
    finally:
        participant_phone.close()
