"""National admins keep the complaints' settings here: the service levels (working days to
acknowledge and to resolve, per category), the holidays that are not working days, and the
grievance officers' desks. Each change is in the audit trail."""

from django.contrib import admin

from wirausaha.common.audit import field_changes, record_event
from wirausaha.programs.admin import PlannersEdit

from . import actions
from .models import Desk, Holiday, ServiceLevel


class AuditedSettings(PlannersEdit, admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = {field: form.initial.get(field) for field in form.changed_data} if change else {}
        super().save_model(request, obj, form, change)
        after = {field: getattr(obj, f"{field}_id", getattr(obj, field)) for field in form.changed_data}
        record_event(request.user, "grievance_setting.saved", obj, changes=field_changes(before, after))

    def delete_model(self, request, obj):
        record_event(request.user, "grievance_setting.saved", obj, reason="deleted")
        super().delete_model(request, obj)


@admin.register(ServiceLevel)
class ServiceLevelAdmin(AuditedSettings):
    list_display = ["__str__", "acknowledge_working_days", "resolve_working_days", "legal_basis"]


@admin.register(Holiday)
class HolidayAdmin(AuditedSettings):
    list_display = ["day", "name"]
    date_hierarchy = "day"


@admin.register(Desk)
class DeskAdmin(PlannersEdit, admin.ModelAdmin):
    list_display = ["officer", "region", "categories", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["officer", "region"]
    raw_id_fields = ["officer", "region"]

    def save_model(self, request, obj, form, change):
        desk = actions.save_desk(
            officer=obj.officer, region=obj.region, categories=obj.categories, by=request.user
        )
        if not obj.is_active:
            Desk.objects.filter(pk=desk.pk).update(is_active=False)
        obj.pk = desk.pk
