"""The participant's business: created and changed by the participant or their counselor."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import field_changes, record_event, snapshot
from wirausaha.common.errors import InvalidInput
from wirausaha.reference.models import Region, Sector
from wirausaha.registry.models import Participant

from ..models import Business, RiskLevel
from .checklist import refresh_checklist
from .permissions import StateError, require_owner_or_counselor

FIELDS = (
    "name",
    "kbli_code",
    "products",
    "village_code",
    "address",
    "scale",
    "started_on",
    "workers",
    "home_produced_food",
    "shelf_stable_packaged",
    "risk_level",
)
MOST_WORKERS = 999


def check_business(values: dict) -> dict:
    """Field -> message for each value the business cannot take; empty when all are fine."""
    errors = {}
    if not values.get("name"):
        errors["name"] = _("Enter the business's name.")
    elif len(values["name"]) > 200:
        errors["name"] = _("The name is at most 200 characters.")
    kbli = values.get("kbli_code") or ""
    if not (len(kbli) == 5 and kbli.isascii() and kbli.isdigit()):
        errors["kbli_code"] = _(
            "A KBLI 2020 code for a business activity has exactly 5 digits, such as 10794."
        )
    elif not Sector.objects.filter(code=kbli, level=Sector.Level.KELOMPOK).exists():
        errors["kbli_code"] = _(
            "%(code)s is not a KBLI 2020 code: look it up in the KBLI list or ask your counselor."
        ) % {"code": kbli}
    village = values.get("village_code") or ""
    if not village:
        errors["village_code"] = _("Choose the village where the business is.")
    elif not Region.objects.filter(code=village, level=Region.Level.VILLAGE).exists():
        errors["village_code"] = _("%(code)s is not a village code (such as 32.16.01.2001).") % {
            "code": village[:20]
        }
    if values.get("scale") not in Business.Scale.values:
        errors["scale"] = _("Choose micro or small.")
    started = values.get("started_on")
    if started is not None and not isinstance(started, date):
        errors["started_on"] = _("Enter the date.")
    elif started is not None and started > date.today():
        errors["started_on"] = _("The start date cannot be in the future.")
    workers = values.get("workers")
    if not isinstance(workers, int) or isinstance(workers, bool) or not 0 <= workers <= MOST_WORKERS:
        errors["workers"] = _("Enter the number of workers, 0 to %(max)d.") % {"max": MOST_WORKERS}
    if values.get("risk_level") not in ("", *RiskLevel.values):
        errors["risk_level"] = _("Choose a risk level.")
    if len(values.get("products") or "") > 2000:
        errors["products"] = _("The products are at most 2,000 characters.")
    if len(values.get("address") or "") > 300:
        errors["address"] = _("The address is at most 300 characters.")
    return errors


def _clean(values: dict) -> dict:
    cleaned = {field: values.get(field) for field in FIELDS}
    for field in ("name", "kbli_code", "products", "village_code", "address", "risk_level"):
        cleaned[field] = (cleaned[field] or "").strip()
    cleaned["scale"] = cleaned["scale"] or Business.Scale.MICRO
    cleaned["workers"] = 0 if cleaned["workers"] is None else cleaned["workers"]
    cleaned["home_produced_food"] = bool(cleaned["home_produced_food"])
    cleaned["shelf_stable_packaged"] = bool(cleaned["shelf_stable_packaged"])
    return cleaned


@transaction.atomic
def save_business(
    *, participant: Participant, by: User | None, values: dict, business: Business | None = None
) -> Business:
    """Create the participant's business, or change it; then refresh its checklist. Once an NIB is
    recorded its risk level comes from the NIB form (the value OSS gave)."""
    require_owner_or_counselor(by, participant)
    cleaned = _clean(values)
    if business is not None:
        business = Business.objects.select_for_update().get(pk=business.pk)
        if business.participant_id != participant.pk:
            raise StateError(_("This business belongs to someone else."))
        if business.closed_on:
            raise StateError(_("This business is closed."))
        if business.nib:
            cleaned["risk_level"] = business.risk_level
    errors = check_business(cleaned)
    if errors:
        raise InvalidInput(errors)
    if business is None:
        business = Business.objects.create(participant=participant, **cleaned)
        record_event(by, "business.created", business, changes=field_changes({}, snapshot(business, FIELDS)))
    else:
        before = snapshot(business, FIELDS)
        for field, value in cleaned.items():
            setattr(business, field, value)
        business.save()
        changes = field_changes(before, snapshot(business, FIELDS))
        if changes:
            record_event(by, "business.changed", business, changes=changes)
    refresh_checklist(business=business, by=by)
    return business
