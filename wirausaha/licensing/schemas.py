from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field


class BusinessOut(Schema):
    id: int
    participant_id: int
    name: str
    kbli_code: str
    products: str
    village_code: str
    scale: str
    started_on: date | None
    workers: int
    home_produced_food: bool
    shelf_stable_packaged: bool
    nib: str
    nib_issued_on: date | None
    risk_level: str
    nib_status: str = Field(description="none, declared, verified or rejected (returned by an officer).")
    nib_warning: str = Field(description="Set when the same NIK already has another NIB: for an officer.")
    nib_verified_at: datetime | None
    closed_on: date | None


class ChecklistItemOut(Schema):
    id: int
    business_id: int
    kind: str
    title: str
    order: int
    required: bool
    status: str
    number: str
    done_on: date | None
    valid_until: date | None
    has_document: bool
    not_needed_reason: str
    due_on: date | None
    legal_basis: str
    guidance: str


class ItemStatusIn(Schema):
    status: Literal["not_started", "in_progress", "done", "not_needed"] | None = None
    number: str = Field("", max_length=60)
    done_on: date | None = None
    valid_until: date | None = None
    not_needed_reason: str = Field("", max_length=300)


class DueIn(Schema):
    due_on: date | None = None


class NibDecisionIn(Schema):
    decision: Literal["verify", "return"] | None = None
    note: str = Field("", max_length=300, description="The reason, required when returning.")
