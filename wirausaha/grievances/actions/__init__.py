"""What can happen to a complaint. `reporting` (the reporter's steps, with or without an account),
`handling` (the grievance officers' steps and the automatic escalation), `desks` (who handles what),
and `rules` (service levels, deadlines, routing)."""

from .desks import save_desk
from .handling import acknowledge, add_note, escalate, escalate_late_cases, note_evidence_opened, resolve
from .reporting import add_information, appeal, report_grievance
from .rules import StateError

__all__ = [
    "StateError",
    "acknowledge",
    "add_information",
    "add_note",
    "appeal",
    "escalate",
    "escalate_late_cases",
    "note_evidence_opened",
    "report_grievance",
    "resolve",
    "save_desk",
]
