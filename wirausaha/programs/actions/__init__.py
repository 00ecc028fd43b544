"""What happens in a wave: its lifecycle, applications, screening, the draw, withdrawals and
promotions. Every enrolment state change goes through `transition` (one) or `_bulk_transition`
(many), which write the event log the dashboard counts.

One module per part of a wave's life: transitions.py (the enrolment state machine, used by the
later stages too), waves.py (set-up and opening), applications.py (applying, carry-over and
screening), freeze.py (closing and the frozen list, the public value, re-opening), draw.py (the draw,
withdrawals and the waitlist, the public log of changes) and verification.py (tamper evidence). The
public names are re-exported here, so callers import them from `wirausaha.programs.actions`."""

from .applications import (
    APPLICANT_FIELDS,
    applicant_for,
    applicants,
    apply_to_wave,
    can_act_for,
    carry_over,
    pseudonym_for,
    quota_finder,
    screen_wave,
    screening_for,
)
from .draw import draw_wave, log_change, selection_summary, withdraw_enrolment
from .freeze import (
    close_wave,
    closes_early,
    correct_public_value,
    correction_allowed,
    enter_public_value,
    frozen_candidates,
    reopen_wave,
    reopening_allowed,
)
from .transitions import (
    BATCH,
    DRAWN,
    OPEN_STATES,
    SEAT_HOLDERS,
    TRAINING_ENDS,
    TRANSITIONS,
    VALUES_BATCH,
    IllegalTransition,
    WaveStateError,
    bulk_transition,
    follow_training,
    transition,
)
from .verification import lottery_inputs, verify_draw
from .waves import (
    end_of_closing_day,
    open_wave,
    randomness_overdue,
    redeclare_randomness,
    redeclaring_allowed,
)

__all__ = [
    "APPLICANT_FIELDS",
    "BATCH",
    "DRAWN",
    "OPEN_STATES",
    "SEAT_HOLDERS",
    "TRAINING_ENDS",
    "TRANSITIONS",
    "VALUES_BATCH",
    "IllegalTransition",
    "WaveStateError",
    "applicant_for",
    "applicants",
    "apply_to_wave",
    "bulk_transition",
    "can_act_for",
    "carry_over",
    "close_wave",
    "closes_early",
    "correct_public_value",
    "correction_allowed",
    "draw_wave",
    "end_of_closing_day",
    "enter_public_value",
    "follow_training",
    "frozen_candidates",
    "log_change",
    "lottery_inputs",
    "open_wave",
    "pseudonym_for",
    "quota_finder",
    "randomness_overdue",
    "redeclare_randomness",
    "redeclaring_allowed",
    "reopen_wave",
    "reopening_allowed",
    "screen_wave",
    "screening_for",
    "selection_summary",
    "transition",
    "verify_draw",
    "withdraw_enrolment",
]
