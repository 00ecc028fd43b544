"""Referring a ready application to a financing partner, and the partner's outcome as a state
machine: allowed moves, refused moves with a clear message, notifications, the milestone "first
financing", and the late flag after the configured number of days."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wirausaha.coaching.models import Milestone
from wirausaha.common.audit import AuditEvent
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.finance.actions import decisions
from wirausaha.finance.actions.applications import StateError, upload_document
from wirausaha.finance.actions.referrals import refer_application, resend_referral
from wirausaha.finance.models import Application, Referral
from wirausaha.finance.queries.applications import late_referrals, referrals_visible_to
from wirausaha.notifications.models import Message

from .applicants import application_for, bank, coached_applicant, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    applicant = coached_applicant()
    application = application_for(applicant)
    partner, officer = bank()
    # Coaching told them of the counselor and the plan already: only finance's messages count here.
    Message.objects.all().delete()
    referral = refer_application(
        application=application, partner=partner, by=applicant.counselor.user, note="Siap"
    )
    return applicant, referral, officer


def messages_to(user) -> list[str]:
    return list(Message.objects.filter(recipient=user).order_by("pk").values_list("subject", flat=True))


def test_the_counselor_refers_a_ready_application_and_everyone_concerned_is_told(referred):
    applicant, referral, officer = referred

    assert referral.status == Referral.Status.SENT
    assert Application.objects.get(pk=referral.application_id).status == Application.Status.REFERRED
    assert AuditEvent.objects.filter(verb="finance_referral.sent", target_id=str(referral.pk)).exists()
    assert len(messages_to(applicant.user)) == 1
    assert len(messages_to(applicant.counselor.user)) == 1
    assert len(messages_to(officer)) == 1


def test_an_application_that_is_not_ready_is_not_referred_and_says_what_is_missing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    applicant = coached_applicant()
    application = application_for(applicant, documents=("ektp",))
    partner, _officer = bank()

    with pytest.raises(InvalidInput) as refused:
        refer_application(application=application, partner=partner, by=applicant.counselor.user)

    assert "kartu keluarga" in refused.value.errors["application"].lower()
    assert not Referral.objects.exists()


def test_only_the_participants_own_counselor_refers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    applicant = coached_applicant()
    other = coached_applicant("ani", counselor_name="rina")
    application = application_for(applicant)
    partner, _officer = bank()

    with pytest.raises(PermissionDenied):
        refer_application(application=application, partner=partner, by=other.counselor.user)
    with pytest.raises(PermissionDenied):
        refer_application(application=application, partner=partner, by=applicant.user)


def test_approval_then_disbursement_sets_first_financing_and_tells_both(referred):
    applicant, referral, officer = referred
    amount = referral.application.amount

    decisions.approve_referral(referral=referral, by=officer, amount=amount, tenor_months=12, rate_bp=550)
    milestone = Milestone.objects.get(participant=applicant.participant, kind=Milestone.Kind.FIRST_FINANCING)
    assert milestone.reached_on == timezone.localdate()
    day = timezone.localdate()
    done = decisions.disburse_referral(referral=referral, by=officer, disbursed_on=day, amount=amount)

    assert done.status == Referral.Status.DISBURSED
    assert (done.approved_rate_bp, done.disbursed_amount) == (550, amount)
    assert Application.objects.get(pk=referral.application_id).status == Application.Status.FUNDED
    assert Milestone.objects.filter(participant=applicant.participant, kind="first_financing").count() == 1
    # Referred, approved, disbursed: three messages each.
    assert len(messages_to(applicant.user)) == 3
    assert len(messages_to(applicant.counselor.user)) == 3


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (None, "disburse"),
        ("reject", "approve"),
        ("reject", "more_documents"),
        ("approve", "more_documents"),
        ("approve", "approve"),
    ],
)
def test_a_move_the_state_machine_does_not_allow_is_refused_plainly(referred, first, then):
    _applicant, referral, officer = referred
    amount = referral.application.amount
    calls = {
        "approve": lambda: decisions.approve_referral(
            referral=referral, by=officer, amount=amount, tenor_months=12, rate_bp=550
        ),
        "reject": lambda: decisions.reject_referral(
            referral=referral, by=officer, reason="Usaha belum berjalan"
        ),
        "more_documents": lambda: decisions.request_more_documents(
            referral=referral, by=officer, documents="SKU"
        ),
        "disburse": lambda: decisions.disburse_referral(
            referral=referral, by=officer, disbursed_on=timezone.localdate(), amount=amount
        ),
    }
    if first:
        calls[first]()
    before = Referral.objects.get(pk=referral.pk).status

    with pytest.raises(StateError) as refused:
        calls[then]()

    assert "tidak dapat menjadi" in str(refused.value)
    assert Referral.objects.get(pk=referral.pk).status == before


def test_more_documents_lets_the_participant_upload_and_the_counselor_send_again(referred):
    applicant, referral, officer = referred
    with pytest.raises(StateError):
        upload_document(application=referral.application, kind="npwp", upload=png(), by=applicant.user)

    decisions.request_more_documents(referral=referral, by=officer, documents="NPWP")
    upload_document(application=referral.application, kind="npwp", upload=png(), by=applicant.user)
    again = resend_referral(referral=referral, by=applicant.counselor.user)

    assert again.status == Referral.Status.SENT
    assert "membutuhkan dokumen tambahan" in messages_to(applicant.user)[1]


def test_a_rejected_application_can_be_referred_to_another_partner(referred):
    applicant, referral, officer = referred
    decisions.reject_referral(referral=referral, by=officer, reason="Di luar wilayah layanan")
    other, _officer = bank("Koperasi Uji", "koperasi.uji")

    second = refer_application(application=referral.application, partner=other, by=applicant.counselor.user)

    assert second.partner == other
    assert Referral.objects.filter(application=referral.application).count() == 2


def test_another_partner_cannot_record_the_outcome(referred):
    _applicant, referral, _officer = referred
    _other, stranger = bank("Bank Lain", "bank.lain")

    with pytest.raises(PermissionDenied):
        decisions.reject_referral(referral=referral, by=stranger, reason="x")
    assert not referrals_visible_to(stranger).exists()


def test_approval_above_the_product_ceiling_and_disbursement_above_approval_are_refused(referred):
    _applicant, referral, officer = referred
    ceiling = referral.application.product.max_amount

    with pytest.raises(InvalidInput) as refused:
        decisions.approve_referral(
            referral=referral, by=officer, amount=ceiling + 1, tenor_months=12, rate_bp=550
        )
    assert "amount" in refused.value.errors
    decisions.approve_referral(
        referral=referral, by=officer, amount=ceiling - 1, tenor_months=12, rate_bp=550
    )
    with pytest.raises(InvalidInput) as refused:
        decisions.disburse_referral(
            referral=referral,
            by=officer,
            disbursed_on=timezone.localdate() + timedelta(days=1),
            amount=ceiling,
        )
    assert set(refused.value.errors) == {"disbursed_on", "amount"}


def test_the_sikp_status_is_recorded_as_reported_and_told(referred):
    applicant, referral, officer = referred

    decisions.record_sikp_status(referral=referral, by=officer, status="Terdaftar di SIKP")

    assert Referral.objects.get(pk=referral.pk).sikp_status == "Terdaftar di SIKP"
    assert AuditEvent.objects.filter(verb="finance_referral.sikp_reported").exists()
    assert messages_to(applicant.user)[-1] == "Status SIKP pengajuan Anda"


def test_an_undecided_referral_is_late_only_after_the_configured_days(referred, settings, national_admin):
    _applicant, referral, officer = referred
    days = settings.FINANCE_REFERRAL_LATE_DAYS
    now = timezone.now()

    Referral.objects.filter(pk=referral.pk).update(
        referred_at=now - timedelta(days=days) + timedelta(minutes=1)
    )
    assert not late_referrals(officer, now).exists()
    Referral.objects.filter(pk=referral.pk).update(
        referred_at=now - timedelta(days=days) - timedelta(minutes=1)
    )
    assert late_referrals(officer, now).exists()
    assert late_referrals(national_admin, now).exists()
    decisions.reject_referral(referral=referral, by=officer, reason="Terlambat diproses")
    assert not late_referrals(officer, now).exists()
