"""What can happen in coaching. One module per part: `counselors` (profiles), `assignment` (runs,
reassignment, change requests), `sessions` (sessions, action items, reminders), `plans` (the
business plan and its review), `milestones`, and `letters` (the mentoring letter)."""

from .assignment import (
    DEFAULT_MAX_KM,
    DEFAULT_REMOTE_KM,
    DEFAULT_SECTOR_MISMATCH_KM,
    confirm_assignment_run,
    decide_counselor_change,
    discard_assignment_run,
    propose_assignment_run,
    reassign_participant,
    request_counselor_change,
    waiting_graduates,
)
from .counselors import parse_sectors, save_counselor
from .letters import issue_mentoring_letter
from .milestones import record_milestone
from .plans import clean_section, figures_of, plan_for, review_plan, save_plan_section, submit_plan
from .rules import CapacityConflict, CoachingError, StateError
from .sessions import (
    add_action_item,
    plan_session,
    record_session,
    send_due_reminders,
    set_action_item_status,
)

__all__ = [
    "DEFAULT_MAX_KM",
    "DEFAULT_REMOTE_KM",
    "DEFAULT_SECTOR_MISMATCH_KM",
    "CapacityConflict",
    "CoachingError",
    "StateError",
    "add_action_item",
    "clean_section",
    "confirm_assignment_run",
    "decide_counselor_change",
    "discard_assignment_run",
    "figures_of",
    "issue_mentoring_letter",
    "parse_sectors",
    "plan_for",
    "plan_session",
    "propose_assignment_run",
    "reassign_participant",
    "record_milestone",
    "record_session",
    "request_counselor_change",
    "review_plan",
    "save_counselor",
    "save_plan_section",
    "send_due_reminders",
    "set_action_item_status",
    "submit_plan",
    "waiting_graduates",
]
