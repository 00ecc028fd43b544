"""The checklist: made from the rules (refresh), updated by the participant, given due dates by the
counselor."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import field_changes, record_event, snapshot
from wirausaha.common.errors import InvalidInput

from .. import checklist
from ..models import Business, ChecklistItem, LicensingRule
from ..uploads import check_upload
from .permissions import StateError, require_counselor, require_owner

ITEM_FIELDS = ("status", "number", "done_on", "valid_until", "not_needed_reason", "document")
LONGEST_REASON = 300


def facts_of(business: Business) -> checklist.Facts:
    return checklist.Facts(
        kbli_code=business.kbli_code,
        risk_level=business.risk_level,
        scale=business.scale,
        has_nib=bool(business.nib),
        home_food=business.home_produced_food,
        shelf_stable=business.shelf_stable_packaged,
    )


def rules_in_use() -> list[tuple[checklist.Rule, LicensingRule]]:
    return [
        (
            checklist.Rule(
                code=r.code,
                kind=r.kind,
                order=r.order,
                kbli_prefix=r.kbli_prefix,
                risk_levels=frozenset(r.risk_levels or ()),
                conditions=r.conditions or {},
            ),
            r,
        )
        for r in LicensingRule.objects.filter(is_active=True)
    ]


@transaction.atomic
def refresh_checklist(*, business: Business, by: User | None) -> list[ChecklistItem]:
    """Bring the business's checklist in line with the rules: add the items now needed, mark those
    no longer needed as not required (their history stays), keep every status the participant set."""
    Business.objects.select_for_update().filter(pk=business.pk).first()
    pairs = rules_in_use()
    by_code = {rule.code: row for rule, row in pairs}
    needed = checklist.needed_items([rule for rule, _row in pairs], facts_of(business))
    items = {item.kind: item for item in business.checklist_items.all()}
    added, dropped, restored = [], [], []
    for need in needed:
        rule = by_code[need.rule]
        item = items.pop(need.kind, None)
        if item is None:
            ChecklistItem.objects.create(
                business=business, kind=need.kind, rule=rule, order=need.order, updated_by=by
            )
            added.append(need.kind)
            continue
        if not item.required:
            restored.append(need.kind)
        if (item.rule_id, item.order, item.required) != (rule.pk, need.order, True):
            item.rule, item.order, item.required = rule, need.order, True
            item.save(update_fields=["rule", "order", "required", "updated_at"])
    for item in items.values():
        if item.required:
            item.required = False
            item.save(update_fields=["required", "updated_at"])
            dropped.append(item.kind)
    if added or dropped or restored:
        changes = {}
        if added:
            changes["added"] = [None, ", ".join(added)]
        if restored:
            changes["restored"] = [None, ", ".join(restored)]
        if dropped:
            changes["no_longer_required"] = [None, ", ".join(dropped)]
        record_event(by, "checklist.refreshed", business, changes=changes)
    return list(business.checklist_items.order_by("-required", "order", "pk"))


def _check_item(item: ChecklistItem, *, status, number, done_on, valid_until, reason, document) -> dict:
    errors = {}
    if status not in ChecklistItem.Status.values:
        errors["status"] = _("Choose a status.")
        return errors
    if item.kind == ChecklistItem.Kind.NIB and status == ChecklistItem.Status.DONE:
        errors["status"] = _("Record the NIB with its document on the NIB form; that completes this item.")
    if item.kind == ChecklistItem.Kind.NIB and status == ChecklistItem.Status.NOT_NEEDED:
        errors["status"] = _("Every business needs an NIB.")
    if status == ChecklistItem.Status.DONE and not errors:
        if not number:
            errors["number"] = _("Enter the number written on the certificate.")
        if not isinstance(done_on, date):
            errors["done_on"] = _("Enter the date the certificate was issued.")
        elif done_on > date.today():
            errors["done_on"] = _("The issue date cannot be in the future.")
        if document is None and not item.document:
            errors["document"] = _("Upload the certificate (PDF, JPEG or PNG).")
        if isinstance(valid_until, date) and isinstance(done_on, date) and valid_until < done_on:
            errors["valid_until"] = _("The certificate cannot expire before it was issued.")
    if status == ChecklistItem.Status.NOT_NEEDED and not reason:
        errors["not_needed_reason"] = _("Say why this item is not needed.")
    if len(number) > 60:
        errors["number"] = _("The number is at most 60 characters.")
    if len(reason) > LONGEST_REASON:
        errors["not_needed_reason"] = _("The reason is at most %(max)d characters.") % {"max": LONGEST_REASON}
    return errors


@transaction.atomic
def update_item(
    *,
    item: ChecklistItem,
    by: User | None,
    status: str,
    number: str = "",
    done_on: date | None = None,
    valid_until: date | None = None,
    not_needed_reason: str = "",
    document=None,
) -> ChecklistItem:
    """The participant records where an item stands: started, done (number, date, document and,
    when it expires, the last valid day) or not needed (with the reason)."""
    item = ChecklistItem.objects.select_for_update().select_related("business__participant").get(pk=item.pk)
    require_owner(by, item.business.participant)
    if item.business.closed_on:
        raise StateError(_("This business is closed."))
    number, reason = (number or "").strip(), (not_needed_reason or "").strip()
    errors = _check_item(
        item,
        status=status,
        number=number,
        done_on=done_on,
        valid_until=valid_until,
        reason=reason,
        document=document,
    )
    if document is not None and not errors:
        check_upload(document, "document")
    if errors:
        raise InvalidInput(errors)
    before = snapshot(item, ITEM_FIELDS)
    before["document"] = item.document.name
    done = status == ChecklistItem.Status.DONE
    item.status = status
    item.number = number if done else ""
    item.done_on = done_on if done else None
    item.valid_until = valid_until if done else None
    item.not_needed_reason = reason if status == ChecklistItem.Status.NOT_NEEDED else ""
    if document is not None:
        item.document.save(document.name, document, save=False)
    item.updated_by = by
    item.save()
    after = snapshot(item, ITEM_FIELDS)
    after["document"] = item.document.name
    changes = field_changes(before, after)
    if changes:
        record_event(by, "checklist_item.updated", item, changes=changes)
    return item


@transaction.atomic
def set_due_date(*, item: ChecklistItem, by: User | None, due_on: date | None) -> ChecklistItem:
    """The counselor agrees with the participant when an item should be done (None: no date)."""
    item = ChecklistItem.objects.select_for_update().select_related("business__participant").get(pk=item.pk)
    require_counselor(by, item.business.participant)
    if due_on is not None and not isinstance(due_on, date):
        raise InvalidInput({"due_on": _("Enter the date.")})
    if due_on is not None and due_on < date.today():
        raise InvalidInput({"due_on": _("The due date cannot be in the past.")})
    before = item.due_on
    if before == due_on:
        return item
    item.due_on = due_on
    item.save(update_fields=["due_on", "updated_at"])
    record_event(
        by, "checklist_item.due_set", item, changes=field_changes({"due_on": before}, {"due_on": due_on})
    )
    return item
