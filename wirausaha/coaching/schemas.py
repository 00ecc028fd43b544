from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, create_model

from .calculator import MAX_LOAN_MONTHS, MAX_PLAN_MONTHS, MAX_RUPIAH, MAX_UNITS
from .sections import MONEY, NUMBER, RATE, SECTIONS


class CounselorOut(Schema):
    id: int
    name: str
    organisation_kind: str
    organisation_name: str
    base_district: str
    sectors: list[str]
    in_person: bool
    remote: bool
    languages: str
    capacity: int
    is_active: bool


class AssignmentOut(Schema):
    id: int
    participant_id: int
    participant_name: str
    counselor_id: int | None
    counselor_name: str
    status: str
    mode: str
    distance_km: float | None
    sector_match: bool | None
    started_at: datetime | None
    explanation: dict[str, Any]


class SessionOut(Schema):
    id: int
    participant_id: int
    counselor_name: str
    starts_at: datetime
    time_zone: str
    mode: str
    duration_minutes: int
    topics: list[str]
    status: str
    notes: str | None = Field(None, description="Only for the counselor and admins.")


class PlanOut(Schema):
    participant_id: int
    status: str
    version: int
    content: dict[str, Any]
    submitted_at: datetime | None
    approved_at: datetime | None
    figures: dict[str, Any] | None
    problems: list[dict[str, str]]
    comments: dict[str, str]


def _section_fields() -> dict:
    fields: dict = {}
    for section in SECTIONS:
        for field in section.fields:
            if field.kind in (MONEY, NUMBER):
                fields[field.key] = (int | None, Field(None, ge=0, le=100_000_000_000))
            elif field.kind == RATE:
                fields[field.key] = (float | None, Field(None, ge=0, le=100))
            else:
                fields[field.key] = (str | None, Field(None, max_length=4000))
    return fields


class MonthIn(Schema):
    units: int | None = Field(None, ge=0, le=MAX_UNITS)
    credit_share: float | None = Field(
        None, ge=0, le=100, description="Percent of the month's sales on credit."
    )
    owner_drawings: int | None = Field(None, ge=0, le=100_000_000_000)


# One section's fields: those of the section named in the path are read, the others ignored.
SectionIn = create_model(
    "SectionIn",
    __base__=Schema,
    months=(list[MonthIn] | None, Field(None, max_length=12)),
    **_section_fields(),
)

CommentsIn = create_model(
    "CommentsIn", __base__=Schema, **{s.key: (str | None, Field(None, max_length=2000)) for s in SECTIONS}
)


class ReviewIn(Schema):
    decision: Literal["approve", "return"] | None = None
    comments: CommentsIn | None = None


class LoanIn(Schema):
    principal: int = Field(ge=0, le=MAX_RUPIAH)
    annual_rate: float = Field(ge=0, le=1)
    months: int = Field(ge=1, le=MAX_LOAN_MONTHS)


class CalculatorMonthIn(Schema):
    units: int = Field(ge=0, le=MAX_UNITS)
    credit_share: float = Field(0, ge=0, le=1)
    owner_drawings: int = Field(0, ge=0, le=MAX_RUPIAH)


class CalculatorIn(Schema):
    price_per_unit: int = Field(ge=0, le=MAX_RUPIAH)
    variable_cost_per_unit: int = Field(ge=0, le=MAX_RUPIAH)
    fixed_costs_per_month: int = Field(ge=0, le=MAX_RUPIAH)
    opening_cash: int = Field(0, ge=0, le=MAX_RUPIAH)
    start_up_costs: int = Field(0, ge=0, le=MAX_RUPIAH)
    loan: LoanIn | None = None
    months: list[CalculatorMonthIn] = Field(min_length=1, max_length=MAX_PLAN_MONTHS)


class MilestoneOut(Schema):
    kind: str
    reached_on: date
    note: str
