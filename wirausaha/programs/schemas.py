from datetime import date

from ninja import Schema

from wirausaha.accounts.scoping import sees_identifiers
from wirausaha.common.masking import mask_nik


class QuotaOut(Schema):
    region: str
    seats: int

    @staticmethod
    def resolve_region(quota) -> str:
        return quota.region_id


class WaveOut(Schema):
    code: str
    name: str
    programme: str
    status: str
    opens_on: date
    closes_on: date
    selection_date: date
    target: int
    quotas: list[QuotaOut]

    @staticmethod
    def resolve_programme(wave) -> str:
        return wave.programme.name

    @staticmethod
    def resolve_quotas(wave) -> list:
        return list(wave.quotas.all())


class EnrolmentOut(Schema):
    id: int
    wave: str
    participant_id: int
    participant_name: str
    nik: str
    state: str
    quota: str | None
    points: int
    pseudonym: str
    rank: int | None
    verdict: list

    @staticmethod
    def resolve_wave(enrolment) -> str:
        return enrolment.wave.code

    @staticmethod
    def resolve_participant_name(enrolment) -> str:
        return enrolment.participant.full_name

    @staticmethod
    def resolve_nik(enrolment, context) -> str:
        request = (context or {}).get("request")
        user = getattr(request, "auth", None)
        visible = user is not None and (sees_identifiers(user) or enrolment.participant.user_id == user.pk)
        return enrolment.participant.nik if visible else mask_nik(enrolment.participant.nik)

    @staticmethod
    def resolve_quota(enrolment) -> str | None:
        return enrolment.quota.region_id if enrolment.quota_id else None


class EnrolIn(Schema):
    participant_id: int | None = None
