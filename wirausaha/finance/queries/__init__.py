"""What each user may see of finance. One module per part: `products` (public programme data),
`grants` (programme money: proposals and budgets) and `applications` (applications and referrals);
callers import from the part's module or from here."""

from .grants import (
    budgets_visible_to,
    get_budget_for,
    get_proposal_for,
    manages_budgets,
    proposals_visible_to,
    works_on_grants,
)
from .products import product_in_force, products_in_force, products_visible_to, terms_by_code

# finance-referrals: from .applications import ...

__all__ = [
    "budgets_visible_to",
    "get_budget_for",
    "get_proposal_for",
    "manages_budgets",
    "product_in_force",
    "products_in_force",
    "products_visible_to",
    "proposals_visible_to",
    "terms_by_code",
    "works_on_grants",
]
