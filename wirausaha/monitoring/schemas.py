from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class FunnelStepOut(Schema):
    key: str
    label: str
    count: int
    conversion: float | None


class IndicatorsOut(Schema):
    totals: dict[str, int]
    labels: dict[str, str]
    funnel: list[FunnelStepOut]
    by: str
    breakdown: list[dict[str, Any]]


class TimelineEntryOut(Schema):
    at: datetime
    kind: str
    title: str
    detail: str


class RateOut(Schema):
    arm: str
    due: int
    answered: int
    rate: float | None
    operating: int


class RoundOut(Schema):
    id: int
    wave: str
    months: int
    opens_on: date
    closes_on: date
    response_rates: list[RateOut] = []


class AnswerIn(Schema):
    participant_id: int = Field(ge=1, le=2**31 - 1)
    operating: bool
    closed_since: date | None = None
    closed_reason: str = Field("", max_length=300)
    monthly_revenue: int = Field(0, ge=0, le=10**12)
    monthly_profit: int = Field(0, ge=-(10**12), le=10**12)
    workers_paid: int = Field(0, ge=0, le=10_000)
    workers_unpaid: int = Field(0, ge=0, le=10_000)
    has_nib: bool = False
    financing_source: str = Field("", max_length=200)
    financing_amount: int = Field(0, ge=0, le=10**12)
    buyers: int = Field(0, ge=0, le=1_000_000)
    contract_value: int = Field(0, ge=0, le=10**12)
    household_income: int = Field(0, ge=0, le=10**12)
    formal_job: bool = False


class AnswerOut(Schema):
    id: int
    round_id: int
    participant_id: int
    arm: Literal["selected", "waitlisted"]
    operating: bool
    channel: str
    updated_at: datetime


class OutcomeOut(Schema):
    effect: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n_selected: int
    n_waitlisted: int


class ImpactOut(Schema):
    operating: OutcomeOut
    income: OutcomeOut
    response_rate_selected: float | None
    response_rate_waitlisted: float | None
    attrition_warning: bool
    dropped_strata: list[str]
    assigned_selected: int
    assigned_waitlisted: int
    responded_selected: int
    responded_waitlisted: int
