"""What each user may see of applications and referrals. A participant sees their own; a counselor
those of the participants actively assigned to them; a financing partner's staff only the referrals
sent to their organisation (and the application behind each); national admins and auditors all.
Anything else is missing (404), the same answer as for a record that does not exist."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Organisation, Role, User
from wirausaha.accounts.scoping import NOTHING
from wirausaha.coaching.models import Assignment

from ..models import Application, ApplicationDocument, FinancingProduct, Referral

OVERSEERS = frozenset({Role.NATIONAL_ADMIN, Role.AUDITOR})

# Each missing code of readiness.assess, as a participant reads it.
MISSING_TEXTS = {
    "ektp": lambda: _("Upload a photo or scan of your e-KTP."),
    "kk": lambda: _("Upload a photo or scan of your family card (KK)."),
    "nib_or_sku": lambda: _(
        "Record your NIB on the My business page, or upload a business statement letter (SKU) from "
        "your village office."
    ),
    "npwp": lambda: _("For this amount the bank needs your tax number (NPWP): upload it."),
    "bank_account": lambda: _("Upload the first page of your bank account book."),
    "plan_approved": lambda: _("Your business plan must first be approved by your counselor."),
    "business_age": lambda: _(
        "Your business is younger than this product allows. A letter of mentoring or a training "
        "certificate can count instead, where the product accepts it."
    ),
    "amount_above_ceiling": lambda: _("The amount is above the product's maximum: lower it."),
    "amount_below_floor": lambda: _("The amount is below the product's minimum: raise it."),
    "product_not_in_force": lambda: _("This product is not offered today: choose another one."),
    "new_workers": lambda: _("This grant needs at least one new worker hired in your business."),
}


def missing_texts(missing) -> list[str]:
    return [MISSING_TEXTS[code]() if code in MISSING_TEXTS else code for code in missing]


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def oversees_finance(user: User) -> bool:
    return _active(user) and user.role in OVERSEERS


def is_partner(user: User) -> bool:
    return _active(user) and user.role == Role.FINANCING_PARTNER and user.organisation_id is not None


def is_counselor(user: User) -> bool:
    return _active(user) and user.role == Role.COUNSELOR


def is_participant(user: User) -> bool:
    return _active(user) and user.role == Role.PARTICIPANT


def refers(user: User) -> bool:
    """Who may refer an application (on top of seeing it): counselors and national admins."""
    return _active(user) and user.role in (Role.COUNSELOR, Role.NATIONAL_ADMIN)


def uploads_for(user: User, application: Application) -> bool:
    """Who may add documents to an application they see: the participant (it is their own) and the
    staff who refer it (the counselor of their client, national admins); the action checks again."""
    return is_participant(user) or refers(user)


def _coached(user: User, prefix: str) -> Q:
    # A subquery rather than a join: no duplicate rows, and the page's count stays one query.
    coached = Assignment.objects.filter(status=Assignment.Status.ACTIVE, counselor__user=user).values(
        "participant_id"
    )
    return Q(**{f"{prefix}participant_id__in": coached})


def application_q(user: User, prefix: str = "") -> Q:
    if not _active(user):
        return NOTHING
    if user.role in OVERSEERS:
        return Q()
    if user.role == Role.COUNSELOR:
        return _coached(user, prefix)
    if user.role == Role.PARTICIPANT:
        return Q(**{f"{prefix}participant__user_id": user.pk})
    if is_partner(user):
        referred = Referral.objects.filter(partner_id=user.organisation_id).values("application_id")
        return Q(**{f"{prefix}pk__in": referred})
    return NOTHING


def applications_visible_to(user: User) -> QuerySet[Application]:
    scope = application_q(user)
    if scope == NOTHING:
        return Application.objects.none()
    return Application.objects.filter(scope).select_related("participant", "product")


def get_application_for(user: User, pk: int) -> Application:
    application = applications_visible_to(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def get_document_for(user: User, pk: int) -> ApplicationDocument:
    document = (
        ApplicationDocument.objects.filter(pk=pk, application__in=applications_visible_to(user).values("pk"))
        .select_related("application")
        .first()
    )
    if document is None:
        raise Http404
    return document


def late_before(now: datetime | None = None) -> datetime:
    """Referrals sent before this moment and still undecided are late."""
    return (now or timezone.now()) - timedelta(days=settings.FINANCE_REFERRAL_LATE_DAYS)


def late_q(now: datetime | None = None) -> Q:
    return Q(status__in=Referral.UNDECIDED, referred_at__lt=late_before(now))


def with_late_flag(referrals: QuerySet[Referral], now: datetime | None = None) -> QuerySet[Referral]:
    return referrals.annotate(
        late=Case(When(late_q(now), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def referral_q(user: User) -> Q:
    if not _active(user):
        return NOTHING
    if user.role in OVERSEERS:
        return Q()
    if is_partner(user):
        return Q(partner_id=user.organisation_id)
    if user.role in (Role.COUNSELOR, Role.PARTICIPANT):
        return application_q(user, "application__")
    return NOTHING


def referrals_visible_to(user: User, now: datetime | None = None) -> QuerySet[Referral]:
    scope = referral_q(user)
    if scope == NOTHING:
        return Referral.objects.none()
    return with_late_flag(
        Referral.objects.filter(scope).select_related(
            "application__participant", "application__product", "partner"
        ),
        now,
    )


def get_referral_for(user: User, pk: int) -> Referral:
    referral = referrals_visible_to(user).filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral


def decides_for(user: User, referral: Referral) -> bool:
    """Only the staff of the partner the referral was sent to record its outcome."""
    return is_partner(user) and referral.partner_id == user.organisation_id


def referrals_of(application: Application) -> QuerySet[Referral]:
    return with_late_flag(application.referrals.select_related("partner").order_by("-referred_at", "-pk"))


def documents_of(application: Application) -> list[ApplicationDocument]:
    return list(application.documents.order_by("kind"))


def financing_partners() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.FINANCING_PARTNER).order_by("name")


def products_open_on(day) -> QuerySet[FinancingProduct]:
    """The versions in force on `day` that a participant may apply for through a partner (loans)."""
    return FinancingProduct.objects.in_force_on(day).filter(kind=FinancingProduct.Kind.KUR)


def late_referrals(user: User, now: datetime | None = None) -> QuerySet[Referral]:
    return referrals_visible_to(user, now).filter(late_q(now))
