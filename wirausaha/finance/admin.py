from django.contrib import admin

from wirausaha.common.admin import ReadOnlyAdmin

from .models import FinancingProduct, GrantBudget, GrantProposal


@admin.register(FinancingProduct)
class FinancingProductAdmin(ReadOnlyAdmin):
    """Versions come from finance/data/products.json (a new regulation is a new version there)."""

    list_display = [
        "code",
        "name",
        "kind",
        "min_amount",
        "max_amount",
        "annual_rate_bp",
        "in_force_from",
        "in_force_until",
    ]
    list_filter = ["kind", "code"]
    search_fields = ["code", "name", "legal_basis"]


@admin.register(GrantBudget)
class GrantBudgetAdmin(ReadOnlyAdmin):
    list_display = [
        "product_code",
        "province",
        "year",
        "amount",
        "committed_amount",
        "units",
        "committed_units",
    ]
    list_filter = ["product_code", "year"]


@admin.register(GrantProposal)
class GrantProposalAdmin(ReadOnlyAdmin):
    list_display = [
        "participant",
        "product",
        "province",
        "year",
        "amount",
        "status",
        "proposed_by",
        "decided_by",
    ]
    list_filter = ["status", "year"]
