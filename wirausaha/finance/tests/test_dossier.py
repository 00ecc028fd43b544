"""The dossier a bank receives: one PDF stating the applicant, the business with its NIB, the plan's
figures, the mentoring letter and the documents, and a ZIP of the PDF and the uploaded files.
Drawn in the background after the referral commits."""

import io
import zipfile
from datetime import time, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from wirausaha.coaching import actions as coaching
from wirausaha.coaching.models import CoachingSession
from wirausaha.finance.actions.referrals import refer_application
from wirausaha.finance.models import Referral

from .applicants import application_for, bank, coached_applicant

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    applicant = coached_applicant()
    coach = applicant.counselor.user
    held = coaching.plan_session(
        participant=applicant.participant,
        by=coach,
        day=timezone.localdate() - timedelta(days=3),
        start=time(9),
        mode="in_person",
    )
    coaching.record_session(held, by=coach, status=CoachingSession.Status.HELD)
    letter = coaching.issue_mentoring_letter(participant=applicant.participant, by=coach)
    partner, _officer = bank()
    with django_capture_on_commit_callbacks(execute=True):
        sent = refer_application(application=application_for(applicant), partner=partner, by=coach)
    return Referral.objects.get(pk=sent.pk), letter


def test_the_dossier_is_drawn_in_the_background_once_referred(referral):
    sent, _letter = referral

    assert sent.dossier_rendered_at is not None
    assert sent.dossier_pdf.name.endswith(".pdf") and sent.dossier_zip.name.endswith(".zip")


def test_the_pdf_states_applicant_business_plan_figures_letter_and_documents(referral):
    sent, letter = referral
    with sent.dossier_pdf.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(handle).pages)
    flat = " ".join(text.split())

    participant = sent.application.participant
    for expected in (
        participant.full_name,
        participant.nik,
        "Keripik Siti",
        participant.businesses.get().nib,
        sent.application.product.name,
        "Margin kotor",  # the calculator's summary, in Indonesian
        letter.document.number,
        "Bank Uji",
    ):
        assert expected in flat, expected
    assert "e-KTP" in flat and "ektp.png" in flat


def test_the_zip_holds_the_pdf_and_each_document_under_a_plain_name(referral):
    sent, _letter = referral
    with sent.dossier_zip.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()

    assert names == [f"berkas-rujukan-{sent.pk}.pdf", "bank_account.png", "ektp.png", "kk.png"]


def test_the_dossier_carries_a_number_and_code_that_the_public_check_confirms(referral, client):
    sent, _letter = referral
    document = sent.document
    assert document.kind == "referral_dossier" and document.number.startswith("RJK/")
    assert document.holder_name == sent.application.participant.full_name
    with sent.dossier_pdf.open("rb") as handle:
        flat = " ".join(" ".join(p.extract_text() for p in PdfReader(handle).pages).split())
    assert document.number in flat and document.code[:4] in flat

    page = client.get(f"/verify/{document.code}")
    assert page.status_code == 200
    shown = page.content.decode()
    participant = sent.application.participant
    for stated in (participant.full_name, sent.application.product.name, "Bank Uji", document.number):
        assert stated in shown, stated
    # No more than a certificate shows: neither the NIK, nor the phone, nor the amount.
    amount = f"{sent.application.amount:,}".replace(",", ".")
    for private in (participant.nik, amount, str(sent.application.amount)):
        assert private not in shown, private
    if participant.phone:
        assert participant.phone not in shown

    # The document's own PDF is a slip of the same facts (drawn by documents, in the background).
    document.refresh_from_db()
    assert document.pdf and document.rendered_at is not None
    with document.pdf.open("rb") as handle:
        slip = " ".join(" ".join(p.extract_text() for p in PdfReader(handle).pages).split())
    assert participant.full_name in slip and "Bank Uji" in slip and participant.nik not in slip
