from datetime import date

from ninja import Schema

from .queries import local_date


class CertificateCheckOut(Schema):
    """What the paper shows, and whether it still holds. Never the NIK, phone or birth date."""

    valid: bool
    status: str
    number: str
    holder_name: str
    course_title: str
    centre_name: str
    hours_jp: int
    starts_on: date
    ends_on: date
    issued_on: date
    revoked_on: date | None

    @staticmethod
    def resolve_valid(document) -> bool:
        return document.revoked_at is None

    @staticmethod
    def resolve_status(document) -> str:
        return "valid" if document.revoked_at is None else "revoked"

    @staticmethod
    def resolve_course_title(document) -> str:
        return document.title

    @staticmethod
    def resolve_centre_name(document) -> str:
        return document.fact("centre_name")

    @staticmethod
    def resolve_hours_jp(document) -> int:
        return document.fact("hours_jp")

    @staticmethod
    def resolve_starts_on(document) -> date:
        return document.fact("dates")[0]

    @staticmethod
    def resolve_ends_on(document) -> date:
        return document.fact("dates")[1]

    @staticmethod
    def resolve_issued_on(document) -> date:
        return local_date(document, document.issued_at)

    @staticmethod
    def resolve_revoked_on(document) -> date | None:
        return local_date(document, document.revoked_at)
