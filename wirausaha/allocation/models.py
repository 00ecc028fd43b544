from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from wirausaha.centres.models import Cohort
from wirausaha.programs.models import Enrolment, Wave


class AllocationRun(models.Model):
    """One solve of a wave's placement: its parameters, what it achieved, and how long it took.
    A run is reviewed, then confirmed (at most one confirmed run per wave) or discarded."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, to review")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")
        # A run proposed after the wave's confirmation, for the people still waiting: confirming it
        # adds its placements to the confirmed run (one confirmed run per wave).
        MERGED = "merged", _("Added to the confirmed run")

    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), on_delete=models.PROTECT, related_name="allocation_runs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    # Parameters.
    max_km = models.FloatField(_("maximum travel (km)"))
    sector_mismatch_km = models.FloatField(_("sector mismatch penalty (km)"))
    candidate_k = models.PositiveSmallIntegerField(_("candidate cohorts per person"), null=True, blank=True)
    # Results.
    people = models.PositiveIntegerField(_("people to place"), default=0)
    cohorts = models.PositiveIntegerField(_("cohorts offered"), default=0)
    seats = models.PositiveIntegerField(_("seats offered"), default=0)
    placed = models.PositiveIntegerField(_("placed"), default=0)
    unplaced = models.PositiveIntegerField(_("unplaced"), default=0)
    total_km = models.FloatField(_("total km"), default=0)
    total_cost = models.FloatField(_("objective (km + penalties)"), default=0)
    solve_seconds = models.FloatField(_("solver seconds"), default=0)
    total_seconds = models.FloatField(_("total seconds"), default=0)
    rounds = models.PositiveSmallIntegerField(_("solver rounds"), default=0)
    widened = models.BooleanField(_("candidates widened"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when its participants are to be told their class, touched as each batch is told, cleared
    # when all are: a value older than settings.STALE_JOB_SECONDS means the worker telling them
    # stopped, and the sweep queues the rest again (actions/notify.py).
    notify_heartbeat_at = models.DateTimeField(null=True, blank=True)
    # What the run's page shows by area, kept here instead of aggregated from its 100,000
    # placements on every view: per regency of residence, {"placed": n, "km": total km of those
    # placed, "unplaced": {reason: n}}. Recomputed by every action that changes the run's
    # placements (proposal, confirmation into the confirmed run, moves) and by a corrected
    # domicile (actions.summary.refresh_summary); None until first computed.
    summary = models.JSONField(_("summary by regency"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave"], condition=Q(status="confirmed"), name="allocation_one_confirmed_run_per_wave"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave} #{self.pk}"

    @property
    def mean_km(self) -> float:
        return self.total_km / self.placed if self.placed else 0.0


class PlacementQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # The list columns come from the enrolment, for every writer (see Placement.regency_code).
        objs = list(objs)
        fill_placement_regency(objs)
        return super().bulk_create(objs, *args, **kwargs)


def fill_placement_regency(placements) -> None:
    """The enrolment's regency on placements that have none yet, in one query per 10,000."""
    ids = sorted({p.enrolment_id for p in placements if not p.regency_code})
    regencies: dict[int, str] = {}
    for start in range(0, len(ids), 10_000):
        regencies.update(
            Enrolment.objects.filter(pk__in=ids[start : start + 10_000]).values_list("pk", "regency_code")
        )
    for placement in placements:
        if not placement.regency_code:
            placement.regency_code = regencies.get(placement.enrolment_id, "")


class Placement(models.Model):
    """One selected enrolment in one run: its cohort and why, or why it has none."""

    class Unplaced(models.TextChoices):
        NO_COHORT_WITHIN_MAX_KM = "no_cohort_within_max_km", _("No cohort within the maximum distance")
        ALL_REACHABLE_COHORTS_FULL = "all_reachable_cohorts_full", _("Every cohort within reach is full")
        NO_LOCATION = "no_location", _("Domicile has no coordinates")
        REMOVED = "removed", _("Taken out of the cohort by hand")

    class NextBest(models.TextChoices):
        FULL = "full", _("Cheaper, but its seats went to others")
        EQUAL_COST = "equal_cost", _("Just as near: a tie")
        COSTLIER = "costlier", _("Farther, or a worse sector fit")

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="placements")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="placements")
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("cohort"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    sector_match = models.BooleanField(_("sector fits"), null=True, blank=True)
    cost = models.FloatField(_("cost (km + penalty)"), null=True, blank=True)
    unplaced_reason = models.CharField(
        _("why not placed"), max_length=30, choices=Unplaced.choices, blank=True
    )
    next_best_cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    next_best_km = models.FloatField(null=True, blank=True)
    next_best_cost = models.FloatField(null=True, blank=True)
    next_best_why_not = models.CharField(max_length=12, choices=NextBest.choices, blank=True)
    # A manual move after the solve: who, when and why (the audit trail has the before and after).
    moved_at = models.DateTimeField(_("moved at"), null=True, blank=True)
    # When the participant was told the class of this placement (messages.notify_placed).
    notified_at = models.DateTimeField(null=True, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    move_reason = models.TextField(_("reason for the move"), blank=True)
    # The participant's regency (as on the enrolment) and from it the province: a labour office's
    # view of a run is filtered and ordered on the placement's own index (run, area, enrolment)
    # instead of a join to the enrolment and the participant. Filled from the enrolment when a
    # writer leaves it empty; moved with the person by registry.actions.update_participant.
    regency_code = models.CharField(_("regency"), max_length=5, blank=True, default="", editable=False)
    province_code = models.GeneratedField(
        expression=Substr("regency_code", 1, 2),
        output_field=models.CharField(max_length=2),
        db_persist=True,
        verbose_name=_("province"),
    )

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["run_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "enrolment"], name="placement_once_per_run"),
            models.CheckConstraint(
                condition=Q(cohort__isnull=False, unplaced_reason="")
                | Q(cohort__isnull=True) & ~Q(unplaced_reason=""),
                name="placement_has_cohort_or_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "run"], name="placement_cohort_run_idx"),
            # A run's list in its order (enrolment), nationwide, of a province and of a regency;
            # `id` last so that a page's ids come from the index alone at any depth.
            models.Index(fields=["run", "enrolment", "id"], name="placement_list_idx"),
            models.Index(fields=["run", "province_code", "enrolment", "id"], name="placement_prov_list_idx"),
            models.Index(fields=["run", "regency_code", "enrolment", "id"], name="placement_reg_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.participant} · {self.cohort or self.get_unplaced_reason_display()}"

    def save(self, *args, **kwargs):
        if not self.regency_code:
            fill_placement_regency([self])
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "regency_code"}
        super().save(*args, **kwargs)
