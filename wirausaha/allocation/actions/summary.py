"""A run's summary by regency of residence (AllocationRun.summary), stored on the run: the run's page
reads it instead of aggregating the run's placements (100,000 at national scale) on every view.
Every action that changes a run's placements calls `refresh_summary` in its transaction; a
corrected domicile moves the person's counts from one regency to the other (`follow_domicile`)."""

from django.db.models import Count, QuerySet, Sum

from ..models import AllocationRun, Placement


def compute_summary(placements: QuerySet[Placement]) -> dict:
    """{regency: {"placed": n, "km": total km of those placed, "unplaced": {reason: n}}}."""
    summary: dict[str, dict] = {}
    rows = (
        placements.order_by()
        .values_list("regency_code", "unplaced_reason")
        .annotate(n=Count("id"), km=Sum("distance_km"))
    )
    for regency, reason, n, km in rows:
        area = summary.setdefault(regency, {"placed": 0, "km": 0.0, "unplaced": {}})
        if reason:
            area["unplaced"][reason] = n
        else:
            # A placement has a cohort exactly when it has no reason (placement_has_cohort_or_reason).
            area["placed"] += n
            area["km"] += km or 0.0
    return summary


def refresh_summary(run: AllocationRun) -> dict:
    """Recompute and store the run's summary (one aggregate over its placements)."""
    run.summary = compute_summary(run.placements.all())
    AllocationRun.objects.filter(pk=run.pk).update(summary=run.summary)
    return run.summary


def _count(summary: dict, regency: str, reason: str, km: float | None, sign: int) -> None:
    area = summary.setdefault(regency, {"placed": 0, "km": 0.0, "unplaced": {}})
    if reason:
        area["unplaced"][reason] = area["unplaced"].get(reason, 0) + sign
        if not area["unplaced"][reason]:
            del area["unplaced"][reason]
    else:
        area["placed"] += sign
        area["km"] += sign * (km or 0.0)
    if not area["placed"] and not area["unplaced"]:
        del summary[regency]


def count_move(run: AllocationRun, before: tuple, placement: Placement) -> None:
    """A moved placement's row leaves its count and joins the new one; `before` is
    (regency_code, unplaced_reason, distance_km) as it was. The caller holds the run's lock."""
    if run.summary is None:
        refresh_summary(run)
        return
    _count(run.summary, *before, -1)
    _count(run.summary, placement.regency_code, placement.unplaced_reason, placement.distance_km, +1)
    AllocationRun.objects.filter(pk=run.pk).update(summary=run.summary)


def follow_domicile(sender, *, participant, **kwargs) -> None:
    """Receiver of registry.actions.regency_changed, inside the correction's transaction: the
    person's placements take the new regency, and each run's summary moves their row there. The
    runs are locked first (the order of allocation.actions: runs, then placements)."""
    regency = participant.domicile_id[:5]
    theirs = Placement.objects.filter(enrolment__participant=participant).exclude(regency_code=regency)
    runs = AllocationRun.objects.select_for_update().filter(pk__in=theirs.values("run_id")).order_by("pk")
    by_run = {run.pk: run for run in runs}
    if not by_run:
        return
    for run_id, before, reason, km in theirs.values_list(
        "run_id", "regency_code", "unplaced_reason", "distance_km"
    ):
        summary = by_run[run_id].summary
        if summary is not None:
            _count(summary, before, reason, km, -1)
            _count(summary, regency, reason, km, +1)
    theirs.update(regency_code=regency)
    for run in by_run.values():
        if run.summary is not None:
            run.save(update_fields=["summary"])
