"""What each user may see of placements, who sits in a cohort, and which seats a wave can offer.

Visibility: national admins and auditors see every run and placement; provincial and regency
officers see every run of a listed wave but only the placements of participants who live in their
region (accounts.scoping.participant_q); a centre operator sees confirmed runs and only the
placements into their own centre's cohorts. Anyone else sees nothing (404).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import REGION_ROLES, Role, User
from wirausaha.accounts.scoping import NATIONWIDE_ROLES, NOTHING, REGION_COLUMNS
from wirausaha.centres.models import Cohort, TrainingCentre
from wirausaha.programs.models import Enrolment, EnrolmentState, Wave
from wirausaha.programs.queries import area_q
from wirausaha.reference.models import Region

from .models import AllocationRun, Placement
from .optimizer import great_circle_km

# Enrolments that hold their seat in a cohort: placed, in training, and how training ended.
ON_ROSTER = [
    EnrolmentState.PLACED,
    EnrolmentState.IN_TRAINING,
    EnrolmentState.GRADUATED,
    EnrolmentState.NOT_PASSED,
    EnrolmentState.DROPPED_OUT,
]
# Waves whose selected participants can be placed.
PLACING = [Wave.Status.SELECTED, Wave.Status.RUNNING]


def cohort_roster(cohort: Cohort) -> QuerySet[Enrolment]:
    """The enrolments seated in `cohort` by their wave's confirmed run (manual moves included)."""
    return (
        Enrolment.objects.filter(
            placements__cohort=cohort,
            placements__run__status=AllocationRun.Status.CONFIRMED,
            state__in=ON_ROSTER,
        )
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )


# Seats --------------------------------------------------------------------------------------


def seated_placements() -> QuerySet[Placement]:
    """Placements that hold a seat: in a confirmed run, with a cohort, the enrolment on the roster."""
    return Placement.objects.filter(
        run__status=AllocationRun.Status.CONFIRMED, cohort__isnull=False, enrolment__state__in=ON_ROSTER
    )


def seated_counts(cohort_ids=None) -> dict[int, int]:
    """Seats held per cohort (any wave), for the cohorts in `cohort_ids` or for all."""
    seated = seated_placements()
    if cohort_ids is not None:
        # A queryset is a subquery; anything else a list of ids.
        seated = seated.filter(
            cohort_id__in=cohort_ids if isinstance(cohort_ids, QuerySet) else list(cohort_ids)
        )
    return dict(seated.order_by().values_list("cohort_id").annotate(n=Count("id")))


def cohorts_in_window(wave: Wave) -> QuerySet[Cohort]:
    """Cohorts a wave may use: planned, at an active centre, inside the wave's training window.
    A wave without a window has none."""
    if wave.training_starts_on is None or wave.training_ends_on is None:
        return Cohort.objects.none()
    return Cohort.objects.filter(
        status=Cohort.Status.PLANNED,
        starts_on__gte=wave.training_starts_on,
        ends_on__lte=wave.training_ends_on,
        centre__status=TrainingCentre.Status.ACTIVE,
    )


def proposed_counts(run: AllocationRun, cohort_ids=None) -> dict[int, int]:
    """Seats a proposed run gives per cohort, to enrolments still waiting (`selected`)."""
    placements = run.placements.filter(cohort__isnull=False, enrolment__state=EnrolmentState.SELECTED)
    if cohort_ids is not None:
        placements = placements.filter(cohort_id__in=list(cohort_ids))
    return dict(placements.order_by().values_list("cohort_id").annotate(n=Count("id")))


# Where people live ----------------------------------------------------------------------------


def district_and_regency(domicile: str) -> tuple[str | None, str | None]:
    """The district (kecamatan) and regency codes of a village or district code."""
    parts = domicile.split(".")
    district = ".".join(parts[:3]) if len(parts) >= 3 else None
    regency = ".".join(parts[:2]) if len(parts) >= 2 else None
    return district, regency


def centroids(codes) -> dict[str, tuple[float, float]]:
    """Latitude and longitude of the regions in `codes` that have them."""
    return {
        code: (lat, lng)
        for code, lat, lng in Region.objects.filter(
            code__in=list(codes), latitude__isnull=False, longitude__isnull=False
        ).values_list("code", "latitude", "longitude")
    }


