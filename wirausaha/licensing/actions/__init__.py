"""What can happen in licensing. One module per part: `businesses` (the business), `nib` (declare,
verify, return), `checklist` (refresh from the rules, item updates, due dates), `rules` (editing the
rules) and `permissions` (who may act, and the errors)."""

from .businesses import check_business, save_business
from .checklist import facts_of, refresh_checklist, set_due_date, update_item
from .nib import declare_nib, nib_message, return_nib, verify_nib
from .permissions import LicensingError, StateError
from .rules import save_rule

__all__ = [
    "LicensingError",
    "StateError",
    "check_business",
    "declare_nib",
    "facts_of",
    "nib_message",
    "refresh_checklist",
    "return_nib",
    "save_business",
    "save_rule",
    "set_due_date",
    "update_item",
    "verify_nib",
]
