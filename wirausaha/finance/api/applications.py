"""The API of applications, referrals and partner decisions, scoped like their pages: a participant
sees their own, a counselor their clients', a financing partner the referrals sent to its
organisation, national admins and auditors all; anything else is a 404."""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from wirausaha.accounts.models import Organisation
from wirausaha.coaching.queries import coached_participants
from wirausaha.common.errors import InvalidInput, NotFound
from wirausaha.common.pagination import PageNumberPagination
from wirausaha.registry.models import Participant

from ..actions import applications as actions
from ..actions import decisions, referrals
from ..facts import readiness_of
from ..models import Application, ApplicationDocument, FinancingProduct, Referral
from ..queries.applications import (
    applications_visible_to,
    decides_for,
    get_application_for,
    get_referral_for,
    is_participant,
    missing_texts,
    referrals_visible_to,
    refers,
    uploads_for,
)

router = Router(tags=["finance"])
MAX_RUPIAH = 10**15


class ApplicationIn(Schema):
    participant_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Counselors: the client.")
    product: str = Field(
        ..., min_length=1, max_length=40, description="A product code, e.g. kur_super_mikro."
    )
    amount: int = Field(..., ge=1, le=MAX_RUPIAH)
    tenor_months: int = Field(..., ge=1, le=600)
    purpose: str = Field(..., min_length=1, max_length=actions.PURPOSE_MAX)


class ReadinessOut(Schema):
    ready: bool
    missing: list[str]
    explained: list[str]


class ApplicationOut(Schema):
    id: int
    participant_id: int
    participant_name: str
    product: str
    product_name: str
    amount: int
    tenor_months: int
    purpose: str
    status: str
    documents: list[str]
    readiness: ReadinessOut
    created_at: datetime


class DocumentOut(Schema):
    id: int
    application_id: int
    kind: str
    content_type: str
    size: int
    uploaded_at: datetime


class ReferIn(Schema):
    # Optional in the schema so that scope and role are checked before the body (a 404 first).
    partner_id: int | None = Field(None, ge=1, le=2**31 - 1)
    note: str = Field("", max_length=2000)


class ReferralOut(Schema):
    id: int
    application_id: int
    participant_name: str
    product: str
    amount: int
    partner_id: int
    partner_name: str
    status: str
    late: bool
    referred_at: datetime
    decided_at: datetime | None
    documents_requested: str
    approved_amount: int | None
    approved_tenor_months: int | None
    approved_rate_bp: int | None
    rejection_reason: str
    disbursed_on: date | None
    disbursed_amount: int | None
    sikp_status: str
    dossier_ready: bool


class DecisionIn(Schema):
    # Optional in the schema so that scope and role are checked before the body (a 404 first).
    outcome: Literal["more_documents", "approve", "reject", "disburse", "sikp"] | None = None
    documents_requested: str = Field("", max_length=2000)
    amount: int | None = Field(None, ge=1, le=MAX_RUPIAH)
    tenor_months: int | None = Field(None, ge=1, le=600)
    rate_bp: int | None = Field(None, ge=0, le=decisions.MAX_RATE_BP, description="600 = 6 % a year.")
    reason: str = Field("", max_length=2000)
    disbursed_on: date | None = None
    sikp_status: str = Field("", max_length=120)


def _applications_out(rows: list[Application]) -> list[dict]:
    ids = [a.pk for a in rows]
    verdicts = readiness_of(Application.objects.filter(pk__in=ids), timezone.localdate())
    kinds: dict[int, list[str]] = {}
    for application_id, kind in (
        ApplicationDocument.objects.filter(application_id__in=ids)
        .order_by("kind")
        .values_list("application_id", "kind")
    ):
        kinds.setdefault(application_id, []).append(kind)
    out = []
    for a in rows:
        verdict = verdicts[a.pk]
        out.append(
            {
                "id": a.pk,
                "participant_id": a.participant_id,
                "participant_name": a.participant.full_name,
                "product": a.product.code,
                "product_name": a.product.name,
                "amount": a.amount,
                "tenor_months": a.tenor_months,
                "purpose": a.purpose,
                "status": a.status,
                "documents": kinds.get(a.pk, []),
                "readiness": {
                    "ready": verdict.ready,
                    "missing": list(verdict.missing),
                    "explained": missing_texts(verdict.missing),
                },
                "created_at": a.created_at,
            }
        )
    return out


def _referral_out(r: Referral) -> dict:
    return {
        "id": r.pk,
        "application_id": r.application_id,
        "participant_name": r.application.participant.full_name,
        "product": r.application.product.code,
        "amount": r.application.amount,
        "partner_id": r.partner_id,
        "partner_name": r.partner.name,
        "status": r.status,
        "late": bool(getattr(r, "late", False)),
        "referred_at": r.referred_at,
        "decided_at": r.decided_at,
        "documents_requested": r.documents_requested,
        "approved_amount": r.approved_amount,
        "approved_tenor_months": r.approved_tenor_months,
        "approved_rate_bp": r.approved_rate_bp,
        "rejection_reason": r.rejection_reason,
        "disbursed_on": r.disbursed_on,
        "disbursed_amount": r.disbursed_amount,
        "sikp_status": r.sikp_status,
        "dossier_ready": r.dossier_rendered_at is not None,
    }


class _Converted:
    """A queryset the pagination slices first; only the page's rows are then read and converted
    (applications with their readiness: a fixed number of queries, not one per row)."""

    def __init__(self, queryset, convert):
        self.queryset, self.convert = queryset, convert

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, item):
        return self.convert(list(self.queryset[item]))