def locate(domiciles) -> dict[str, tuple[float, float]]:
    """Where each domicile counts as living: its district's centroid, else its regency's. Domiciles
    with neither are left out. One query for all."""
    domiciles = set(domiciles)
    codes = set()
    for domicile in domiciles:
        codes.update(code for code in district_and_regency(domicile) if code)
    points = centroids(codes)
    found = {}
    for domicile in domiciles:
        district, regency = district_and_regency(domicile)
        point = points.get(district) or points.get(regency)
        if point is not None:
            found[domicile] = point
    return found


# Scoping ----------------------------------------------------------------------------------


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def placement_q(user: User) -> Q:
    """Placements the user may see (see the module docstring)."""
    if not _active(user):
        return NOTHING
    if user.role in NATIONWIDE_ROLES:
        return Q()
    if user.role in REGION_ROLES:
        # The placement's own province or regency column where the office's area is one.
        return area_q(user, "enrolment__participant__")
    if user.role == Role.CENTRE_OPERATOR and user.organisation_id:
        return Q(cohort__centre__organisation_id=user.organisation_id)
    return NOTHING


def runs_visible_to(user: User, wave: Wave | None = None) -> QuerySet[AllocationRun]:
    """Runs the user may open: all for nationwide roles and officers (their placements are still
    filtered); confirmed runs for centre operators; none for anyone else. Draft waves have none."""
    runs = AllocationRun.objects.select_related("wave", "created_by", "decided_by")
    if wave is not None:
        runs = runs.filter(wave=wave)
    if not _active(user):
        return runs.none()
    if user.role in NATIONWIDE_ROLES or user.role in REGION_ROLES:
        return runs
    if user.role == Role.CENTRE_OPERATOR and user.organisation_id:
        return runs.filter(status=AllocationRun.Status.CONFIRMED)
    return runs.none()


def get_run_for(user: User, pk: int) -> AllocationRun:
    return get_object_or_404(runs_visible_to(user), pk=pk)


def sees_placements(user: User) -> bool:
    """Roles with a placement page at all (the others get 404 there)."""
    return _active(user) and (
        user.role in NATIONWIDE_ROLES
        or user.role in REGION_ROLES
        or (user.role == Role.CENTRE_OPERATOR and bool(user.organisation_id))
    )


def allocates(user: User) -> bool:
    """Only national admins propose, confirm, discard and move: placement crosses provinces (a
    centre in one province serves people of the next), so no regional role decides it."""
    return _active(user) and user.role == Role.NATIONAL_ADMIN


def placements_visible_to(user: User, run: AllocationRun) -> QuerySet[Placement]:
    """The run's placements the user may see, with what a page or an export shows of each."""
    return every_placement(run).filter(placement_q(user))


def every_placement(run: AllocationRun) -> QuerySet[Placement]:
    """All of a run's placements, unscoped: for the operator's export command only."""
    return (
        run.placements.all()
        .select_related(
            "run",
            "enrolment__participant__domicile__parent",
            "cohort__centre",
            "cohort__course",
            "next_best_cohort__centre",
            "moved_by",
        )
        # The run's summary is read once from the run itself, not decoded again with every row.
        .defer("run__summary")
        .order_by("enrolment_id")
    )


def get_placement_for(user: User, pk: int) -> Placement:
    return get_object_or_404(
        Placement.objects.filter(placement_q(user), run__in=runs_visible_to(user)).select_related(
            "run__wave", "enrolment__participant__domicile__parent", "cohort__centre", "cohort__course"
        ),
        pk=pk,
    )


