"""Who graduates from a cohort, and why the others do not. Pure: no Django import.

Attendance is counted in JP: the hours of the sessions a participant attended (present or late)
against the hours of the sessions counted. Shares are compared in whole numbers, so a share
exactly at the course's minimum passes and one JP less fails.
"""

from dataclasses import dataclass

ATTENDANCE = "attendance"
ASSESSMENT = "assessment"


@dataclass(frozen=True)
class Share:
    attended_jp: int
    counted_jp: int

    @property
    def percent(self) -> int:
        """Rounded down, so a share shown as 80 % is never below 80 %."""
        return self.attended_jp * 100 // self.counted_jp if self.counted_jp else 0

    def reaches(self, min_percent: int) -> bool:
        return self.counted_jp > 0 and self.attended_jp * 100 >= min_percent * self.counted_jp


@dataclass(frozen=True)
class Outcome:
    graduates: bool
    reason: str = ""  # ATTENDANCE or ASSESSMENT when not
    assessment_missing: bool = False


def decide(
    share: Share,
    *,
    min_attendance_percent: int,
    assessment_required: bool,
    score: int | None,
    pass_score: int,
) -> Outcome:
    """Graduates with enough attendance and, when the course requires it, a passed assessment
    (a score at or above the pass score; no score recorded fails). Attendance is judged first."""
    if not share.reaches(min_attendance_percent):
        return Outcome(False, ATTENDANCE)
    if assessment_required:
        if score is None:
            return Outcome(False, ASSESSMENT, assessment_missing=True)
        if score < pass_score:
            return Outcome(False, ASSESSMENT)
    return Outcome(True)
