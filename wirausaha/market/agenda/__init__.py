"""Agendas of a business-matching event (PDF): one per registrant, one per table."""

from .content import registrant_agenda, table_agenda

__all__ = ["registrant_agenda", "table_agenda"]
