from datetime import date, datetime

from ninja import Schema

from wirausaha.accounts.scoping import sees_identifiers
from wirausaha.common.masking import mask_nik

from .texts import explanation_text


class NextBestOut(Schema):
    cohort: str
    centre: str
    distance_km: float
    cost: float
    why_not: str


class PlacementOut(Schema):
    id: int
    run: int
    enrolment_id: int
    participant_id: int
    participant_name: str
    nik: str
    domicile: str
    placed: bool
    cohort: str | None
    centre: str | None
    starts_on: date | None
    ends_on: date | None
    distance_km: float | None
    sector_match: bool | None
    cost: float | None
    unplaced_reason: str
    next_best: NextBestOut | None
    moved_at: datetime | None
    move_reason: str
    explanation: str

    @staticmethod
    def resolve_run(placement) -> int:
        return placement.run_id

    @staticmethod
    def resolve_participant_id(placement) -> int:
        return placement.enrolment.participant_id

    @staticmethod
    def resolve_participant_name(placement) -> str:
        return placement.enrolment.participant.full_name

    @staticmethod
    def resolve_nik(placement, context) -> str:
        user = getattr((context or {}).get("request"), "auth", None)
        nik = placement.enrolment.participant.nik
        return nik if user is not None and sees_identifiers(user) else mask_nik(nik)

    @staticmethod
    def resolve_domicile(placement) -> str:
        return placement.enrolment.participant.domicile_id

    @staticmethod
    def resolve_placed(placement) -> bool:
        return placement.cohort_id is not None

    @staticmethod
    def resolve_cohort(placement) -> str | None:
        return placement.cohort.code if placement.cohort_id else None

    @staticmethod
    def resolve_centre(placement) -> str | None:
        return placement.cohort.centre.short_name if placement.cohort_id else None

    @staticmethod
    def resolve_starts_on(placement) -> date | None:
        return placement.cohort.starts_on if placement.cohort_id else None

    @staticmethod
    def resolve_ends_on(placement) -> date | None:
        return placement.cohort.ends_on if placement.cohort_id else None

    @staticmethod
    def resolve_next_best(placement) -> dict | None:
        if placement.next_best_cohort_id is None:
            return None
        return {
            "cohort": placement.next_best_cohort.code,
            "centre": placement.next_best_cohort.centre.short_name,
            "distance_km": placement.next_best_km,
            "cost": placement.next_best_cost,
            "why_not": placement.next_best_why_not,
        }

    @staticmethod
    def resolve_explanation(placement) -> str:
        return explanation_text(placement)
