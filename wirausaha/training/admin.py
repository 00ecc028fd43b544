from django.contrib import admin

from wirausaha.accounts.models import Role
from wirausaha.common.admin import ReadOnlyAdmin

from .models import Assessment, Attendance, Session


class TrainingAdmin(ReadOnlyAdmin):
    """Training records change only through the pages, the API and the commands, which check the
    rules and write the audit trail. National admins (staff) read them here without per-model
    permissions: the role is the permission."""

    def _national_admin(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.role == Role.NATIONAL_ADMIN

    def has_module_permission(self, request) -> bool:
        return self._national_admin(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._national_admin(request) or super().has_view_permission(request, obj)


@admin.register(Session)
class SessionAdmin(TrainingAdmin):
    list_display = ("cohort", "number", "kind", "topic", "starts_at", "jp", "trainer")
    list_filter = ("kind",)
    search_fields = ("cohort__code", "topic")
    list_select_related = ("cohort", "trainer")


@admin.register(Attendance)
class AttendanceAdmin(TrainingAdmin):
    list_display = ("session", "enrolment", "status", "method", "marked_at", "marked_by")
    list_filter = ("status", "method")
    search_fields = ("session__cohort__code",)
    list_select_related = ("session", "marked_by")


@admin.register(Assessment)
class AssessmentAdmin(TrainingAdmin):
    list_display = ("cohort", "enrolment", "score", "passed", "assessed_at")
    list_filter = ("passed",)
    search_fields = ("cohort__code",)
    list_select_related = ("cohort",)
