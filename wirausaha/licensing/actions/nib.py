"""The NIB: declared by the participant (or their counselor) with its document, verified or returned
by a labour office in scope or a national admin. Wirausaha never checks OSS.

Verification, not declaration, sets the coaching milestone "NIB obtained": the milestone is an
outcome the ministry reports, and until an officer has seen the document the number is only what
the participant typed. The checklist's NIB item is done at declaration (the participant holds the
document); a returned NIB puts it back in progress."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.coaching.actions import record_milestone
from wirausaha.coaching.models import Milestone
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.notifications.actions import in_recipients_language, notify

from ..models import Business, ChecklistItem, RiskLevel
from ..nib import NIB_LENGTH, clean_nib, nib_problem
from ..queries import in_nib_scope, other_nibs_of_nik
from ..uploads import check_upload
from .checklist import refresh_checklist
from .permissions import StateError, require_owner_or_counselor


def nib_message(text: str) -> str | None:
    """What is wrong with `text` as an NIB, in words, naming the character and its position."""
    problem = nib_problem(text)
    if problem is None:
        return None
    if problem.kind == "empty":
        return _("Enter the NIB: %(n)d digits.") % {"n": NIB_LENGTH}
    if problem.kind == "character":
        shown = problem.character if problem.character.strip() else _("a space")
        return _("An NIB is exactly %(n)d digits 0-9; character %(position)d is “%(character)s”.") % {
            "n": NIB_LENGTH,
            "position": problem.position,
            "character": shown,
        }
    return _("An NIB is exactly %(n)d digits; this has %(length)d.") % {
        "n": NIB_LENGTH,
        "length": problem.length,
    }


def _nib_item(business: Business) -> ChecklistItem | None:
    return business.checklist_items.filter(kind=ChecklistItem.Kind.NIB).first()


@transaction.atomic
def declare_nib(
    *, business: Business, by: User | None, nib: str, issued_on: date | None, risk_level: str, document
) -> Business:
    """Record the NIB as the participant declares it, with the document OSS gave. Refused: a wrong
    shape, an NIB another business already holds. Flagged for the officer (not refused): another
    NIB already recorded for the same NIK."""
    business = Business.objects.select_for_update().select_related("participant").get(pk=business.pk)
    require_owner_or_counselor(by, business.participant)
    if business.closed_on:
        raise StateError(_("This business is closed."))
    if business.nib_status == Business.NibStatus.VERIFIED:
        raise StateError(
            _("An officer has verified this NIB; ask the labour office to return it before changing it.")
        )
    nib = clean_nib(nib)
    errors = {}
    message = nib_message(nib)
    if message:
        errors["nib"] = message
    elif Business.objects.filter(nib=nib).exclude(pk=business.pk).exists():
        errors["nib"] = _(
            "This NIB is already recorded for another business. Check the number on the document."
        )
    if not isinstance(issued_on, date):
        errors["issued_on"] = _("Enter the date the NIB was issued.")
    elif issued_on > date.today():
        errors["issued_on"] = _("The issue date cannot be in the future.")
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = _("Choose the risk level OSS shows for the activity.")
    if document is None and not (business.nib_document and nib == business.nib):
        errors["document"] = _("Upload the NIB document from OSS (PDF, JPEG or PNG).")
    if errors:
        raise InvalidInput(errors)
    if document is not None:
        check_upload(document, "document")
    others = list(
        other_nibs_of_nik(business.participant.nik, exclude_business=business.pk).values_list("nib", "name")
    )
    warning = ""
    if others:
        warning = _(
            "The same NIK already has NIB %(nib)s (business “%(name)s”): one person may hold only one NIB."
        ) % {
            "nib": others[0][0],
            "name": others[0][1],
        }
    before = {"nib": business.nib, "nib_status": business.nib_status, "risk_level": business.risk_level}
    business.nib = nib
    business.nib_issued_on = issued_on
    business.risk_level = risk_level
    business.nib_status = Business.NibStatus.DECLARED
    business.nib_declared_at = timezone.now()
    business.nib_declared_by = by
    business.nib_warning = warning[:300]
    business.nib_verified_at = None
    business.nib_verified_by = None
    business.nib_review_note = ""
    if document is not None:
        business.nib_document.save(document.name, document, save=False)
    try:
        with transaction.atomic():
            business.save()
    except IntegrityError as error:
        # Another business recorded the same NIB at the same moment: the database's unique index held.
        raise InvalidInput(
            {"nib": _("This NIB is already recorded for another business. Check the number on the document.")}
        ) from error
    changes = {
        key: [value, getattr(business, key)]
        for key, value in before.items()
        if value != getattr(business, key)
    }
    if warning:
        changes["nib_warning"] = [None, warning]
    record_event(by, "business.nib_declared", business, changes=changes)
    refresh_checklist(business=business, by=by)
    item = _nib_item(business)
    if item is not None:
        item.status = ChecklistItem.Status.DONE
        item.number = nib
        item.done_on = issued_on
        item.not_needed_reason = ""
        item.document.name = business.nib_document.name
        item.updated_by = by
        item.save()
    return business


def _require_verifier(by: User, business: Business) -> None:
    if not in_nib_scope(by, business):
        raise PermissionDenied(_("Only a labour office for this area or a national admin verifies an NIB."))


@transaction.atomic
def verify_nib(*, business: Business, by: User, note: str = "") -> Business:
    """The officer has compared the number with the document: the NIB is verified, and the
    participant's milestone "NIB obtained" is set on the NIB's issue date."""
    business = Business.objects.select_for_update().select_related("participant").get(pk=business.pk)
    _require_verifier(by, business)
    if business.nib_status != Business.NibStatus.DECLARED:
        raise StateError(_("This NIB is not waiting for verification."))
    business.nib_status = Business.NibStatus.VERIFIED
    business.nib_verified_at = timezone.now()
    business.nib_verified_by = by
    business.nib_review_note = (note or "").strip()[:300]
    business.save(
        update_fields=["nib_status", "nib_verified_at", "nib_verified_by", "nib_review_note", "updated_at"]
    )
    record_event(
        by,
        "business.nib_verified",
        business,
        reason=business.nib_review_note,
        changes={"nib_status": ["declared", "verified"]},
    )
    record_milestone(
        participant=business.participant,
        kind=Milestone.Kind.NIB,
        reached_on=business.nib_issued_on or timezone.localdate(),
        by=by,
        note=business.nib,
        source="licensing",
    )
    user = business.participant.user
    if user is not None:
        with in_recipients_language():
            notify(
                user,
                subject=_("Your NIB was verified"),
                body=_(
                    "The labour office checked the NIB document of %(name)s. "
                    "Your checklist shows the next steps."
                )
                % {"name": business.name},
            )
    return business


@transaction.atomic
def return_nib(*, business: Business, by: User, reason: str) -> Business:
    """The document does not show the number (or not for this person): the declaration is returned
    with the reason and the NIB is cleared, so the participant can record it again."""
    business = Business.objects.select_for_update().select_related("participant").get(pk=business.pk)
    _require_verifier(by, business)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": _("Say what is wrong, so the participant can correct it.")})
    if business.nib_status != Business.NibStatus.DECLARED:
        raise StateError(_("This NIB is not waiting for verification."))
    old = business.nib
    business.nib = ""
    business.nib_status = Business.NibStatus.REJECTED
    business.nib_review_note = reason[:300]
    business.nib_warning = ""
    business.save()
    record_event(
        by,
        "business.nib_returned",
        business,
        reason=reason,
        changes={"nib": [old, ""], "nib_status": ["declared", "rejected"]},
    )
    item = _nib_item(business)
    if item is not None:
        item.status = ChecklistItem.Status.IN_PROGRESS
        item.number = ""
        item.done_on = None
        item.document.name = ""
        item.save()
    refresh_checklist(business=business, by=by)
    user = business.participant.user
    if user is not None:
        with in_recipients_language():
            notify(
                user,
                subject=_("Your NIB needs a correction"),
                body=_(
                    "The labour office could not confirm the NIB of %(name)s: %(reason)s. "
                    "Record it again with the right document."
                )
                % {"name": business.name, "reason": reason},
            )
    return business
