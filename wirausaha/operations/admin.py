from django.contrib import admin

from .models import RetentionPeriod


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(admin.ModelAdmin):
    """The retention periods are data: a national admin changes them here."""

    list_display = ["kind", "days", "basis"]
