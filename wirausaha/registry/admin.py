from django.contrib import admin

from wirausaha.common.admin import ReadOnlyAdmin

from .models import Participant


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "sex", "birth_date", "domicile", "is_synthetic"]
    list_filter = ["sex", "is_synthetic"]
    search_fields = ["full_name"]
    exclude = ["nik", "phone"]
