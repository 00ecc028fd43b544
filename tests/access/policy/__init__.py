"""Who may use each page and API operation (base.py explains the policy)."""

from .api import API
from .base import Policy
from .pages import PAGES

__all__ = ["API", "PAGES", "Policy"]
