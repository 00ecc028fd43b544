from django.contrib import admin

from wirausaha.common.admin import ReadOnlyAdmin

from .models import AllocationRun, Placement


@admin.register(AllocationRun)
class AllocationRunAdmin(ReadOnlyAdmin):
    """Runs are proposed, confirmed and discarded on the placement pages (each step audited)."""

    list_display = ["id", "wave", "status", "placed", "unplaced", "total_km", "max_km", "created_at"]
    list_filter = ["status"]
    search_fields = ["wave__code"]
    list_select_related = ["wave"]


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    """Placements change only by a manual move, with a reason, on the placement pages."""

    list_display = ["id", "run", "enrolment", "cohort", "distance_km", "unplaced_reason", "moved_at"]
    list_filter = ["unplaced_reason", "run__status"]
    search_fields = ["run__wave__code", "cohort__code"]
    raw_id_fields = ["enrolment", "cohort", "next_best_cohort", "run"]
    list_select_related = ["run__wave", "enrolment__participant", "enrolment__wave", "cohort"]
