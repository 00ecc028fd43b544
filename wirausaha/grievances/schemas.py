from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from .models import Category, Outcome

CategoryCode = Literal[tuple(Category.values)]  # type: ignore[valid-type]
OutcomeCode = Literal[tuple(Outcome.values)]  # type: ignore[valid-type]


class GrievanceIn(Schema):
    category: CategoryCode = Field(
        description="illegal_fee (pungli), service_not_delivered, discrimination, …"
    )
    description: str = Field(
        min_length=10, max_length=5000, description="What happened, where, who was involved."
    )
    centre: int | None = Field(None, description="The training centre concerned (its id), when known.")
    wave: str | None = Field(None, max_length=40, description="The programme wave's code, when known.")
    region: str | None = Field(
        None, max_length=13, description="Where it happened: a region code, e.g. 32.16."
    )
    about_labour_office: bool = Field(False, description="The complaint is about a labour office (Disnaker).")
    person_concerned: str | None = Field(None, max_length=200)
    occurred_on: date | None = None
    contact_name: str | None = Field(None, max_length=120)
    contact: str | None = Field(
        None, max_length=200, description="A phone number or email for the officer. Without it: anonymous."
    )


class TrackingOut(Schema):
    tracking_code: str = Field(description="Shown once: the only way to follow the case.")


class ThrottledOut(Schema):
    code: str
    detail: str


class StepOut(Schema):
    step: str
    label: str
    text: str
    at: datetime


class PublicGrievanceOut(Schema):
    category: str
    status: str
    status_label: str
    level: str
    centre: str | None
    received_at: datetime
    acknowledge_due_at: datetime
    resolve_due_at: datetime
    outcome: str
    outcome_summary: str
    can_appeal: bool
    history: list[StepOut]


class GrievanceOut(Schema):
    id: int
    number: str
    category: str
    status: str
    level: str
    escalation_reason: str
    centre_id: int | None
    region: str | None
    wave: str | None
    received_at: datetime
    acknowledge_due_at: datetime
    resolve_due_at: datetime
    assigned_to: str | None
    outcome: str


class OfficerStepOut(StepOut):
    public: bool
    by: str | None


class GrievanceDetailOut(GrievanceOut):
    description: str
    person_concerned: str
    occurred_on: date | None
    about_labour_office: bool
    anonymous: bool
    contact_name: str
    contact: str
    outcome_summary: str
    evidence_files: int
    history: list[OfficerStepOut]


class StepIn(Schema):
    step: Literal["acknowledge", "note", "escalate", "resolve"] | None = None
    text: str = Field("", max_length=5000)
    public: bool = Field(False, description="For a note: shown to the reporter.")
    outcome: OutcomeCode | None = Field(None, description="For resolve.")
