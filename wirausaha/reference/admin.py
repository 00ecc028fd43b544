from django.contrib import admin

from wirausaha.common.admin import ReadOnlyAdmin

from .models import Region, Sector


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "kind", "time_zone"]
    list_filter = ["level", "time_zone"]
    search_fields = ["code", "name"]


@admin.register(Sector)
class SectorAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "level", "kategori"]
    list_filter = ["level", "kategori"]
    search_fields = ["code", "title"]