def filter_placements(
    placements: QuerySet[Placement],
    *,
    outcome: str = "",
    province: str = "",
    search: str = "",
    by_nik: bool = False,
) -> QuerySet[Placement]:
    """`outcome` "placed" or "unplaced"; `province` a two-digit code; `search` a part of the
    name, or with `by_nik` (for those who may see NIKs in full) the NIK's first digits or all 16."""
    search = " ".join(search.split())
    if search.isdigit() and by_nik:
        placements = placements.filter(enrolment__participant__nik__startswith=search)
    elif search:
        placements = placements.filter(enrolment__participant__full_name__icontains=search)
    if outcome == "placed":
        placements = placements.filter(cohort__isnull=False)
    elif outcome == "unplaced":
        placements = placements.filter(cohort__isnull=True)
    if province:
        placements = placements.filter(province_code=province)
    return placements


# Summaries --------------------------------------------------------------------------------


def stored_summary(user: User, run: AllocationRun) -> dict | None:
    """The part of the run's stored summary (AllocationRun.summary, by regency) that the user may
    see, when their placements are a set of whole regencies (nationwide roles, a provincial or a
    regency office); None for the others (an office of a smaller area, a centre operator: few
    placements, aggregated from the list itself) and for a run without a summary."""
    if run.summary is None or not _active(user):
        return None
    if user.role in NATIONWIDE_ROLES:
        return run.summary
    code = user.scope_region_id or ""
    if user.role in REGION_ROLES and len(code) in REGION_COLUMNS:
        return {regency: row for regency, row in run.summary.items() if regency[: len(code)] == code}
    return None


def run_summary(user: User, run: AllocationRun, placements: QuerySet[Placement]) -> tuple[dict, dict]:
    """(province_summary, unplaced_counts) of the placements the user may see of the run: from the
    run's stored summary where it covers them, else aggregated from `placements`."""
    stored = stored_summary(user, run)
    if stored is None:
        return province_summary(placements), unplaced_counts(placements)
    provinces: dict[str, dict] = {}
    reasons: dict[str, int] = defaultdict(int)
    for regency, area in sorted(stored.items()):
        row = provinces.setdefault(
            regency[:2], {"province": regency[:2], "placed": 0, "unplaced": 0, "km": 0.0}
        )
        row["placed"] += area["placed"]
        row["km"] += area["km"]
        for reason, n in area["unplaced"].items():
            row["unplaced"] += n
            reasons[reason] += n
    return _named(list(provinces.values())), {reason: n for reason, n in reasons.items() if n}


def province_summary(placements: QuerySet[Placement]) -> dict:
    """Per province of residence: placed, unplaced, and mean km of those placed; and the totals."""
    rows = (
        placements.order_by()
        .values("province_code")
        .annotate(
            placed=Count("id", filter=Q(cohort__isnull=False)),
            unplaced=Count("id", filter=Q(cohort__isnull=True)),
            km=Sum("distance_km", filter=Q(cohort__isnull=False)),
        )
        .order_by("province_code")
    )
    return _named([{**row, "province": row.pop("province_code")} for row in rows])


def _named(rows: list[dict]) -> dict:
    """Province rows with their names and mean km, and the totals."""
    names = dict(Region.objects.filter(pk__in=[r["province"] for r in rows]).values_list("code", "name"))
    for row in rows:
        row["name"] = names.get(row["province"], "")
        row["mean_km"] = (row["km"] or 0) / row["placed"] if row["placed"] else None
    placed = sum(r["placed"] for r in rows)
    km = sum(r["km"] or 0 for r in rows)
    totals = {
        "placed": placed,
        "unplaced": sum(r["unplaced"] for r in rows),
        "mean_km": km / placed if placed else None,
    }
    return {"rows": rows, "totals": totals}


def unplaced_counts(placements: QuerySet[Placement]) -> dict[str, int]:
    return dict(
        placements.filter(cohort__isnull=True)
        .order_by()
        .values_list("unplaced_reason")
        .annotate(n=Count("id"))
    )


@dataclass(frozen=True)
class OpeningHint:
    """A regency with people left unplaced, and how far its centroid is from the nearest cohort."""

    regency: str
    name: str
    province: str
    unplaced: int
    reasons: dict[str, int]
    nearest_km: float | None
    nearest_centre: str


