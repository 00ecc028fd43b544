"""Licensing's API, scoped like its pages: businesses, their checklist items (read; the participant
updates an item's status, the counselor its due date) and the officers' NIB decision. Documents
are uploaded on the pages; an item is marked done here only once its document is there."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from wirausaha.common.errors import InvalidInput, NotFound, PermissionDenied
from wirausaha.common.pagination import PageNumberPagination

from . import actions
from .actions.permissions import is_counselor_of, is_owner
from .models import Business, ChecklistItem
from .queries import businesses_visible_to, get_business_for, get_item_for, get_queued_business_for, items_of
from .schemas import BusinessOut, ChecklistItemOut, DueIn, ItemStatusIn, NibDecisionIn

router = Router(tags=["licensing"])


def _business_out(b: Business) -> dict:
    return {
        "id": b.pk,
        "participant_id": b.participant_id,
        "name": b.name,
        "kbli_code": b.kbli_code,
        "products": b.products,
        "village_code": b.village_code,
        "scale": b.scale,
        "started_on": b.started_on,
        "workers": b.workers,
        "home_produced_food": b.home_produced_food,
        "shelf_stable_packaged": b.shelf_stable_packaged,
        "nib": b.nib,
        "nib_issued_on": b.nib_issued_on,
        "risk_level": b.risk_level,
        "nib_status": b.nib_status,
        "nib_warning": b.nib_warning,
        "nib_verified_at": b.nib_verified_at,
        "closed_on": b.closed_on,
    }


def _item_out(item: ChecklistItem) -> dict:
    rule = item.rule
    return {
        "id": item.pk,
        "business_id": item.business_id,
        "kind": item.kind,
        "title": rule.title if rule else str(item.get_kind_display()),
        "order": item.order,
        "required": item.required,
        "status": item.status,
        "number": item.number,
        "done_on": item.done_on,
        "valid_until": item.valid_until,
        "has_document": bool(item.document),
        "not_needed_reason": item.not_needed_reason,
        "due_on": item.due_on,
        "legal_basis": rule.legal_basis if rule else "",
        "guidance": rule.guidance if rule else "",
    }


@router.get("/licensing/businesses", response=list[BusinessOut])
@paginate(PageNumberPagination, page_size=100)
def list_businesses(request):
    return [_business_out(b) for b in businesses_visible_to(request.auth).order_by("pk")]


@router.get("/licensing/businesses/{business_id}", response=BusinessOut)
def get_business(request, business_id: int):
    return _business_out(get_business_for(request.auth, business_id))


@router.get("/licensing/businesses/{business_id}/items", response=list[ChecklistItemOut])
def list_items(request, business_id: int):
    """The business's checklist in the order to get the items (those no longer required last)."""
    return [_item_out(item) for item in items_of(get_business_for(request.auth, business_id))]


@router.post("/licensing/items/{item_id}", response=ChecklistItemOut)
def update_item(request, item_id: int, payload: ItemStatusIn | None = None):
    """The participant's own item: its status; done needs the number, the date and the document
    already uploaded on the page; not needed needs the reason. The NIB item follows the NIB form."""
    item = get_item_for(request.auth, item_id)
    if not is_owner(request.auth, item.business.participant):
        raise PermissionDenied(_("Only the participant updates their own checklist."))
    if payload is None or payload.status is None:
        raise InvalidInput({"status": _("This field is required.")})
    return _item_out(
        actions.update_item(
            item=item,
            by=request.auth,
            status=payload.status,
            number=payload.number,
            done_on=payload.done_on,
            valid_until=payload.valid_until,
            not_needed_reason=payload.not_needed_reason,
        )
    )


@router.post("/licensing/items/{item_id}/due", response=ChecklistItemOut)
def set_due(request, item_id: int, payload: DueIn | None = None):
    """The participant's counselor sets (or clears, with null) the item's due date."""
    item = get_item_for(request.auth, item_id)
    if not is_counselor_of(request.auth, item.business.participant):
        raise PermissionDenied(_("Only the participant's counselor sets due dates."))
    if payload is None:
        raise InvalidInput({"due_on": _("This field is required.")})
    return _item_out(actions.set_due_date(item=item, by=request.auth, due_on=payload.due_on))


@router.post("/licensing/businesses/{business_id}/nib-decision", response=BusinessOut)
def decide_nib(request, business_id: int, payload: NibDecisionIn | None = None):
    """A labour office in scope or a national admin: verify the declared NIB against its document,
    or return it with the reason. Only NIBs waiting for verification are found (others: 404)."""
    try:
        business = get_queued_business_for(request.auth, business_id)
    except Http404:
        raise NotFound() from None
    if payload is None or payload.decision is None:
        raise InvalidInput({"decision": _("This field is required.")})
    if payload.decision == "verify":
        business = actions.verify_nib(business=business, by=request.auth, note=payload.note)
    else:
        business = actions.return_nib(business=business, by=request.auth, reason=payload.note)
    return _business_out(business)
