from .applications import Application, ApplicationDocument, Referral
from .grants import GrantBudget, GrantProposal
from .products import FinancingProduct

__all__ = [
    "Application",
    "ApplicationDocument",
    "FinancingProduct",
    "GrantBudget",
    "GrantProposal",
    "Referral",
]
