"""What the grievance actions share: service levels and deadlines, routing to a desk, the history
and the notices."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.common.errors import DomainError
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.reference.timezones import ZONE_NAMES, zone_for_region

from ..models import OPEN_STATUSES, Desk, Grievance, Holiday, ServiceLevel, Update
from ..workdays import add_working_days

# Used only when the service-level table is empty (a fresh database before its data migration).
DEFAULT_ACKNOWLEDGE_DAYS = getattr(settings, "GRIEVANCE_ACKNOWLEDGE_WORKING_DAYS", 2)
DEFAULT_RESOLVE_DAYS = getattr(settings, "GRIEVANCE_RESOLVE_WORKING_DAYS", 14)


class StateError(DomainError):
    """The step does not fit the case's state (resolving a closed case, a second appeal)."""

    code = "conflict"


def service_level(category: str) -> tuple[int, int]:
    """(acknowledge, resolve) in working days: the category's own row, else the default row."""
    rows = {row.category: row for row in ServiceLevel.objects.filter(category__in=[category, ""])}
    row = rows.get(category) or rows.get("")
    if row is None:
        return DEFAULT_ACKNOWLEDGE_DAYS, DEFAULT_RESOLVE_DAYS
    return row.acknowledge_working_days, row.resolve_working_days


def zone_of(grievance: Grievance) -> ZoneInfo:
    """The zone of the place concerned (its province), Jakarta's when unknown."""
    code = grievance.region_id or ""
    return ZoneInfo(ZONE_NAMES[zone_for_region(code)] if code else "Asia/Jakarta")


def deadline(start: datetime, working_days: int, zone: ZoneInfo) -> datetime:
    """The end (local midnight) of the `working_days`-th working day after the day of `start`."""
    local_day = start.astimezone(zone).date()
    horizon = local_day + timedelta(days=working_days * 3 + 30)
    holidays = set(Holiday.objects.filter(day__gt=local_day, day__lte=horizon).values_list("day", flat=True))
    last = add_working_days(local_day, working_days, holidays)
    return datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone)


def set_deadlines(grievance: Grievance, start: datetime) -> None:
    acknowledge, resolve = service_level(grievance.category)
    zone = zone_of(grievance)
    grievance.acknowledge_due_at = deadline(start, acknowledge, zone)
    grievance.resolve_due_at = deadline(start, resolve, zone)


def _desks_for(grievance: Grievance):
    desks = Desk.objects.filter(
        is_active=True, officer__is_active=True, officer__role=Role.GRIEVANCE_OFFICER
    ).select_related("officer")
    organisations = {grievance.concerned_organisation_id, getattr(grievance.centre, "organisation_id", None)}
    organisations.discard(None)
    if organisations:
        # Never the staff of the organisation the complaint is about.
        desks = desks.exclude(officer__organisation_id__in=organisations)
    # A handful of desks: their categories (a JSON list) are read here, the same on every database.
    return [desk for desk in desks if not desk.categories or grievance.category in desk.categories]


def choose_officer(grievance: Grievance, *, national: bool, avoid: int | None = None) -> User | None:
    """The officer for the case: at the regional level the desk of the narrowest region that holds
    the case's region; at the national level (or when no region desk fits) a national desk. Among
    equals, the one with the fewest open cases; not `avoid` (an officer's id) while another fits."""
    desks = _desks_for(grievance)
    code = grievance.region_id or ""
    candidates = []
    if not national and code:
        parts = code.split(".")
        for region in (".".join(parts[:n]) for n in range(len(parts), 0, -1)):
            candidates = [desk for desk in desks if desk.region_id == region]
            if candidates:
                break
    if not candidates:
        candidates = [desk for desk in desks if desk.region_id is None]
    if avoid is not None and len(candidates) > 1:
        candidates = [desk for desk in candidates if desk.officer_id != avoid] or candidates
    if not candidates:
        return None
    load = dict(
        Grievance.objects.filter(assigned_to__in=[d.officer_id for d in candidates], status__in=OPEN_STATUSES)
        .order_by()
        .values_list("assigned_to")
        .annotate(n=Count("pk"))
    )
    best = min(candidates, key=lambda desk: (load.get(desk.officer_id, 0), desk.officer_id))
    return best.officer


def add_update(grievance: Grievance, kind: str, *, text: str = "", public: bool = True, by=None) -> Update:
    return Update.objects.create(grievance=grievance, kind=kind, text=text, public=public, by=by)


def tell_officer(grievance: Grievance, subject) -> None:
    """A notice to the handling officer: the case number and the link, nothing of the reporter."""
    officer = grievance.assigned_to
    if officer is None:
        return
    with in_recipients_language():
        notify(
            officer,
            subject=str(subject),
            body=_("Complaint %(number)s: open your grievance queue to read it.")
            % {"number": grievance.number},
        )


def tell_reporter(grievance: Grievance) -> None:
    """A signed-in reporter hears that their case moved on (the anonymous follow it with the code)."""
    if grievance.reporter_id is None or grievance.is_anonymous:
        return
    with in_recipients_language():
        notify(
            grievance.reporter,
            subject=_("Your complaint was updated"),
            body=_(
                "Your complaint has a new step. Follow it with your tracking code on the complaints page."
            ),
        )


def now() -> datetime:
    return timezone.now()
