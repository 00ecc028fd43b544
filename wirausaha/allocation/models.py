from django.conf import settings
from django.db import models
from django.db.models import Q
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
        indexes = [models.Index(fields=["cohort", "run"], name="placement_cohort_run_idx")]

    def __str__(self) -> str:
        return f"{self.enrolment.participant} · {self.cohort or self.get_unplaced_reason_display()}"
