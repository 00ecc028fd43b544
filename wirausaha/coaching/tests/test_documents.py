"""The plan's PDF (drawn in the background once approved) and the mentoring letter's PDF: files a
loan officer can read, with the version, the figures and the ILO credit; the letter with its QR."""

from datetime import date, time

import pytest
from pypdf import PdfReader

from wirausaha.coaching import actions
from wirausaha.coaching.models import BusinessPlan, CoachingSession
from wirausaha.coaching.rendering import render_plan
from wirausaha.documents.rendering import render_document
from wirausaha.testing import make_user

from .support import PLAN, counselor, graduates

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(settings, tmp_path, national_admin):
    settings.MEDIA_ROOT = tmp_path
    user = make_user("siti", "participant")
    (siti,) = graduates(("Siti",), users={"Siti": user})
    dewi = counselor("dewi", by=national_admin)
    actions.reassign_participant(participant=siti, counselor=dewi, by=national_admin, reason="Uji")
    for key, data in PLAN.items():
        actions.save_plan_section(participant=siti, key=key, data=data, by=user)
    actions.submit_plan(participant=siti, by=user)
    actions.review_plan(participant=siti, by=dewi.user, approve=True, comments={})
    return siti, dewi


def text_of(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_approved_plan_is_drawn_with_its_figures_and_the_ilo_credit(approved):
    siti, _dewi = approved
    plan = BusinessPlan.objects.get(participant=siti)
    render_plan(plan)
    text = text_of(plan.pdf.path)
    assert "Siti" in text and "Versi 1" in text
    assert "Saldo terendah" in text and "CC BY-SA 3.0 IGO" in text and "SIYB" not in text


def test_the_mentoring_letter_pdf_states_the_coaching_and_its_number(approved):
    siti, dewi = approved
    session = actions.plan_session(
        participant=siti, by=dewi.user, day=date(2025, 10, 6), start=time(9), mode="in_person"
    )
    actions.record_session(session, by=dewi.user, status=CoachingSession.Status.HELD)
    letter = actions.issue_mentoring_letter(participant=siti, by=dewi.user)
    assert render_document(letter.document)
    letter.document.refresh_from_db()
    text = text_of(letter.document.pdf.path)
    assert letter.document.number in text and "PENDAMPINGAN" in text and "Siti" in text


def test_the_chart_writes_its_highest_zero_and_lowest_balance():
    from reportlab.graphics.shapes import String

    from wirausaha.coaching.pdf import chart_drawing

    texts = {s.text for s in chart_drawing((2387336, -1657148, 5062532)).contents if isinstance(s, String)}
    assert {"5.062.532", "0", "-1.657.148", "1", "2", "3"} <= texts
