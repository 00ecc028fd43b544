"""The partner portal through HTTP: a bank's staff see only the referrals sent to their
organisation (everything else is a 404, the same as a missing one), record decisions with forms,
and download the dossier; participants apply and upload on their own pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wirausaha.common.audit import AuditEvent
from wirausaha.finance.actions.referrals import refer_application
from wirausaha.finance.dossier.store import store_dossier
from wirausaha.finance.models import Application, ApplicationDocument, Referral

from .applicants import application_for, bank, coached_applicant, product

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_banks(settings, tmp_path):
    """Siti referred to Bank A; Ani (another participant) referred to Bank B."""
    settings.MEDIA_ROOT = tmp_path
    siti = coached_applicant("siti", counselor_name="dewi")
    ani = coached_applicant("ani", counselor_name="rina")
    bank_a, officer_a = bank("Bank A", "bank.a")
    bank_b, officer_b = bank("Bank B", "bank.b")
    to_a = refer_application(application=application_for(siti), partner=bank_a, by=siti.counselor.user)
    to_b = refer_application(application=application_for(ani), partner=bank_b, by=ani.counselor.user)
    return {"siti": siti, "ani": ani, "a": officer_a, "b": officer_b, "to_a": to_a, "to_b": to_b}


def test_a_bank_sees_only_the_referrals_sent_to_it(client, two_banks):
    client.force_login(two_banks["a"])

    inbox = client.get(reverse("finance:referral_list"))

    assert inbox.status_code == 200
    assert f'data-referral="{two_banks["to_a"].pk}"' in inbox.text
    assert f'data-referral="{two_banks["to_b"].pk}"' not in inbox.text


@pytest.mark.parametrize("route", ["finance:referral_detail", "finance:dossier_pdf", "finance:dossier_zip"])
def test_another_banks_referral_is_a_404_like_a_missing_one(client, two_banks, route):
    client.force_login(two_banks["a"])

    assert client.get(reverse(route, args=[two_banks["to_b"].pk])).status_code == 404
    assert client.get(reverse(route, args=[999999])).status_code == 404


def test_another_banks_referral_cannot_be_decided_nor_its_documents_read(client, two_banks):
    client.force_login(two_banks["a"])
    other = two_banks["to_b"]
    document = ApplicationDocument.objects.filter(application=other.application).first()

    decided = client.post(
        reverse("finance:referral_decide", args=[other.pk]), {"outcome": "reject", "reject-reason": "x"}
    )

    assert decided.status_code == 404
    assert Referral.objects.get(pk=other.pk).status == Referral.Status.SENT
    assert client.get(reverse("finance:document_download", args=[document.pk])).status_code == 404
    assert client.get(reverse("finance:application_detail", args=[other.application_id])).status_code == 404


def test_a_participant_sees_their_referral_but_not_another_participants(client, two_banks):
    client.force_login(two_banks["siti"].user)

    assert client.get(reverse("finance:referral_detail", args=[two_banks["to_a"].pk])).status_code == 200
    assert client.get(reverse("finance:referral_detail", args=[two_banks["to_b"].pk])).status_code == 404
    assert client.get(reverse("finance:referral_list")).status_code == 404


def test_the_bank_approves_and_disburses_with_the_forms(client, two_banks):
    referral = two_banks["to_a"]
    amount = referral.application.amount
    client.force_login(two_banks["a"])
    url = reverse("finance:referral_decide", args=[referral.pk])

    approved = client.post(
        url,
        {"outcome": "approve", "approve-amount": amount, "approve-tenor_months": 12, "approve-rate": "5,5"},
    )
    disbursed = client.post(
        url,
        {
            "outcome": "disburse",
            "disburse-disbursed_on": timezone.localdate().isoformat(),
            "disburse-amount": amount,
        },
    )

    assert (approved.status_code, disbursed.status_code) == (302, 302)
    referral.refresh_from_db()
    assert (referral.status, referral.approved_rate_bp) == (Referral.Status.DISBURSED, 550)


def test_a_refused_move_is_shown_on_the_form_not_a_500(client, two_banks):
    referral = two_banks["to_a"]
    client.force_login(two_banks["a"])

    page = client.post(
        reverse("finance:referral_decide", args=[referral.pk]),
        {"outcome": "approve", "approve-amount": "", "approve-tenor_months": 12, "approve-rate": "abc"},
    )

    assert page.status_code == 422
    assert "field-error" in page.text or "form-errors" in page.text


def test_the_dossier_is_downloaded_by_the_bank_and_the_download_audited(client, two_banks):
    referral = two_banks["to_a"]
    store_dossier(referral)
    client.force_login(two_banks["a"])

    pdf = client.get(reverse("finance:dossier_pdf", args=[referral.pk]))
    archive = client.get(reverse("finance:dossier_zip", args=[referral.pk]))

    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert archive.status_code == 200 and b"".join(archive.streaming_content).startswith(b"PK")
    assert AuditEvent.objects.filter(verb="finance_referral.dossier_downloaded").count() == 2


def test_admins_see_every_referral_and_the_late_ones_flagged(client, two_banks, national_admin, settings):
    late_since = timezone.now() - timedelta(days=settings.FINANCE_REFERRAL_LATE_DAYS, minutes=1)
    Referral.objects.filter(pk=two_banks["to_b"].pk).update(referred_at=late_since)
    client.force_login(national_admin)

    page = client.get(reverse("finance:referral_list") + "?terlambat=1")

    assert page.status_code == 200
    assert f'data-referral="{two_banks["to_b"].pk}"' in page.text
    assert f'data-referral="{two_banks["to_a"].pk}"' not in page.text
    assert "data-late" in page.text


def test_a_participant_applies_and_uploads_on_their_pages(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    siti = coached_applicant()
    client.force_login(siti.user)
    chosen = product()

    created = client.post(
        reverse("finance:application_start"),
        {"product": chosen.pk, "amount": chosen.max_amount, "tenor_months": 12, "purpose": "Membeli alat"},
    )
    application = Application.objects.get(participant=siti.participant)
    uploaded = client.post(
        reverse("finance:document_upload", args=[application.pk]),
        {"kind": "ektp", "file": open_png()},
    )
    refused = client.post(
        reverse("finance:document_upload", args=[application.pk]),
        {"kind": "kk", "file": open_png(b"GIF89a not allowed")},
    )

    assert (created.status_code, uploaded.status_code, refused.status_code) == (302, 302, 422)
    assert "PDF, JPEG atau PNG" in refused.text
    assert list(application.documents.values_list("kind", flat=True)) == ["ektp"]


def open_png(content: bytes = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("foto.png", content, content_type="image/png")
