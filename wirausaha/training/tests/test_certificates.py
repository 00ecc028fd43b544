"""Certificates: issued once to each graduate, numbered and coded, drawn as a PDF that carries the
verification code, and revoked with a reason that the audit trail keeps. Pages and the API are in
test_certificates_pages.py; the builders below are shared with it."""

import io
import itertools
import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from pypdf import PdfReader

from wirausaha.accounts.models import Organisation, Role
from wirausaha.centres.models import TrainingCentre
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.documents import pdf
from wirausaha.documents.codes import new_code
from wirausaha.documents.models import Document
from wirausaha.documents.queries import verify_url
from wirausaha.documents.rendering import certificate_text, render_document
from wirausaha.notifications.models import Message
from wirausaha.programs.actions import transition
from wirausaha.programs.models import EnrolmentState
from wirausaha.testing import (
    make_centre,
    make_cohort,
    make_organisation,
    make_participant,
    make_selected_wave,
    make_user,
    place_in_cohort,
)
from wirausaha.training.certificates.actions import (
    AlreadyRevoked,
    NotGraduated,
    NotInCohort,
    issue_certificate,
    issue_certificates,
    revoke_certificate,
)
from wirausaha.training.models import Certificate, Session

S = EnrolmentState
NUMBER = re.compile(r"^WRS/20\d\d/\d{4,}/\d{7,}$")
_waves = iter(range(1, 10_000))


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def english_messages():
    """Actions speak the active language; these tests read the English source messages."""
    with translation.override("en"):
        yield


def bekasi_centre():
    """The operator persona's centre (its organisation is "BBPVP Bekasi")."""
    centre = TrainingCentre.objects.filter(short_name="BBPVP Bekasi").first()
    return centre or make_centre("BBPVP Bekasi", region="32.75", kind="bbpvp")


def seat(participants, cohort=None, *, to=S.GRADUATED):
    """Enrolments of `participants`, seated in `cohort` and moved on to `to` (graduated by default)."""
    wave = make_selected_wave(f"PHK-T-{next(_waves)}", participants=participants)
    cohort = cohort or make_cohort(bekasi_centre())
    enrolments = list(wave.enrolments.order_by("pk"))
    place_in_cohort(cohort, enrolments)
    for enrolment in enrolments:
        transition(enrolment, S.IN_TRAINING, by=None)
        if to != S.IN_TRAINING:
            transition(enrolment, to, by=None)
    return cohort, enrolments


def graduate(participant=None, cohort=None):
    """One graduated enrolment and its cohort."""
    cohort, (enrolment,) = seat([participant or make_participant()], cohort)
    return cohort, enrolment


def issued(participant=None, cohort=None, *, by=None, capture=None):
    """A graduate's certificate, drawn (the render task runs when the issuing commits)."""
    cohort, enrolment = graduate(participant, cohort)
    if capture is None:
        return issue_certificate(enrolment=enrolment, cohort=cohort, by=by)
    with capture(execute=True):
        certificate = issue_certificate(enrolment=enrolment, cohort=cohort, by=by)
    certificate.refresh_from_db()
    return certificate


def pdf_text(certificate) -> tuple[PdfReader, str]:
    with certificate.document.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


# Issuing ------------------------------------------------------------------------------------


def test_a_graduate_gets_a_certificate_that_keeps_what_it_says(national_admin):
    participant = make_participant("Siti Rahmawati")
    cohort, enrolment = graduate(participant)
    certificate = issue_certificate(enrolment=enrolment, cohort=cohort, by=national_admin)

    assert certificate.enrolment == enrolment and certificate.cohort == cohort
    assert certificate.document.holder_name == "Siti Rahmawati"
    assert certificate.course_title == cohort.course.title
    assert certificate.centre_name == cohort.centre.name
    assert certificate.hours_jp == cohort.course.total_jp == 60
    assert (certificate.starts_on, certificate.ends_on) == (cohort.starts_on, cohort.ends_on)
    assert certificate.is_valid and certificate.document.issued_at is not None
    # A later correction of the participant's record does not change an issued certificate.
    participant.full_name = "Siti R."
    participant.save()
    certificate.refresh_from_db()
    assert certificate.document.holder_name == "Siti Rahmawati"


def test_the_hours_are_those_scheduled_in_the_cohorts_sessions(national_admin):
    cohort = make_cohort(bekasi_centre())
    start = datetime(2025, 8, 4, 1, 0, tzinfo=UTC)
    for number in range(1, 4):
        Session.objects.create(
            cohort=cohort,
            number=number,
            kind=Session.Kind.TECHNICAL,
            topic=f"Topik {number}",
            starts_at=start + timedelta(days=number),
            ends_at=start + timedelta(days=number, hours=4),
            jp=5,
        )
    certificate = issued(cohort=cohort, by=national_admin)
    assert certificate.hours_jp == 15


