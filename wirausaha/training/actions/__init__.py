"""What happens in training: the schedule, attendance (marked by a trainer or by QR check-in),
assessment, drop-outs and completion. Every write is one transaction with an audit row; enrolment
states change only through programs.actions (transition, bulk_transition).

One module per part of a cohort's life; the names are re-exported here so callers do not change."""

from .attendance import check_in, check_in_refusal, check_in_window_text, mark_attendance
from .completion import complete_cohort, completion_blocker, record_assessment
from .rules import (
    CLOSED,
    AttendanceError,
    CheckInRefused,
    CompletionError,
    ScheduleError,
    TrainingError,
)
from .schedule import (
    SESSION_FIELDS,
    TOPICS,
    add_session,
    delete_session,
    edit_session,
    generate_sessions,
    topic_text,
)
from .start import drop_out, start_cohort

__all__ = [
    "CLOSED",
    "SESSION_FIELDS",
    "TOPICS",
    "AttendanceError",
    "CheckInRefused",
    "CompletionError",
    "ScheduleError",
    "TrainingError",
    "add_session",
    "check_in",
    "check_in_refusal",
    "check_in_window_text",
    "complete_cohort",
    "completion_blocker",
    "delete_session",
    "drop_out",
    "edit_session",
    "generate_sessions",
    "mark_attendance",
    "record_assessment",
    "start_cohort",
    "topic_text",
]
