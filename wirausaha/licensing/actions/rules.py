"""Editing the licensing rules (national admins). Each rule keeps its legal basis; every change is
audited with its reason. The businesses' checklists follow at their next refresh."""

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import field_changes, record_event, snapshot
from wirausaha.common.errors import InvalidInput, PermissionDenied

from .. import checklist
from ..models import ItemKind, LicensingRule, RiskLevel
from ..queries import manages_rules

FIELDS = (
    "kind",
    "order",
    "kbli_prefix",
    "risk_levels",
    "conditions",
    "title",
    "legal_basis",
    "guidance",
    "is_active",
)
CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_rule(values: dict, *, new: bool) -> dict:
    errors = {}
    if new:
        code = values.get("code") or ""
        if not CODE.match(code) or len(code) > 60:
            errors["code"] = _("The code is lowercase letters, digits and hyphens, such as spp-irt-kering.")
        elif LicensingRule.objects.filter(code=code).exists():
            errors["code"] = _("Another rule already has this code.")
    if values.get("kind") not in ItemKind.values:
        errors["kind"] = _("Choose the item the rule asks for.")
    order = values.get("order")
    if not isinstance(order, int) or isinstance(order, bool) or not 1 <= order <= 999:
        errors["order"] = _("The order is a whole number from 1 to 999.")
    prefix = values.get("kbli_prefix") or ""
    if prefix and not (len(prefix) <= 5 and prefix.isascii() and prefix.isdigit()):
        errors["kbli_prefix"] = _("The KBLI prefix is 1 to 5 digits, or empty for every activity.")
    levels = values.get("risk_levels")
    if not isinstance(levels, list) or any(level not in RiskLevel.values for level in levels):
        errors["risk_levels"] = _("Choose risk levels from the list, or none for every level.")
    if checklist.condition_problems(values.get("conditions")):
        errors["conditions"] = _("The conditions are not valid.")
    for field, label, limit in (
        ("title", _("the title"), 200),
        ("legal_basis", _("the legal basis"), 300),
        ("guidance", _("the guidance"), 10000),
    ):
        text = values.get(field) or ""
        if not text:
            errors[field] = _("Enter %(what)s.") % {"what": label}
        elif len(text) > limit:
            errors[field] = _("%(what)s is at most %(max)d characters.") % {
                "what": label.capitalize(),
                "max": limit,
            }
    return errors


def _clean(values: dict) -> dict:
    cleaned = dict(values)
    for field in ("code", "kbli_prefix", "title", "legal_basis", "guidance"):
        cleaned[field] = (cleaned.get(field) or "").strip()
    cleaned["risk_levels"] = (
        sorted(set(cleaned.get("risk_levels") or []), key=RiskLevel.values.index)
        if all(level in RiskLevel.values for level in cleaned.get("risk_levels") or [])
        else cleaned.get("risk_levels")
    )
    cleaned["conditions"] = cleaned.get("conditions") or {}
    cleaned["is_active"] = bool(cleaned.get("is_active", True))
    return cleaned


@transaction.atomic
def save_rule(
    *, by: User, values: dict, reason: str = "", rule: LicensingRule | None = None
) -> LicensingRule:
    """Create a rule, or change one (with the reason: usually the regulation that changed)."""
    if not manages_rules(by):
        raise PermissionDenied(_("Only a national admin edits the licensing rules."))
    cleaned = _clean(values)
    reason = (reason or "").strip()
    errors = check_rule(cleaned, new=rule is None)
    if rule is not None and not reason:
        errors["reason"] = _("Say why the rule changes (for example, the new regulation).")
    if errors:
        raise InvalidInput(errors)
    if rule is None:
        try:
            with transaction.atomic():
                rule = LicensingRule.objects.create(
                    code=cleaned["code"], updated_by=by, **{f: cleaned[f] for f in FIELDS}
                )
        except IntegrityError as error:
            raise InvalidInput({"code": _("Another rule already has this code.")}) from error
        record_event(
            by,
            "licensing_rule.created",
            rule,
            reason=reason,
            changes=field_changes({}, snapshot(rule, FIELDS)),
        )
        return rule
    rule = LicensingRule.objects.select_for_update().get(pk=rule.pk)
    before = snapshot(rule, FIELDS)
    for field in FIELDS:
        setattr(rule, field, cleaned[field])
    rule.updated_by = by
    rule.save()
    changes = field_changes(before, snapshot(rule, FIELDS))
    if changes:
        record_event(by, "licensing_rule.changed", rule, reason=reason, changes=changes)
    return rule
