from django.contrib import admin

from wirausaha.common.admin import ReadOnlyAdmin

from .models import TrainingCentre


@admin.register(TrainingCentre)
class TrainingCentreAdmin(ReadOnlyAdmin):
    list_display = ["short_name", "kind", "region", "status", "is_synthetic"]
    list_filter = ["kind", "status"]
    search_fields = ["short_name", "name"]
