"""The financing partner's outcome of a referral, as a state machine:

    sent ──> more_documents ──(counselor sends again)──> sent
    sent | more_documents ──> approved ──> disbursed
    sent | more_documents | approved ──> rejected

Any other move is refused with a plain message. Each step locks the referral's row, is audited,
and notifies the participant and their counselor; approval and disbursement set the coaching
milestone "first financing". The SIKP status is recorded as the partner reports it, at any time."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.coaching.actions import record_milestone
from wirausaha.coaching.models import Milestone
from wirausaha.coaching.presentation import rupiah
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.notifications.actions import in_recipients_language

from ..models import Application, Referral
from .applications import StateError
from .referrals import tell_both

S = Referral.Status
TRANSITIONS: dict[str, frozenset[str]] = {
    S.SENT: frozenset({S.MORE_DOCUMENTS, S.APPROVED, S.REJECTED}),
    S.MORE_DOCUMENTS: frozenset({S.SENT, S.APPROVED, S.REJECTED}),
    S.APPROVED: frozenset({S.DISBURSED, S.REJECTED}),
    S.REJECTED: frozenset(),
    S.DISBURSED: frozenset(),
}
MAX_RATE_BP = 10_000  # 100 % a year: beyond it the figure is a typing error, not a rate
TEXT_MAX = 2000


def refuse_move(current: str, target: str) -> StateError:
    return StateError(
        _("A referral that is “%(current)s” cannot become “%(target)s”.")
        % {"current": S(current).label, "target": S(target).label}
    )


def _lock(referral: Referral, by: User | None, target: str) -> Referral:
    locked = (
        Referral.objects.select_for_update()
        .select_related("application__participant", "application__product", "partner")
        .get(pk=referral.pk)
    )
    if by is not None and not (by.organisation_id and by.organisation_id == locked.partner_id):
        raise PermissionDenied(_("Only the partner the referral was sent to records its outcome."))
    if target not in TRANSITIONS[locked.status]:
        raise refuse_move(locked.status, target)
    return locked


def _move(locked: Referral, target: str, by: User | None, fields: list[str], *, reason: str = "") -> None:
    before = locked.status
    locked.status = target
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at", "updated_at", *fields])
    changes = {"status": [before, target]}
    for name in fields:
        value = getattr(locked, name)
        changes[name] = [None, value.isoformat() if isinstance(value, date) else value]
    record_event(by, f"finance_referral.{target}", locked, reason=reason, changes=changes)


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput({field: message})
    if len(value) > TEXT_MAX:
        raise InvalidInput({field: _("Keep it under %(count)s characters.") % {"count": TEXT_MAX}})
    return value


def _positive(value, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput({field: _("Enter a whole number.")}) from None
    if number <= 0:
        raise InvalidInput({field: _("Enter a number above zero.")})
    return number


@transaction.atomic
def request_more_documents(*, referral: Referral, by: User | None, documents: str) -> Referral:
    documents = _text(documents, "documents_requested", _("Say which documents are needed."))
    locked = _lock(referral, by, S.MORE_DOCUMENTS)
    locked.documents_requested = documents
    _move(locked, S.MORE_DOCUMENTS, by, ["documents_requested"])
    with in_recipients_language():
        tell_both(
            locked.application,
            subject=_("%(partner)s needs more documents") % {"partner": locked.partner.name},
            body=_(
                "%(partner)s asks for: %(documents)s. Upload them, then your counselor sends the "
                "application again."
            )
            % {"partner": locked.partner.name, "documents": documents},
        )
    return locked


@transaction.atomic
def approve_referral(*, referral: Referral, by: User | None, amount, tenor_months, rate_bp) -> Referral:
    """Approve with the amount (within the product's range), the tenor and the annual rate."""
    errors = {}
    locked = _lock(referral, by, S.APPROVED)
    product = locked.application.product
    try:
        amount = _positive(amount, "amount")
        if amount > product.max_amount:
            errors["amount"] = _("Above the product's maximum of %(max)s.") % {
                "max": rupiah(product.max_amount)
            }
    except InvalidInput as error:
        errors.update(error.errors)
    try:
        tenor = _positive(tenor_months, "tenor_months")
        if product.max_tenor_months and tenor > product.max_tenor_months:
            errors["tenor_months"] = _("The longest tenor of this product is %(months)s months.") % {
                "months": product.max_tenor_months
            }
    except InvalidInput as error:
        errors.update(error.errors)
    try:
        rate = int(rate_bp)
        if rate < 0 or rate > MAX_RATE_BP:
            errors["rate"] = _("Enter the annual rate in percent, between 0 and 100.")
    except (TypeError, ValueError):
        errors["rate"] = _("Enter the annual rate in percent, for example 6 or 6,5.")
    if errors:
        raise InvalidInput(errors)
    locked.approved_amount, locked.approved_tenor_months, locked.approved_rate_bp = amount, tenor, rate
    _move(locked, S.APPROVED, by, ["approved_amount", "approved_tenor_months", "approved_rate_bp"])
    participant = locked.application.participant
    record_milestone(
        participant=participant,
        kind=Milestone.Kind.FIRST_FINANCING,
        reached_on=timezone.localdate(),
        by=by,
        note=_("Approved by %(partner)s") % {"partner": locked.partner.name},
        source="finance",
    )
    with in_recipients_language():
        tell_both(
            locked.application,
            subject=_("Your application was approved"),
            body=_("%(partner)s approved %(amount)s for %(months)s months at %(rate)s%% a year.")
            % {
                "partner": locked.partner.name,
                "amount": rupiah(amount),
                "months": tenor,
                "rate": f"{rate / 100:g}".replace(".", ","),
            },
        )
    return locked


@transaction.atomic
def reject_referral(*, referral: Referral, by: User | None, reason: str) -> Referral:
    reason = _text(reason, "reason", _("Say why the application is rejected."))
    locked = _lock(referral, by, S.REJECTED)
    locked.rejection_reason = reason
    _move(locked, S.REJECTED, by, ["rejection_reason"], reason=reason)
    # The application is prepared again: the counselor may correct it or refer it elsewhere.
    Application.objects.filter(pk=locked.application_id).update(
        status=Application.Status.PREPARING, updated_at=timezone.now()
    )
    with in_recipients_language():
        tell_both(
            locked.application,
            subject=_("Your application was not approved"),
            body=_(
                "%(partner)s did not approve the application: %(reason)s. Talk with your counselor "
                "about the next step."
            )
            % {"partner": locked.partner.name, "reason": reason},
        )
    return locked


@transaction.atomic
def disburse_referral(*, referral: Referral, by: User | None, disbursed_on, amount) -> Referral:
    """Record the money paid out: on a day not in the future and not before the referral, at most
    the approved amount."""
    locked = _lock(referral, by, S.DISBURSED)
    errors = {}
    today = timezone.localdate()
    if not isinstance(disbursed_on, date):
        errors["disbursed_on"] = _("Enter the date of disbursement.")
    elif disbursed_on > today:
        errors["disbursed_on"] = _("The date cannot be in the future.")
    elif disbursed_on < timezone.localtime(locked.referred_at).date():
        errors["disbursed_on"] = _("The date cannot be before the referral.")
    try:
        amount = _positive(amount, "amount")
        if locked.approved_amount is not None and amount > locked.approved_amount:
            errors["amount"] = _("Above the approved amount of %(approved)s.") % {
                "approved": rupiah(locked.approved_amount)
            }
    except InvalidInput as error:
        errors.update(error.errors)
    if errors:
        raise InvalidInput(errors)
    locked.disbursed_on, locked.disbursed_amount = disbursed_on, amount
    _move(locked, S.DISBURSED, by, ["disbursed_on", "disbursed_amount"])
    Application.objects.filter(pk=locked.application_id).update(
        status=Application.Status.FUNDED, updated_at=timezone.now()
    )
    record_milestone(
        participant=locked.application.participant,
        kind=Milestone.Kind.FIRST_FINANCING,
        reached_on=disbursed_on,
        by=by,
        note=_("Disbursed by %(partner)s") % {"partner": locked.partner.name},
        source="finance",
    )
    with in_recipients_language():
        tell_both(
            locked.application,
            subject=_("Your financing was disbursed"),
            body=_("%(partner)s disbursed %(amount)s on %(date)s.")
            % {
                "partner": locked.partner.name,
                "amount": rupiah(amount),
                "date": disbursed_on.strftime("%d/%m/%Y"),
            },
        )
    return locked


@transaction.atomic
def record_sikp_status(*, referral: Referral, by: User | None, status: str) -> Referral:
    """The SIKP status as the partner reports it (Wirausaha does not check SIKP)."""
    status = _text(status, "sikp_status", _("Enter the SIKP status the bank reports."))[:120]
    locked = (
        Referral.objects.select_for_update()
        .select_related("application__participant", "partner")
        .get(pk=referral.pk)
    )
    if by is not None and not (by.organisation_id and by.organisation_id == locked.partner_id):
        raise PermissionDenied(_("Only the partner the referral was sent to records its outcome."))
    before = locked.sikp_status
    locked.sikp_status, locked.sikp_reported_at = status, timezone.now()
    locked.save(update_fields=["sikp_status", "sikp_reported_at", "updated_at"])
    record_event(by, "finance_referral.sikp_reported", locked, changes={"sikp_status": [before, status]})
    with in_recipients_language():
        tell_both(
            locked.application,
            subject=_("SIKP status of your application"),
            body=_("%(partner)s reports the SIKP status: %(status)s.")
            % {"partner": locked.partner.name, "status": status},
        )
    return locked
