from datetime import datetime

from ninja import Field, Schema

from .models import Attendance, Session
from .queries import zone_of


class SessionOut(Schema):
    id: int
    cohort: str
    number: int
    kind: Session.Kind
    topic: str
    starts_at: datetime
    ends_at: datetime
    local_start: str = Field(description="Start in the centre's time zone, ISO 8601 with offset")
    time_zone: str = Field(description="WIB, WITA or WIT")
    jp: int
    trainer: str | None

    @staticmethod
    def resolve_cohort(session) -> str:
        return session.cohort.code

    @staticmethod
    def resolve_local_start(session) -> str:
        return session.starts_at.astimezone(zone_of(session.cohort)).isoformat()

    @staticmethod
    def resolve_time_zone(session) -> str:
        return session.cohort.centre.region.time_zone

    @staticmethod
    def resolve_trainer(session) -> str | None:
        return session.trainer.username if session.trainer_id else None


class AttendanceOut(Schema):
    enrolment_id: int
    participant_name: str
    state: str
    status: Attendance.Status | None
    method: Attendance.Method | None
    marked_at: datetime | None
    correction_reason: str


class MarkIn(Schema):
    enrolment_id: int
    status: Attendance.Status


class AttendanceIn(Schema):
    marks: list[MarkIn] = Field(default_factory=list)
    rest: Attendance.Status | None = Field(
        None, description="Status for everyone on the roster not marked yet"
    )
    reason: str = Field("", max_length=500, description="Required for a correction after the session's day")