@router.get("/finance/applications", response=list[ApplicationOut])
@paginate(PageNumberPagination, page_size=100)
def list_applications(request):
    return _Converted(applications_visible_to(request.auth).order_by("-created_at", "-pk"), _applications_out)


@router.post("/finance/applications", response={201: ApplicationOut})
def start_application(request, payload: ApplicationIn):
    """Start an application: a participant for themself; a counselor names the client."""
    user = request.auth
    if is_participant(user):
        participant = Participant.objects.filter(user=user).first()
    elif payload.participant_id is not None and refers(user):
        # A counselor names one of their clients; anyone else is missing (404), not forbidden.
        participant = coached_participants(user).filter(pk=payload.participant_id).first()
    else:
        raise InvalidInput({"participant_id": _("Name the participant the application is for.")})
    if participant is None:
        # Missing and not one's client read the same (no id probing); a 422 on the field named.
        raise InvalidInput({"participant_id": _("No participant you coach has this id.")})
    product = FinancingProduct.objects.in_force_on(timezone.localdate()).filter(code=payload.product).first()
    application = actions.start_application(
        participant=participant,
        product=product,
        amount=payload.amount,
        tenor_months=payload.tenor_months,
        purpose=payload.purpose,
        by=user,
    )
    return 201, _applications_out([application])[0]


@router.get("/finance/applications/{application_id}", response=ApplicationOut)
def get_application(request, application_id: int):
    return _applications_out([get_application_for(request.auth, application_id)])[0]


@router.post("/finance/applications/{application_id}/documents", response={201: DocumentOut})
def upload_application_document(
    request,
    application_id: int,
    kind: Form[str | None] = None,
    file: File[UploadedFile | None] = None,
):
    """Upload one document of the application (multipart: `kind`, one of ektp, kk, sku, npwp or
    bank_account, and `file`), replacing an earlier one of the same kind: a PDF, JPEG or PNG by
    its content, whatever its name says, of at most 5 MB; a 422 names the field otherwise. The
    participant themself, their counselor or a national admin; anyone else gets 404."""
    application = get_application_for(request.auth, application_id)
    if not uploads_for(request.auth, application):
        raise NotFound(_("Not found."))
    document = actions.upload_document(application=application, kind=kind or "", upload=file, by=request.auth)
    return 201, {
        "id": document.pk,
        "application_id": document.application_id,
        "kind": document.kind,
        "content_type": document.content_type,
        "size": document.size,
        "uploaded_at": document.uploaded_at,
    }


@router.post("/finance/applications/{application_id}/refer", response={201: ReferralOut})
def refer_application(request, application_id: int, payload: ReferIn | None = None):
    """Refer a ready application to a financing partner (its counselor or a national admin)."""
    application = get_application_for(request.auth, application_id)
    if not refers(request.auth):
        raise NotFound(_("Not found."))
    if payload is None or payload.partner_id is None:
        raise InvalidInput({"partner_id": _("This field is required.")})
    partner = Organisation.objects.filter(
        pk=payload.partner_id, kind=Organisation.Kind.FINANCING_PARTNER
    ).first()
    referral = referrals.refer_application(
        application=application, partner=partner, note=payload.note, by=request.auth
    )
    return 201, _referral_out(get_referral_for(request.auth, referral.pk))


@router.get("/finance/referrals", response=list[ReferralOut])
@paginate(PageNumberPagination, page_size=100)
def list_referrals(request):
    return _Converted(
        referrals_visible_to(request.auth).order_by("-referred_at", "-pk"),
        lambda rows: [_referral_out(r) for r in rows],
    )


@router.get("/finance/referrals/{referral_id}", response=ReferralOut)
def get_referral(request, referral_id: int):
    return _referral_out(get_referral_for(request.auth, referral_id))


@router.post("/finance/referrals/{referral_id}/decision", response=ReferralOut)
def decide_referral(request, referral_id: int, payload: DecisionIn | None = None):
    """The partner's outcome: more_documents (documents_requested), approve (amount, tenor_months,
    rate_bp), reject (reason), disburse (disbursed_on, amount), or sikp (sikp_status). Only the
    staff of the partner the referral was sent to; others get 404."""
    referral = get_referral_for(request.auth, referral_id)
    if not decides_for(request.auth, referral):
        raise NotFound(_("Not found."))
    if payload is None or payload.outcome is None:
        raise InvalidInput({"outcome": _("This field is required.")})
    by, p = request.auth, payload
    if p.outcome == "more_documents":
        decisions.request_more_documents(referral=referral, by=by, documents=p.documents_requested)
    elif p.outcome == "approve":
        required = {"amount": p.amount, "tenor_months": p.tenor_months, "rate_bp": p.rate_bp}
        missing = {field: _("This field is required.") for field, value in required.items() if value is None}
        if missing:
            raise InvalidInput(missing)
        decisions.approve_referral(
            referral=referral, by=by, amount=p.amount, tenor_months=p.tenor_months, rate_bp=p.rate_bp
        )
    elif p.outcome == "reject":
        decisions.reject_referral(referral=referral, by=by, reason=p.reason)
    elif p.outcome == "disburse":
        decisions.disburse_referral(referral=referral, by=by, disbursed_on=p.disbursed_on, amount=p.amount)
    else:
        decisions.record_sikp_status(referral=referral, by=by, status=p.sikp_status)
    return _referral_out(get_referral_for(request.auth, referral_id))
