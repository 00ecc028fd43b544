from django.contrib import admin

from wirausaha.common.admin import ReadOnlyAdmin
from wirausaha.common.audit import record_event

from .models import EligibilityRule, Enrolment, PriorityRule, Programme, Quota, Wave


class DraftOnly:
    """A wave's definition (dates, seats, quotas, rules) is edited in the admin while it is a draft;
    from opening on it changes only through the actions, which check and audit each step."""

    def _editable(self, obj) -> bool:
        wave = obj if isinstance(obj, Wave) else getattr(obj, "wave", None)
        return wave is None or wave.status == Wave.Status.DRAFT

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_add_permission(self, request, obj=None):
        # Inlines are asked about their parent object; the model admin only about the request.
        allowed = (
            super().has_add_permission(request, obj)
            if isinstance(self, admin.options.InlineModelAdmin)
            else super().has_add_permission(request)
        )
        return allowed and self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(obj)


class QuotaInline(DraftOnly, admin.TabularInline):
    model = Quota
    extra = 0
    autocomplete_fields = ["region"]


class EligibilityRuleInline(DraftOnly, admin.TabularInline):
    model = EligibilityRule
    extra = 0


class PriorityRuleInline(DraftOnly, admin.TabularInline):
    model = PriorityRule
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_event(request.user, "programme.saved", obj)


@admin.register(Wave)
class WaveAdmin(DraftOnly, admin.ModelAdmin):
    list_display = ["code", "name", "status", "opens_on", "closes_on", "target"]
    list_filter = ["status"]
    readonly_fields = ["status", "lottery_seed"]
    inlines = [QuotaInline, EligibilityRuleInline, PriorityRuleInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_event(
            request.user, "wave.defined", obj, changes={field: [None, "set"] for field in form.changed_data}
        )


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["wave", "participant", "state", "quota", "points", "rank"]
    list_filter = ["wave", "state"]
