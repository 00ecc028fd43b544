"""The issue's "done when" on the seeded demo: `lulusan` records an NIB and sees the checklist, their
KUR Super Mikro application (with the mentoring letter as evidence) becomes ready, `pendamping`
refers it to the demo bank, and `bank` receives, approves and disburses it; the grant is proposed
and approved by two different officers."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wirausaha.accounts.models import User
from wirausaha.coaching.models import Milestone
from wirausaha.finance.actions import decisions
from wirausaha.finance.facts import readiness_for
from wirausaha.finance.models import Application, GrantProposal, Referral
from wirausaha.finance.queries.applications import referrals_visible_to
from wirausaha.licensing.actions.nib import declare_nib
from wirausaha.licensing.models import Business, RiskLevel

from .applicants import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--participants", "5", stdout=StringIO())
    return {u.username: u for u in User.objects.filter(username__in=["lulusan", "pendamping", "bank"])}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_lulusan_gets_kur_super_mikro_from_the_demo_bank(demo):
    lulusan, pendamping, bank = demo["lulusan"], demo["pendamping"], demo["bank"]
    application = Application.objects.get(participant__user=lulusan)
    assert application.product.code == "kur_super_mikro"
    # Before the NIB, the only thing missing is the NIB; the mentoring letter stands as evidence.
    assert readiness_for(application, timezone.localdate()).missing == ("nib_or_sku",)
    assert application.participant.mentoring_letters.filter(document__revoked_at__isnull=True).exists()

    business = Business.objects.get(participant__user=lulusan)
    declare_nib(
        business=business,
        by=lulusan,
        nib="9120004567890",
        issued_on=timezone.localdate(),
        risk_level=RiskLevel.RENDAH,
        document=SimpleUploadedFile("nib.pdf", PDF, content_type="application/pdf"),
    )
    checklist = client_of(lulusan).get(f"/api/v1/licensing/businesses/{business.pk}/items")
    assert checklist.status_code == 200
    items = {item["kind"]: item for item in checklist.json()}
    assert items["nib"]["status"] == "done" and {"pkp", "spp_irt"} <= set(items)
    assert readiness_for(application, timezone.localdate()).ready

    partner = bank.organisation
    referred = client_of(pendamping).post(
        f"/api/v1/finance/applications/{application.pk}/refer",
        {"partner_id": partner.pk, "note": "Siap diajukan"},
        content_type="application/json",
    )
    assert referred.status_code == 201, referred.content
    referral = Referral.objects.get(pk=referred.json()["id"])
    assert list(referrals_visible_to(bank)) == [referral]

    product = application.product
    decisions.approve_referral(
        referral=referral,
        by=bank,
        amount=application.amount,
        tenor_months=12,
        rate_bp=product.annual_rate_bp,
    )
    decisions.disburse_referral(
        referral=referral, by=bank, disbursed_on=timezone.localdate(), amount=application.amount
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DISBURSED
    assert referral.disbursed_amount == application.amount == product.max_amount
    assert Milestone.objects.filter(
        participant=application.participant, kind=Milestone.Kind.FIRST_FINANCING
    ).exists()

    grant = GrantProposal.objects.get()
    assert grant.status == GrantProposal.Status.APPROVED
    assert grant.proposed_by_id != grant.decided_by_id
