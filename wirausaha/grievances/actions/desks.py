"""Who handles which complaints: a grievance officer's desk (region and categories)."""

from django.db import transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.reference.models import Region

from ..models import Category, Desk


@transaction.atomic
def save_desk(*, officer: User, region: Region | None, categories=(), by: User | None) -> Desk:
    """Give a grievance officer their desk: a region (None: the national level) and the categories
    they handle (none: all)."""
    categories = sorted(set(categories))
    errors = {}
    if officer.role != Role.GRIEVANCE_OFFICER:
        errors["officer"] = _("Only a grievance officer account can have a grievance desk.")
    unknown = [c for c in categories if c not in Category.values]
    if unknown:
        errors["categories"] = _("Unknown categories: %(categories)s.") % {"categories": ", ".join(unknown)}
    if errors:
        raise InvalidInput(errors)
    desk, _created = Desk.objects.update_or_create(
        officer=officer, defaults={"region": region, "categories": categories, "is_active": True}
    )
    record_event(
        by,
        "grievance_desk.saved",
        desk,
        changes={
            "region": [None, region.code if region else None],
            "categories": [None, ",".join(categories)],
        },
    )
    return desk
