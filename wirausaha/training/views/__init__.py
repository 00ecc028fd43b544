"""Training's pages, one module per part: the cohorts (centre) and attendance (trainer, participant).
The names are re-exported here for urls.py."""

from .attendance import check_in, session_attendance, session_qr, today
from .cohorts import (
    assessment,
    cohort_complete,
    cohort_detail,
    cohort_list,
    cohort_start,
    drop_out,
    generate_schedule,
    home,
    session_add,
    session_delete,
    session_edit,
)

__all__ = [
    "assessment",
    "check_in",
    "cohort_complete",
    "cohort_detail",
    "cohort_list",
    "cohort_start",
    "drop_out",
    "generate_schedule",
    "home",
    "session_add",
    "session_attendance",
    "session_delete",
    "session_edit",
    "session_qr",
    "today",
]
