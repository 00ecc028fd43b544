"""The public check of documents by code, and the dates a document states where it was issued.

The public check shows only what is needed to compare a document with the paper: never a full
NIK, a phone or a birth date (a document holds none of them; a certificate states the holder's NIK
masked, as the paper prints it, so that it can be compared with the holder's identity card)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Document

# What the public check reads: the document's own snapshot, nothing of the holder's record.
PUBLIC_FIELDS = (
    "id",
    "kind",
    "code",
    "number",
    "holder_name",
    "title",
    "facts",
    "time_zone",
    "issued_at",
    "revoked_at",
)


def verify_url(code: str) -> str:
    """The public address of a document's check, as printed in its QR code."""
    return settings.SITE_URL.rstrip("/") + reverse("verify:document", args=[code])


def local_date(document: Document, moment: datetime | None) -> date | None:
    """The day of `moment` (issue, revocation) where the issuer is."""
    return timezone.localtime(moment, ZoneInfo(document.time_zone)).date() if moment else None


def document_by_code(code: str, *, kind: str | None = None) -> Document | None:
    """The public check: the document with exactly this code, or None. Every code, well-formed or
    not, is one lookup on the unique index: the same time, and nothing said about near matches."""
    documents = Document.objects.only(*PUBLIC_FIELDS).filter(code=code)
    if kind is not None:
        documents = documents.filter(kind=kind)
    return documents.first()


def code_for_number(number: str) -> str | None:
    """The code of the document with this printed number, or None: people type the number from the
    paper, and the public check lives at the code's address."""
    return Document.objects.filter(number=number).values_list("code", flat=True).first()
