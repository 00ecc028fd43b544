"""Deals between a buyer and a business: introduced -> met -> negotiating -> contract -> delivered,
or lost at any step before delivery. Each step is audited; the business's first contract records
the coaching milestone "first sale"."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.coaching.actions import record_milestone
from wirausaha.coaching.models import Milestone
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.licensing.models import Business

from ..models import Buyer, Deal, Listing, Meeting

S = Deal.Status
ORDER = [S.INTRODUCED, S.MET, S.NEGOTIATING, S.CONTRACT, S.DELIVERED]
FINAL = {S.DELIVERED, S.LOST}


def next_steps(deal: Deal) -> list[str]:
    """The statuses the deal may move to."""
    if deal.status in FINAL:
        return []
    later = ORDER[ORDER.index(deal.status) + 1 :]
    return [*later, S.LOST]


@transaction.atomic
def start_deal(
    *,
    buyer: Buyer,
    business: Business,
    by: User | None,
    listing: Listing | None = None,
    meeting: Meeting | None = None,
) -> Deal:
    """A deal from a match (listing) or a meeting, introduced (met when from a meeting)."""
    if listing is not None and listing.buyer_id != buyer.pk:
        raise InvalidInput({"listing": _("The listing belongs to another buyer.")})
    status = S.MET if meeting is not None else S.INTRODUCED
    deal = Deal.objects.create(
        buyer=buyer, business=business, listing=listing, meeting=meeting, status=status, created_by=by
    )
    record_event(by, "market_deal.started", deal, changes={"status": [None, status]})
    return deal


def _whole(errors: dict, values: dict, key: str) -> int | None:
    value = values.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 10**15:
        errors[key] = _("Enter an amount above zero.")
        return None
    return value


def _day(errors: dict, values: dict, key: str) -> date | None:
    value = values.get(key)
    if not isinstance(value, date):
        errors[key] = _("Enter the date.")
        return None
    return value


@transaction.atomic
def advance_deal(*, deal: Deal, to: str, by: User | None, values: dict[str, Any] | None = None) -> Deal:
    """Move the deal to `to`: a contract needs its value, volume and date; a delivery its date and
    value; a loss its reason. The business's first contract records the milestone "first sale"."""
    values = values or {}
    deal = Deal.objects.select_for_update().select_related("business__participant").get(pk=deal.pk)
    if to not in next_steps(deal):
        raise InvalidInput({"status": _("This deal cannot move to that step.")})
    errors: dict[str, str] = {}
    before = deal.status
    changes: dict[str, list] = {"status": [before, to]}
    if to == S.CONTRACT:
        value, volume = _whole(errors, values, "contract_value"), _whole(errors, values, "contract_volume")
        on = _day(errors, values, "contract_on")
        if not errors:
            deal.contract_value, deal.contract_volume, deal.contract_on = value, volume, on
            changes.update({"contract_value": [None, value], "contract_on": [None, on.isoformat()]})
    elif to == S.DELIVERED:
        if deal.contract_value is None:
            errors["status"] = _("Record the contract before the delivery.")
        value, on = _whole(errors, values, "delivered_value"), _day(errors, values, "delivered_on")
        if not errors:
            deal.delivered_value, deal.delivered_on = value, on
            changes.update({"delivered_value": [None, value], "delivered_on": [None, on.isoformat()]})
    elif to == S.LOST:
        reason = str(values.get("lost_reason") or "").strip()
        if not reason:
            errors["lost_reason"] = _("Say why the deal was lost.")
        deal.lost_reason = reason[:300]
    if errors:
        raise InvalidInput(errors)
    deal.status = to
    deal.save()
    record_event(by, "market_deal.advanced", deal, reason=deal.lost_reason, changes=changes)
    if to == S.CONTRACT:
        record_milestone(
            participant=deal.business.participant,
            kind=Milestone.Kind.FIRST_SALE,
            reached_on=deal.contract_on,
            by=by,
            source="market",
        )
    return deal
