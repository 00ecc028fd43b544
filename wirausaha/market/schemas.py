from datetime import date

from ninja import Schema
from pydantic import Field


class ListingOut(Schema):
    id: int
    buyer: str
    buyer_kind: str
    product: str
    kbli_code: str
    regions: list[str] = Field(description="Province or regency codes served; empty: nationwide.")
    unit: str
    volume_per_month: int
    min_per_supplier: int
    price_min: int | None
    price_max: int | None
    requires: list[str]
    route: str
    value: int = Field(description="Procurement value in whole rupiah.")
    bela_pengadaan_eligible: bool
    deadline: date | None
    status: str


class ReasonOut(Schema):
    part: str
    points: float
    text: str


class MatchOut(Schema):
    business_id: int
    business: str
    score: float
    reasons: list[ReasonOut]


class DealOut(Schema):
    id: int
    buyer: str
    business_id: int
    business: str
    listing_id: int | None
    status: str = Field(description="introduced, met, negotiating, contract, delivered or lost.")
    next_steps: list[str]
    contract_value: int | None
    contract_volume: int | None
    contract_on: date | None
    delivered_value: int | None
    delivered_on: date | None
    lost_reason: str


class DealStepIn(Schema):
    status: str | None = Field(default=None, description="The next step, one of the deal's next_steps.")
    contract_value: int | None = Field(default=None, ge=1, le=10**15)
    contract_volume: int | None = Field(default=None, ge=1, le=2_000_000_000)
    contract_on: date | None = None
    delivered_value: int | None = Field(default=None, ge=1, le=10**15)
    delivered_on: date | None = None
    lost_reason: str = Field(default="", max_length=300)


class EventOut(Schema):
    id: int
    name: str
    held_on: date
    place: str
    online: bool
    slots: list[str] = Field(description="Each time slot's time (09.00–09.20), numbered from 0.")
    tables: int
    status: str = Field(description="open (registration open), scheduled or held.")
    optimal: bool = Field(description="Whether the schedule's weight is proven the most possible.")
    weight: int
    registration_id: int | None = Field(description="Your registration at this event, if any.")


class MeetingOut(Schema):
    id: int
    slot: int
    time: str
    table: int = Field(description="Numbered from 1, as printed on the agendas.")
    business_registration: int
    business: str
    buyer_registration: int
    buyer: str
    weight: int = Field(description="2 when both sides asked to meet, 1 otherwise.")
    outcome: str = Field(
        description='"" (not recorded), interested, not_interested, follow_up, no_show or deal.'
    )


class RegisterIn(Schema):
    unavailable: list[int] = Field(default_factory=list, description="Slots (from 0) you cannot attend.")


class MeetingRequestIn(Schema):
    target: int | None = Field(default=None, description="The registration (other side) to meet.")


class ScheduleIn(Schema):
    time_limit_seconds: float | None = Field(default=None, gt=0, le=300)


class OutcomeIn(Schema):
    outcome: str | None = Field(
        default=None, description="interested, not_interested, follow_up, no_show or deal."
    )
