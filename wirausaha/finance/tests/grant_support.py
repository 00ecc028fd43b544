"""Builders of the programme-money tests: officers, a participant and a province's budget, with
every figure taken from the seeded product data."""

from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.finance.actions.grants import save_budget
from wirausaha.finance.data import sync_products
from wirausaha.finance.models import FinancingProduct
from wirausaha.finance.queries.products import product_in_force
from wirausaha.testing import make_participant, make_user


def product(code: str):
    return product_in_force(code, timezone.localdate())


def officers():
    """(maker, checker, admin): two West Java officers and a national admin. The seeded products are
    put back first (a committing test's flush empties the table the migration seeded)."""
    sync_products(FinancingProduct)
    return (
        make_user("pengusul", Role.PROVINCIAL_OFFICER, region="32"),
        make_user("pemeriksa", Role.REGENCY_OFFICER, region="32.16"),
        make_user("pusat", Role.NATIONAL_ADMIN),
    )


def budget_for(code: str, *, grants: int = 1, units: int = 0, province: str = "32", admin=None, year=None):
    """A budget that holds `grants` proposals at the product's ceiling (or `units` units)."""
    admin = admin or make_user("anggaran", Role.NATIONAL_ADMIN)
    item = product(code)
    kind_units = item.kind == "equipment"
    return save_budget(
        product_code=code,
        province_id=province,
        year=year or timezone.localdate().year,
        amount=0 if kind_units else item.max_amount * grants,
        units=units if kind_units else 0,
        by=admin,
    )


def beneficiary(name: str = "Rina Wulandari", *, with_account: bool = True, village="32.16.01.2001"):
    user = make_user(name.split()[0].lower(), Role.PARTICIPANT) if with_account else None
    return make_participant(name, village=village, user=user)


PROVINCES = ("11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "33", "34", "35", "36")


def grow_grants(people, step: int) -> None:
    """For the list-query test: TKM Pemula proposals for `people` (a third approved) and budgets of
    more provinces, proposed by an admin who is not a persona."""
    from wirausaha.finance.actions.grants import decide_grant, propose_grant

    maker = make_user(f"tumbuh.pengusul.{step}", Role.NATIONAL_ADMIN)
    checker = make_user(f"tumbuh.pemeriksa.{step}", Role.NATIONAL_ADMIN)
    item = product("tkm_pemula")
    year = timezone.localdate().year
    from wirausaha.finance.models import GrantBudget

    budget = GrantBudget.objects.filter(product_code=item.code, province_id="32", year=year).first()
    held = budget.amount if budget else 0
    save_budget(
        product_code=item.code,
        province_id="32",
        year=year,
        amount=held + item.max_amount * len(people),
        by=maker,
    )
    for code in PROVINCES[(step - 1) * 3 : step * 3 + len(people) // 10]:
        save_budget(product_code=item.code, province_id=code, year=year, amount=item.max_amount, by=maker)
    for index, person in enumerate(people):
        proposal = propose_grant(
            participant=person, product_code=item.code, amount=item.max_amount, purpose="Modal awal", by=maker
        )
        if index % 3 == 0:
            decide_grant(proposal, approve=True, by=checker)
