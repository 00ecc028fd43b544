from django.contrib import admin

from wirausaha.accounts.models import Role
from wirausaha.common.admin import ReadOnlyAdmin
from wirausaha.common.audit import record_event
from wirausaha.reference.models import Region

from .models import EligibilityRule, Enrolment, PriorityRule, Programme, Quota, Wave


def _plans_waves(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and user.role == Role.NATIONAL_ADMIN


class PlannersSee:
    """National admins define programmes and waves: the role is the permission, so they need no
    per-model Django permissions here. Anyone else needs the usual ones."""

    def has_module_permission(self, request):
        return _plans_waves(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _plans_waves(request) or super().has_view_permission(request, obj)


class PlannersEdit(PlannersSee):
    def has_add_permission(self, request, *obj):
        return _plans_waves(request) or super().has_add_permission(request, *obj)

    def has_change_permission(self, request, obj=None):
        return _plans_waves(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _plans_waves(request) or super().has_delete_permission(request, obj)


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


class QuotaInline(DraftOnly, PlannersEdit, admin.TabularInline):
    model = Quota
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A quota is for a province or a regency: a list of those (about 550) needs no search
        # and no permission on the reference data.
        if db_field.name == "region":
            kwargs["queryset"] = Region.objects.filter(
                level__in=[Region.Level.PROVINCE, Region.Level.REGENCY]
            ).order_by("code")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EligibilityRuleInline(DraftOnly, PlannersEdit, admin.TabularInline):
    model = EligibilityRule
    extra = 0


class PriorityRuleInline(DraftOnly, PlannersEdit, admin.TabularInline):
    model = PriorityRule
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(PlannersEdit, admin.ModelAdmin):
    list_display = ["code", "name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_event(request.user, "programme.saved", obj)


@admin.register(Wave)
class WaveAdmin(DraftOnly, PlannersEdit, admin.ModelAdmin):
    list_display = ["code", "name", "status", "opens_on", "closes_on", "target"]
    list_filter = ["status"]
    # The lottery's public value and frozen list change only through the actions, which publish them.
    readonly_fields = [
        "status",
        "seed_source",
        "lottery_seed",
        "public_value",
        "public_value_entered_at",
        "public_value_entered_by",
        "frozen_at",
        "frozen_seats",
        "entrants_digest",
    ]
    inlines = [QuotaInline, EligibilityRuleInline, PriorityRuleInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_event(
            request.user, "wave.defined", obj, changes={field: [None, "set"] for field in form.changed_data}
        )


@admin.register(Enrolment)
class EnrolmentAdmin(PlannersSee, ReadOnlyAdmin):
    list_display = ["wave", "participant", "state", "quota", "points", "rank"]
    list_filter = ["wave", "state"]
