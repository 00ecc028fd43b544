"""Builders of the application and referral tests: a coached graduate with an approved plan and a
business with a declared NIB, an application for KUR Super Mikro with its documents, and banks."""

import itertools
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wirausaha.accounts.models import Organisation, Role, User
from wirausaha.coaching import actions as coaching
from wirausaha.coaching.models import Counselor
from wirausaha.coaching.tests.support import PLAN, counselor, graduates
from wirausaha.finance.actions.applications import start_application, upload_document
from wirausaha.finance.models import Application, FinancingProduct
from wirausaha.licensing.models import Business
from wirausaha.registry.models import Participant
from wirausaha.testing import make_organisation, make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
NIB = "9120001234567"
_nibs = itertools.count(1)


def png(name: str = "scan.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def product(code: str = "kur_super_mikro") -> FinancingProduct:
    return FinancingProduct.objects.in_force_on(timezone.localdate()).get(code=code)


@dataclass
class Applicant:
    participant: Participant
    user: User
    counselor: Counselor


def coached_applicant(
    username: str = "siti",
    *,
    counselor_name: str = "dewi",
    plan: bool = True,
    nib: str | None = None,
    started_on: date | None = None,
    by: User | None = None,
) -> Applicant:
    """A graduate coached by a counselor (so mentoring is evidence), with an approved plan and a
    business whose NIB is declared, as the referral flow needs."""
    user = make_user(username, Role.PARTICIPANT)
    (person,) = graduates(
        (username.capitalize(),), users={username.capitalize(): user}, wave_code=f"W-{username}"
    )
    coach = counselor(counselor_name, by=by)
    coaching.reassign_participant(participant=person, counselor=coach, by=by, reason="Uji")
    if plan:
        for key, data in PLAN.items():
            coaching.save_plan_section(participant=person, key=key, data=data, by=user)
        coaching.submit_plan(participant=person, by=user)
        coaching.review_plan(participant=person, by=coach.user, approve=True, comments={})
    if nib is None:
        serial = next(_nibs)
        nib = NIB if serial == 1 else f"91{serial:011d}"
    Business.objects.create(
        participant=person,
        name="Keripik Siti",
        kbli_code="10794",
        village_code="32.16.01.2001",
        started_on=started_on or timezone.localdate(),
        nib=nib,
        nib_status=Business.NibStatus.DECLARED if nib else Business.NibStatus.NONE,
    )
    return Applicant(participant=person, user=user, counselor=coach)


def application_for(
    applicant: Applicant,
    *,
    code: str = "kur_super_mikro",
    amount: int | None = None,
    documents=("ektp", "kk", "bank_account"),
) -> Application:
    chosen = product(code)
    application = start_application(
        participant=applicant.participant,
        product=chosen,
        amount=amount or chosen.max_amount,
        tenor_months=12,
        purpose="Membeli penggorengan dan bahan baku",
        by=applicant.user,
    )
    for kind in documents:
        upload_document(application=application, kind=kind, upload=png(), by=applicant.user)
    return application


def bank(name: str = "Bank Uji", username: str = "bank.uji") -> tuple[Organisation, User]:
    organisation = make_organisation(name, Organisation.Kind.FINANCING_PARTNER)
    return organisation, make_user(username, Role.FINANCING_PARTNER, organisation=organisation)


def grow_referrals(people, partner: Organisation) -> None:
    """For the list-query test: an application for each of `people` with an e-KTP row, referred to
    `partner`; every other referral sent long ago (late)."""
    from datetime import timedelta

    from wirausaha.finance.models import ApplicationDocument, Referral

    chosen = product()
    applications = Application.objects.bulk_create(
        Application(
            participant=person,
            product=chosen,
            amount=chosen.min_amount,
            tenor_months=12,
            purpose="Modal kerja",
            status=Application.Status.REFERRED,
        )
        for person in people
    )
    ApplicationDocument.objects.bulk_create(
        ApplicationDocument(
            application=a,
            kind="ektp",
            file="finance/x.png",
            extension="png",
            content_type="image/png",
            size=1,
        )
        for a in applications
    )
    now = timezone.now()
    Referral.objects.bulk_create(
        Referral(application=a, partner=partner, referred_at=now - timedelta(days=60 * (n % 2)))
        for n, a in enumerate(applications)
    )