def test_issuing_twice_returns_the_first_certificate(national_admin):
    cohort, enrolment = graduate()
    first = issue_certificate(enrolment=enrolment, cohort=cohort, by=national_admin)
    again = issue_certificate(enrolment=enrolment, cohort=cohort, by=national_admin)
    assert (
        again.pk == first.pk
        and again.document.number == first.document.number
        and again.document.code == first.document.code
    )
    assert Certificate.objects.count() == 1
    assert AuditEvent.objects.filter(verb="certificate.issued").count() == 1


@pytest.mark.parametrize("state", [S.IN_TRAINING, S.NOT_PASSED, S.DROPPED_OUT])
def test_only_a_graduate_gets_a_certificate(national_admin, state):
    cohort, (enrolment,) = seat([make_participant()], to=state)
    with pytest.raises(NotGraduated):
        issue_certificate(enrolment=enrolment, cohort=cohort, by=national_admin)
    with pytest.raises(NotGraduated):
        issue_certificates(cohort=cohort, enrolments=[enrolment], by=national_admin)
    assert not Certificate.objects.exists()


def test_a_graduate_of_another_class_gets_no_certificate_from_this_one(national_admin):
    _cohort, enrolment = graduate()
    other = make_cohort(bekasi_centre())
    with pytest.raises(NotInCohort):
        issue_certificate(enrolment=enrolment, cohort=other, by=national_admin)
    with pytest.raises(NotInCohort):
        issue_certificates(cohort=other, enrolments=[enrolment], by=national_admin)
    assert not Certificate.objects.exists()


def test_issuing_is_audited_and_the_holder_is_told(national_admin):
    user = make_user("lulusan", Role.PARTICIPANT)
    certificate = issued(make_participant("Rina Wati", user=user), by=national_admin)
    event = AuditEvent.objects.get(verb="certificate.issued")
    assert event.actor == national_admin
    assert event.target_id == str(certificate.pk) and event.target_label == certificate.document.number
    message = Message.objects.get(recipient=user)
    assert certificate.document.number in message.body and "/pelatihan/sertifikat/saya/" in message.body


