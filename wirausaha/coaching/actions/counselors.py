"""Counselor profiles, managed by national admins and the Ministry of SMEs."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.common.audit import field_changes, record_event, snapshot
from wirausaha.common.errors import InvalidInput
from wirausaha.reference.models import Region

from ..models import Counselor
from .rules import require_counselor_manager

FIELDS = (
    "organisation_kind",
    "organisation_name",
    "base_district_id",
    "sectors",
    "in_person",
    "remote",
    "languages",
    "capacity",
    "is_active",
)
KBLI_CODE = re.compile(r"^[0-9]{2,5}$")
MAX_CAPACITY = 500


def parse_sectors(raw) -> list[str]:
    """KBLI codes (2 to 5 digits) from a list or a text separated by commas or spaces."""
    items = raw if isinstance(raw, list | tuple) else re.split(r"[\s,;]+", raw or "")
    return sorted({str(item).strip() for item in items if str(item).strip()})


def _check(data: dict, user: User | None) -> dict:
    errors = {}
    if user is not None and user.role != Role.COUNSELOR:
        errors["user"] = _("The account must have the counselor role.")
    district = data.get("base_district_id")
    if not district or not Region.objects.filter(pk=district, level=Region.Level.DISTRICT).exists():
        errors["base_district"] = _("Choose a district (kecamatan) code such as 32.16.01.")
    sectors = parse_sectors(data.get("sectors", []))
    bad = [code for code in sectors if not KBLI_CODE.match(code)]
    if bad:
        errors["sectors"] = _("Not KBLI codes (2 to 5 digits): %(codes)s.") % {"codes": ", ".join(bad)}
    capacity = data.get("capacity")
    if not isinstance(capacity, int) or not 0 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = _("The capacity is a whole number from 0 to %(max)s.") % {"max": MAX_CAPACITY}
    if not data.get("in_person") and not data.get("remote"):
        errors["remote"] = _("A counselor coaches in person, remotely, or both.")
    if data.get("organisation_kind") not in Counselor.OrganisationKind.values:
        errors["organisation_kind"] = _("Choose the kind of organisation.")
    if errors:
        raise InvalidInput(errors)
    return {**data, "sectors": sectors}


@transaction.atomic
def save_counselor(
    *, by: User | None, data: dict, counselor: Counselor | None = None, user: User | None = None
):
    """Create the profile of a counselor account (`user`), or change `counselor`'s. Audited with
    the changed fields."""
    require_counselor_manager(by)
    data = _check(data, user if counselor is None else None)
    if counselor is None:
        if Counselor.objects.filter(user=user).exists():
            raise InvalidInput({"user": _("This account has a counselor profile already.")})
        counselor = Counselor(user=user, **{field: data[field] for field in FIELDS if field in data})
        counselor.save()
        record_event(
            by, "counselor.created", counselor, changes=field_changes({}, snapshot(counselor, FIELDS))
        )
        return counselor
    locked = Counselor.objects.select_for_update().get(pk=counselor.pk)
    before = snapshot(locked, FIELDS)
    for field in FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    locked.save()
    changes = field_changes(before, snapshot(locked, FIELDS))
    if changes:
        record_event(by, "counselor.changed", locked, changes=changes)
    return locked
