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
