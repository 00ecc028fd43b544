from django.contrib import admin

from wirausaha.common.admin import ReadOnlyAdmin

from .models import ApiToken, Organisation, User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "scope_region",
        "organisation",
        "is_active",
    ]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name"]
    exclude = ["password"]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
