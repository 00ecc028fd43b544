from django.contrib import admin

from wirausaha.common.admin import ReadOnlyAdmin
from wirausaha.common.audit import field_changes, record_event
from wirausaha.programs.admin import PlannersEdit, PlannersSee
from wirausaha.reference.models import Sector

from .models import Cohort, Course, TrainingCentre


@admin.register(TrainingCentre)
class TrainingCentreAdmin(PlannersSee, ReadOnlyAdmin):
    list_display = ["short_name", "kind", "region", "operated_by", "status", "is_synthetic"]
    list_filter = ["kind", "status", "is_synthetic"]
    search_fields = ["short_name", "name", "operated_by"]
    list_select_related = ["region"]


@admin.register(Course)
class CourseAdmin(PlannersEdit, admin.ModelAdmin):
    """National admins keep the course catalogue here; a course that has cohorts is retired
    (unticked `active`) rather than deleted."""

    list_display = [
        "code",
        "title",
        "sector",
        "technical_jp",
        "entrepreneurship_jp",
        "delivery",
        "min_attendance_percent",
        "pass_score",
        "is_active",
    ]
    list_filter = ["is_active", "delivery"]
    search_fields = ["code", "title"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A plain list of the numbered KBLI codes: no search, so no permission on reference data.
        if db_field.name == "sector":
            kwargs["queryset"] = Sector.objects.exclude(level=Sector.Level.KATEGORI).order_by("code")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            before = {field: form.initial.get(field) for field in form.changed_data}
        super().save_model(request, obj, form, change)
        after = {field: getattr(obj, f"{field}_id", getattr(obj, field)) for field in form.changed_data}
        record_event(
            request.user,
            "course.changed" if change else "course.created",
            obj,
            changes=field_changes(before, after),
        )


@admin.register(Cohort)
class CohortAdmin(PlannersSee, ReadOnlyAdmin):
    """Cohorts change through the centre pages (each change checked and audited)."""

    list_display = ["code", "centre", "course", "starts_on", "ends_on", "seats", "status"]
    list_filter = ["status", "course"]
    search_fields = ["code", "centre__short_name"]
    list_select_related = ["centre", "course"]
    date_hierarchy = "starts_on"
