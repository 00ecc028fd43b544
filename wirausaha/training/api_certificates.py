"""The public certificate check for other systems: GET /api/v1/certificates/{code}/verify."""

from datetime import date

from django.http import Http404
from ninja import Router, Schema

from .certificates import local_date, normalise_code
from .queries_certificates import certificate_by_code

router = Router(tags=["certificates"])


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
    def resolve_valid(certificate) -> bool:
        return certificate.revoked_at is None

    @staticmethod
    def resolve_status(certificate) -> str:
        return "valid" if certificate.revoked_at is None else "revoked"

    @staticmethod
    def resolve_issued_on(certificate) -> date:
        return local_date(certificate, certificate.issued_at)

    @staticmethod
    def resolve_revoked_on(certificate) -> date | None:
        return local_date(certificate, certificate.revoked_at)


@router.get("/certificates/{code}/verify", response=CertificateCheckOut, auth=None)
def verify_certificate(request, code: str):
    """Public: anyone holding a certificate's code may check it. An unknown code is a 404."""
    certificate = certificate_by_code(normalise_code(code))
    if certificate is None:
        raise Http404
    return certificate
