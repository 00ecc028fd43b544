"""Financing products: public programme data, readable by every signed-in user."""

from collections import defaultdict
from datetime import date

from django.db.models import QuerySet

from ..models import FinancingProduct
from ..readiness import Terms, terms_on


def products_visible_to(user) -> QuerySet[FinancingProduct]:
    if not (user and user.is_authenticated and user.is_active):
        return FinancingProduct.objects.none()
    return FinancingProduct.objects.all()


def products_in_force(on: date, *, kinds: tuple[str, ...] = ()) -> QuerySet[FinancingProduct]:
    products = FinancingProduct.objects.in_force_on(on)
    return products.filter(kind__in=kinds) if kinds else products


def product_in_force(code: str, on: date) -> FinancingProduct | None:
    return FinancingProduct.objects.in_force_on(on).filter(code=code).order_by("-in_force_from").first()


def terms_by_code(on: date) -> dict[str, Terms]:
    """For every product code, the terms that apply on `on` (see readiness.terms_on): one query."""
    versions: dict[str, list[Terms]] = defaultdict(list)
    for product in FinancingProduct.objects.all():
        versions[product.code].append(product.terms())
    return {code: terms_on(items, on) for code, items in versions.items()}