def test_numbers_are_unique_readable_and_held_by_the_database(national_admin):
    cohort, enrolments = seat([make_participant(f"Peserta {i}") for i in range(5)])
    numbers = [
        issue_certificate(enrolment=e, cohort=cohort, by=national_admin).document.number for e in enrolments
    ]
    assert len(set(numbers)) == 5
    assert all(NUMBER.match(number) for number in numbers), numbers
    assert {number.split("/")[2] for number in numbers} == {f"{cohort.centre_id:04d}"}

    other_cohort, (other,) = seat([make_participant("Peserta lain")])
    duplicate = Certificate.objects.get(document__number=numbers[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            enrolment=other,
            cohort=other_cohort,
            document=Document.objects.create(
                kind=Document.Kind.CERTIFICATE,
                number=duplicate.document.number,
                code=new_code(),
                holder_name="X",
                title="X",
                time_zone="Asia/Jakarta",
                issued_at=duplicate.document.issued_at,
            ),
            course_title="X",
            centre_name="X",
            hours_jp=1,
            starts_on=duplicate.starts_on,
            ends_on=duplicate.ends_on,
        )


def test_codes_are_long_random_and_not_sequential(national_admin):
    cohort, enrolments = seat([make_participant(f"Peserta {i}") for i in range(8)])
    codes = [
        issue_certificate(enrolment=e, cohort=cohort, by=national_admin).document.code for e in enrolments
    ]
    assert all(re.fullmatch(r"[A-Z2-7]{24}", code) for code in codes)  # base32: 120 random bits
    # Consecutive certificates share no visible order: their codes differ almost everywhere.
    for first, second in itertools.pairwise(codes):
        assert sum(a != b for a, b in zip(first, second, strict=True)) >= 16
    many = [new_code() for _ in range(5000)]
    assert len(set(many)) == 5000
    # Every symbol of the alphabet is used in every position: nothing fixed, nothing counted.
    assert all(len({code[position] for code in many}) == 32 for position in range(24))


def test_issuing_a_cohort_at_once_gives_each_graduate_one_certificate(
    national_admin, django_capture_on_commit_callbacks
):
    cohort, enrolments = seat([make_participant(f"Peserta {i}") for i in range(4)])
    first = issue_certificate(enrolment=enrolments[0], cohort=cohort, by=national_admin)
    with django_capture_on_commit_callbacks(execute=True):
        certificates = issue_certificates(cohort=cohort, enrolments=enrolments, by=national_admin)

    assert len(certificates) == 4 and first.pk in {c.pk for c in certificates}
    assert Certificate.objects.filter(cohort=cohort).count() == 4
    assert all(NUMBER.match(c.document.number) for c in Certificate.objects.all())
    assert AuditEvent.objects.filter(verb="certificate.issued").count() == 4
    # The one task of the batch drew every certificate of the cohort.
    assert not Certificate.objects.filter(document__rendered_at__isnull=True).exists()
    # A second run issues nothing new.
    again = issue_certificates(cohort=cohort, enrolments=enrolments, by=national_admin)
    assert {c.pk for c in again} == {c.pk for c in certificates}
    assert AuditEvent.objects.filter(verb="certificate.issued").count() == 4


# The PDF ------------------------------------------------------------------------------------


def test_the_pdf_opens_and_carries_the_name_number_and_verification_code(
    national_admin, django_capture_on_commit_callbacks
):
    certificate = issued(
        make_participant("Ni Luh Putu Ayu Kartika Déwi"),
        by=national_admin,
        capture=django_capture_on_commit_callbacks,
    )
    assert certificate.document.pdf and certificate.document.rendered_at is not None
    reader, text = pdf_text(certificate)

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    assert "Ni Luh Putu Ayu Kartika Déwi" in text
    assert certificate.document.number in text
    assert pdf.group_code(certificate.document.code) in text
    assert "SERTIFIKAT" in text.replace(" ", "")  # Indonesian, whatever the reader's language
    assert "/verify/" in text
    assert reader.metadata.keywords == certificate.document.code


def test_the_qr_code_leads_to_the_public_check_of_this_certificate(national_admin):
    certificate = issued(by=national_admin)
    text = certificate_text(Certificate.objects.select_related("document").get(pk=certificate.pk).document)
    assert text.verify_url == f"{settings.SITE_URL.rstrip('/')}/verify/{certificate.document.code}"
    assert verify_url(certificate.document.code) == text.verify_url


def test_a_second_render_replaces_the_file(national_admin, django_capture_on_commit_callbacks):
    certificate = issued(by=national_admin, capture=django_capture_on_commit_callbacks)
    first_name = certificate.document.pdf.name
    certificate = Certificate.objects.select_related("document").get(pk=certificate.pk)
    assert render_document(certificate.document)
    storage = certificate.document.pdf.storage
    assert certificate.document.pdf.name == first_name and storage.exists(first_name)
    assert len(storage.listdir(os.path.dirname(first_name))[1]) == 1


def test_a_revoked_certificate_is_not_drawn(national_admin):
    certificate = issued(by=national_admin)
    revoke_certificate(certificate, by=national_admin, reason="Diterbitkan untuk orang yang salah")
    certificate = Certificate.objects.select_related("document").get(pk=certificate.pk)
    assert render_document(certificate.document) is False
    certificate.refresh_from_db()
    assert not certificate.document.pdf and certificate.document.rendered_at is None


# Revoking -----------------------------------------------------------------------------------


def test_the_issuing_centres_operator_revokes_with_a_reason_and_it_is_audited(centre_operator):
    user = make_user("lulusan", Role.PARTICIPANT)
    certificate = issued(make_participant(user=user), by=centre_operator)
    revoke_certificate(certificate, by=centre_operator, reason="Nilai ujian salah input")

    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert (
        certificate.document.revoked_by == centre_operator
        and certificate.document.revoke_reason == "Nilai ujian salah input"
    )
    event = AuditEvent.objects.get(verb="certificate.revoked")
    assert event.actor == centre_operator and event.reason == "Nilai ujian salah input"
    assert event.target_id == str(certificate.pk)
    assert Message.objects.filter(recipient=user, subject__contains="dicabut").exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoking_needs_a_reason(national_admin, reason):
    certificate = issued(by=national_admin)
    with pytest.raises(InvalidInput) as error:
        revoke_certificate(certificate, by=national_admin, reason=reason)
    assert "reason" in error.value.errors
    certificate.refresh_from_db()
    assert certificate.is_valid and not AuditEvent.objects.filter(verb="certificate.revoked").exists()


def test_only_a_national_admin_or_the_issuing_centre_may_revoke(national_admin, jabar_officer):
    certificate = issued(by=national_admin)
    elsewhere = make_organisation("BLK Kota Bandung", Organisation.Kind.TRAINING_CENTRE, "32.73")
    other_operator = make_user("operator.bandung", Role.CENTRE_OPERATOR, organisation=elsewhere)
    for outsider in (other_operator, jabar_officer, make_user("peserta", Role.PARTICIPANT)):
        with pytest.raises(PermissionDenied):
            revoke_certificate(certificate, by=outsider, reason="coba")
    certificate.refresh_from_db()
    assert certificate.is_valid
    revoke_certificate(certificate, by=national_admin, reason="Salah terbit")
    with pytest.raises(AlreadyRevoked):
        revoke_certificate(certificate, by=national_admin, reason="Sekali lagi")
    assert AuditEvent.objects.filter(verb="certificate.revoked").count() == 1