def where_to_open(placements: QuerySet[Placement], wave: Wave) -> list[OpeningHint]:
    """Unplaced people of a run by regency of residence, most first, each with the distance from
    the regency's centroid to the nearest centre with a cohort in the wave's window (any seats):
    where a new cohort would help most."""
    per_regency: dict[str, dict[str, int]] = defaultdict(dict)
    rows = (
        placements.filter(cohort__isnull=True)
        .exclude(enrolment__state=EnrolmentState.WITHDRAWN)
        .order_by()
        .values_list("regency_code", "unplaced_reason")
        .annotate(n=Count("id"))
    )
    for regency, reason, n in rows:
        per_regency[regency][reason] = n
    if not per_regency:
        return []
    regions = {
        code: (name, lat, lng)
        for code, name, lat, lng in Region.objects.filter(code__in=list(per_regency)).values_list(
            "code", "name", "latitude", "longitude"
        )
    }
    centres = list(
        cohorts_in_window(wave)
        .order_by()
        .values_list("centre__short_name", "centre__latitude", "centre__longitude")
        .distinct()
    )
    hints = []
    for regency, reasons in per_regency.items():
        name, lat, lng = regions.get(regency, ("", None, None))
        nearest_km, nearest_centre = None, ""
        if lat is not None and lng is not None:
            for centre, c_lat, c_lng in centres:
                km = great_circle_km(lat, lng, c_lat, c_lng)
                if nearest_km is None or km < nearest_km:
                    nearest_km, nearest_centre = km, centre
        hints.append(
            OpeningHint(
                regency=regency,
                name=name,
                province=regency[:2],
                unplaced=sum(reasons.values()),
                reasons=reasons,
                nearest_km=nearest_km,
                nearest_centre=nearest_centre,
            )
        )
    hints.sort(key=lambda h: (-h.unplaced, -(h.nearest_km or 0), h.regency))
    return hints


@dataclass(frozen=True)
class CohortChoice:
    cohort: Cohort
    free: int
    distance_km: float | None
    within_reach: bool


def cohorts_to_move_to(placement: Placement, *, limit: int = 25) -> list[CohortChoice]:
    """Cohorts in the wave's window with a free seat (for this run), nearest to the person first;
    those beyond the run's maximum distance are marked."""
    run = placement.run
    wave = run.wave
    cohorts = list(
        cohorts_in_window(wave)
        .exclude(pk=placement.cohort_id)
        .select_related("centre", "course")
        .order_by("starts_on", "pk")
    )
    ids = [c.pk for c in cohorts]
    taken = seated_counts(ids)
    if run.status == AllocationRun.Status.PROPOSED:
        for cohort_id, n in proposed_counts(run, ids).items():
            taken[cohort_id] = taken.get(cohort_id, 0) + n
    point = locate([placement.enrolment.participant.domicile_id]).get(
        placement.enrolment.participant.domicile_id
    )
    choices = []
    for cohort in cohorts:
        free = cohort.seats - taken.get(cohort.pk, 0)
        if free <= 0:
            continue
        km = (
            great_circle_km(point[0], point[1], cohort.centre.latitude, cohort.centre.longitude)
            if point
            else None
        )
        choices.append(CohortChoice(cohort, free, km, km is not None and km <= run.max_km))
    choices.sort(key=lambda c: (c.distance_km is None, c.distance_km or 0, c.cohort.pk))
    return choices[:limit]


def wave_placement_counts(wave: Wave) -> dict[str, int]:
    """Enrolments of the wave waiting for a place and placed, as they are now."""
    counts = dict(
        wave.enrolments.filter(state__in=[EnrolmentState.SELECTED, EnrolmentState.PLACED])
        .order_by()
        .values_list("state")
        .annotate(n=Count("id"))
    )
    return {
        "selected": counts.get(EnrolmentState.SELECTED, 0),
        "placed": counts.get(EnrolmentState.PLACED, 0),
    }


def waves_to_place(user: User) -> QuerySet[Wave]:
    """Waves with a draw behind them, for the placement pages."""
    if not sees_placements(user):
        return Wave.objects.none()
    return (
        Wave.objects.filter(status__in=[*PLACING, Wave.Status.FINISHED])
        .select_related("programme")
        .annotate(runs=Count("allocation_runs"))
        .order_by("-opens_on", "code")
    )
