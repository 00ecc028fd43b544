"""What each user may see of complaints.

- A grievance officer sees the cases of their desk: its region (and below) and categories, or every
  case at the national desk; and always the cases assigned to them.
- A national admin reads every case (oversight) but does not handle them.
- Nobody sees a case about their own organisation: a centre's or a labour office's staff never
  see the complaints about it, whatever their role.
- Everyone else sees nothing: a case out of reach is missing (404), like one that does not exist.

The reporter follows their case with the tracking code only (`grievance_by_code`), and sees the
public steps of its history; the reporter's identity is never part of what the code shows."""

import statistics
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import NOTHING, REGION_ROLES

from .codes import hash_code
from .models import OPEN_STATUSES, Category, Desk, Evidence, Grievance, Level, Status, Update

# Roles that read the statistics (counts without identities) nationwide.
STATISTICS_NATIONWIDE = frozenset({Role.NATIONAL_ADMIN, Role.AUDITOR, Role.MINISTRY_PARTNER})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def desk_of(user: User) -> Desk | None:
    """The user's desk when they are an active grievance officer (cached on the user object)."""
    if not _active(user) or user.role != Role.GRIEVANCE_OFFICER:
        return None
    if not hasattr(user, "_grievance_desk"):
        user._grievance_desk = Desk.objects.filter(officer=user, is_active=True).first()
    return user._grievance_desk


def handles_grievances(user: User) -> bool:
    return desk_of(user) is not None


def reads_grievances(user: User) -> bool:
    return handles_grievances(user) or (_active(user) and user.role == Role.NATIONAL_ADMIN)


def region_within(code: str, field: str = "region") -> Q:
    """Rows whose region (a dotted code) is `code` or lies inside it."""
    return Q(**{f"{field}_id": code}) | Q(**{f"{field}__code__startswith": f"{code}."})


def _not_about_own(user: User) -> Q:
    if not user.organisation_id:
        return Q()
    return ~Q(concerned_organisation_id=user.organisation_id) & ~Q(
        centre__organisation_id=user.organisation_id
    )


def grievance_q(user: User) -> Q:
    if not _active(user):
        return NOTHING
    if user.role == Role.NATIONAL_ADMIN:
        return _not_about_own(user)
    desk = desk_of(user)
    if desk is None:
        return NOTHING
    reach = Q() if desk.is_national else region_within(desk.region_id)
    if desk.categories:
        reach &= Q(category__in=desk.categories)
    return (reach | Q(assigned_to=user)) & _not_about_own(user)


def grievances_visible_to(user: User) -> QuerySet[Grievance]:
    return Grievance.objects.filter(grievance_q(user))


def queue_of(user: User, *, level: str | None = None, open_only: bool = True) -> QuerySet[Grievance]:
    rows = grievances_visible_to(user).select_related("centre", "region", "assigned_to")
    if open_only:
        rows = rows.filter(status__in=OPEN_STATUSES)
    if level:
        rows = rows.filter(level=level)
    return rows.order_by("resolve_due_at", "pk")


def escalations_of(user: User) -> QuerySet[Grievance]:
    return queue_of(user, level=Level.NATIONAL, open_only=False).filter(escalated_at__isnull=False)


def get_grievance(user: User, pk) -> Grievance:
    try:
        return (
            grievances_visible_to(user).select_related("centre", "wave", "region", "assigned_to").get(pk=pk)
        )
    except (Grievance.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def acts_on(user: User, grievance: Grievance) -> bool:
    """May the user handle the case (acknowledge, note, escalate, resolve)? The national desk every
    case it sees; a regional desk the regional cases it sees. National admins only read."""
    desk = desk_of(user)
    if desk is None or not grievances_visible_to(user).filter(pk=grievance.pk).exists():
        return False
    return desk.is_national or grievance.level == Level.REGIONAL


def get_evidence(user: User, grievance: Grievance, pk) -> Evidence:
    try:
        return grievance.evidence.get(pk=pk)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def grievance_by_code(code: str) -> Grievance | None:
    """The case a tracking code opens, or None. The code is compared by its hash."""
    hashed = hash_code(code)
    if hashed is None:
        return None
    return Grievance.objects.filter(tracking_hash=hashed).select_related("centre", "wave").first()


def public_history(grievance: Grievance) -> QuerySet[Update]:
    return grievance.updates.filter(public=True).only("kind", "text", "created_at", "grievance_id")


def history(grievance: Grievance) -> QuerySet[Update]:
    return grievance.updates.select_related("by")


def _statistics_q(user: User) -> Q:
    if not _active(user):
        return NOTHING
    if user.role in STATISTICS_NATIONWIDE:
        return Q()
    if user.role in REGION_ROLES and user.scope_region_id:
        return region_within(user.scope_region_id)
    if user.role == Role.GRIEVANCE_OFFICER:
        return grievance_q(user)
    return NOTHING


def grievance_statistics(
    user: User,
    *,
    since: date | None = None,
    until: date | None = None,
    region: str | None = None,
    category: str | None = None,
    centre_limit: int = 20,
) -> dict:
    """Counts of the complaints the user may count (reported between `since` and `until`, within
    `region`, of `category`): by category, by status, by centre (the most first), how many were
    escalated, and the median days from report to resolution. No reporter, no text: only counts."""
    rows = Grievance.objects.filter(_statistics_q(user))
    if since:
        rows = rows.filter(created_at__date__gte=since)
    if until:
        rows = rows.filter(created_at__date__lte=until)
    if region:
        rows = rows.filter(region_within(region))
    if category:
        rows = rows.filter(category=category)
    by_category = dict(rows.order_by().values_list("category").annotate(n=Count("pk")))
    by_status = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    centres = (
        rows.filter(centre__isnull=False)
        .order_by()
        .values("centre_id", "centre__short_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "centre__short_name")[:centre_limit]
    )
    durations = [
        (resolved - created).total_seconds() / 86400
        for created, resolved in rows.filter(resolved_at__isnull=False).values_list(
            "created_at", "resolved_at"
        )
    ]
    return {
        "total": sum(by_category.values()),
        "open": sum(by_status.get(status, 0) for status in OPEN_STATUSES),
        "resolved": sum(by_status.get(status, 0) for status in (Status.RESOLVED, Status.CLOSED)),
        "escalated": rows.filter(escalated_at__isnull=False).count(),
        "by_category": [
            {"category": value, "label": str(label), "count": by_category.get(value, 0)}
            for value, label in Category.choices
        ],
        "by_status": [
            {"status": value, "label": str(label), "count": by_status.get(value, 0)}
            for value, label in Status.choices
        ],
        "by_centre": [
            {"centre_id": row["centre_id"], "centre": row["centre__short_name"], "count": row["n"]}
            for row in centres
        ],
        "median_days_to_resolve": round(statistics.median(durations), 1) if durations else None,
    }
