"""The public certificate check for other systems: GET /api/v1/certificates/{code}/verify."""

from django.http import Http404
from ninja import Router

from .codes import normalise_code
from .models import Document
from .queries import document_by_code
from .schemas import CertificateCheckOut

router = Router(tags=["certificates"])


@router.get("/certificates/{code}/verify", response=CertificateCheckOut, auth=None)
def verify_certificate(request, code: str):
    """Public: anyone holding a certificate's code may check it. An unknown code is a 404."""
    document = document_by_code(normalise_code(code), kind=Document.Kind.CERTIFICATE)
    if document is None:
        raise Http404
    return document
