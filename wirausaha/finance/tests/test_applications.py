"""Applying for capital: readiness from the records of earlier stages (gathered in bulk), the
documents (content-checked, size-limited), and who may apply."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wirausaha.common.audit import AuditEvent
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.finance.actions.applications import MAX_DOCUMENT_BYTES, start_application, upload_document
from wirausaha.finance.facts import readiness_for, readiness_of
from wirausaha.finance.models import Application, ApplicationDocument
from wirausaha.finance.queries.applications import missing_texts
from wirausaha.testing import make_participant, make_user

from .applicants import JPEG, PDF, application_for, coached_applicant, png, product

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_coached_applicant_with_nib_plan_and_documents_is_ready_for_kur_super_mikro(media):
    applicant = coached_applicant()
    application = application_for(applicant)

    verdict = readiness_for(application, timezone.localdate())

    # The business started today: the mentoring by the counselor stands in for six months of business.
    assert verdict.ready, verdict.missing


def test_what_is_missing_is_named_with_one_code_each_and_explained_in_indonesian(media):
    applicant = coached_applicant(plan=False, nib="")
    application = application_for(applicant, documents=("ektp",))

    verdict = readiness_for(application, timezone.localdate())

    assert verdict.missing == ("bank_account", "kk", "nib_or_sku", "plan_approved")
    texts = missing_texts(verdict.missing)
    assert texts[0] == "Unggah halaman pertama buku rekening bank Anda."
    assert all(text and text not in verdict.missing for text in texts)


def test_an_sku_upload_stands_in_for_the_nib(media):
    applicant = coached_applicant(nib="")
    application = application_for(applicant, documents=("ektp", "kk", "bank_account", "sku"))

    assert readiness_for(application, timezone.localdate()).ready


def test_mikro_needs_six_months_of_business_even_with_mentoring(media):
    applicant = coached_applicant(started_on=timezone.localdate() - timedelta(days=30))
    application = application_for(applicant, code="kur_mikro")

    assert "business_age" in readiness_for(application, timezone.localdate()).missing


def test_facts_of_many_applications_take_the_same_number_of_queries_as_of_one(media):
    first = application_for(coached_applicant("siti", counselor_name="dewi"))
    with CaptureQueriesContext(connection) as one:
        readiness_of(Application.objects.filter(pk=first.pk), timezone.localdate())
    for index in range(4):
        application_for(coached_applicant(f"ani{index}", counselor_name=f"rina{index}"))
    with CaptureQueriesContext(connection) as five:
        verdicts = readiness_of(Application.objects.all(), timezone.localdate())

    assert len(verdicts) == 5
    assert len(five.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 not a scan", "ktp.png", "Unggah berkas PDF, JPEG atau PNG"),
        (b"", "ktp.pdf", "Berkas kosong."),
        (b"<html><script>alert(1)</script>", "ktp.jpg", "Unggah berkas PDF, JPEG atau PNG"),
    ],
)
def test_a_file_that_is_not_really_a_pdf_jpeg_or_png_is_refused_whatever_its_name(
    media, content, name, message
):
    applicant = coached_applicant()
    application = application_for(applicant, documents=())

    with pytest.raises(InvalidInput) as refused:
        upload_document(application=application, kind="ektp", upload=png(name, content), by=applicant.user)

    assert message in refused.value.errors["file"]
    assert not ApplicationDocument.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_file_over_the_limit_is_refused_with_its_size(media):
    applicant = coached_applicant()
    application = application_for(applicant, documents=())
    big = png("besar.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_DOCUMENT_BYTES)

    with pytest.raises(InvalidInput) as refused:
        upload_document(application=application, kind="kk", upload=big, by=applicant.user)

    assert "batasnya 5 MB" in refused.value.errors["file"]
    assert not ApplicationDocument.objects.exists()


def test_a_second_upload_of_a_kind_replaces_the_first_and_keeps_what_it_really_is(media):
    applicant = coached_applicant()
    application = application_for(applicant, documents=())
    upload_document(application=application, kind="ektp", upload=png("a.png", PDF), by=applicant.user)
    upload_document(application=application, kind="ektp", upload=png("b.png", JPEG), by=applicant.user)

    (document,) = ApplicationDocument.objects.all()
    assert (document.extension, document.content_type) == ("jpg", "image/jpeg")
    assert AuditEvent.objects.filter(verb="finance_application.document_uploaded").count() == 2


def test_another_participant_cannot_apply_or_upload_for_someone_else(media):
    applicant = coached_applicant()
    application = application_for(applicant, documents=())
    stranger = make_user("budi", "participant")
    make_participant("Budi", user=stranger, sex="M")

    with pytest.raises(PermissionDenied):
        upload_document(application=application, kind="kk", upload=png(), by=stranger)
    with pytest.raises(PermissionDenied):
        start_application(
            participant=applicant.participant,
            product=product(),
            amount=1,
            tenor_months=12,
            purpose="x",
            by=stranger,
        )


def test_the_counselor_may_apply_for_their_client_and_an_open_application_is_not_doubled(media):
    applicant = coached_applicant()
    chosen = product()
    start_application(
        participant=applicant.participant,
        product=chosen,
        amount=chosen.max_amount,
        tenor_months=12,
        purpose="Modal kerja",
        by=applicant.counselor.user,
    )

    with pytest.raises(InvalidInput) as refused:
        start_application(
            participant=applicant.participant,
            product=chosen,
            amount=chosen.max_amount,
            tenor_months=12,
            purpose="Lagi",
            by=applicant.user,
        )
    assert "product" in refused.value.errors


def test_bad_amount_tenor_and_purpose_are_each_named(media):
    applicant = coached_applicant()
    chosen = product()

    with pytest.raises(InvalidInput) as refused:
        start_application(
            participant=applicant.participant,
            product=chosen,
            amount="sepuluh juta",
            tenor_months=(chosen.max_tenor_months or 0) + 1,
            purpose="  ",
            by=applicant.user,
        )

    assert set(refused.value.errors) == {"amount", "tenor_months", "purpose"}
    assert not Application.objects.exists()


def test_a_product_out_of_force_cannot_be_applied_for(media):
    applicant = coached_applicant()
    old = product()
    old.in_force_until = timezone.localdate() - timedelta(days=1)
    old.in_force_from = old.in_force_until - timedelta(days=10)
    old.save()

    with pytest.raises(InvalidInput) as refused:
        start_application(
            participant=applicant.participant,
            product=old,
            amount=1,
            tenor_months=12,
            purpose="x",
            by=applicant.user,
        )
    assert "product" in refused.value.errors
