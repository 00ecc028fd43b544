"""Drawing documents as PDF files in private storage. The certificate's wording is here; every kind's
wording and layout is found through kinds.py (a stage registers its own); pdf.py knows no Django.

A document is drawn in its own language (`Document.language`: the holder's account's language when
it was issued, issue #23): each kind's wording and text are made with that language active."""

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from . import pdf
from .kinds import kind_spec
from .models import Document
from .queries import local_date, verify_url


def _document_labels() -> dict:
    """The fixed wording of the certificate, in the active language (the document's, when drawn)."""
    address = urlsplit(settings.SITE_URL)
    short_address = f"{address.netloc}{address.path.rstrip('/')}{reverse('verify:index')}"
    return {
        "issuer": _("MINISTRY OF MANPOWER OF THE REPUBLIC OF INDONESIA"),
        "programme": _("Entrepreneurship Service for Laid-off Workers"),
        "title": _("CERTIFICATE"),
        "number": _("Number: %(number)s"),
        "given_to": _("awarded to"),
        "completed": _("who has completed the training"),
        "hours": _("of %(hours)s training hours (JP), %(starts)s to %(ends)s"),
        "centre": _("at %(centre)s"),
        "issued": _("Issued on %(date)s"),
        "identifier": _("NIK %(identifier)s"),
        "verify_heading": _("Check that this certificate is genuine:"),
        "verify_steps": (
            _("scan the QR code, or open %(address)s") % {"address": short_address},
            _("and enter this code:"),
        ),
        "note": _(
            "This document was issued electronically through Wirausaha. Its authenticity can be "
            "checked at any time with the QR code."
        ),
    }


def _document_date(day) -> str:
    return formats.date_format(day, "j F Y")


def certificate_text(document: Document, labels: dict | None = None) -> pdf.CertificateText:
    """What the PDF of a certificate says, from its snapshot (not from today's records)."""
    labels = labels or _document_labels()
    issued_on = local_date(document, document.issued_at)
    identifier = document.fact("holder_identifier")
    starts_on, ends_on = document.fact("dates")
    return pdf.CertificateText(
        issuer=labels["issuer"],
        programme=labels["programme"],
        title=labels["title"],
        number_line=labels["number"] % {"number": document.number},
        given_to=labels["given_to"],
        holder_name=document.holder_name,
        completed=labels["completed"],
        course_title=document.title,
        details=(
            labels["hours"]
            % {
                "hours": document.fact("hours_jp"),
                "starts": _document_date(starts_on),
                "ends": _document_date(ends_on),
            },
            labels["centre"] % {"centre": document.fact("centre_name")},
        ),
        issued=labels["issued"] % {"date": _document_date(issued_on)},
        code=document.code,
        verify_url=verify_url(document.code),
        verify_heading=labels["verify_heading"],
        verify_steps=labels["verify_steps"],
        note=labels["note"],
        holder_identifier=(labels["identifier"] % {"identifier": identifier}) if identifier else "",
        signatory_title=document.fact("signatory_title") or "",
        signatory_name=document.fact("signatory_name") or "",
    )


def certificate_wording() -> dict:
    """The certificate's fixed wording (registered in apps.py)."""
    return _document_labels()


def _draw_and_store(document: Document, labels: dict) -> str:
    """Write the PDF file (replacing an earlier one) and return its storage name."""
    storage = Document._meta.get_field("pdf").storage
    spec = kind_spec(document.kind)
    language = document.language or settings.LANGUAGE_CODE
    with translation.override(language):
        if (document.kind, language) not in labels:
            labels[document.kind, language] = spec.wording()
        content = spec.render(spec.text(document, labels[document.kind, language]))
    if document.pdf:
        storage.delete(document.pdf.name)
    year = timezone.localtime(document.issued_at).year
    return storage.save(f"{document.kind}s/{year}/{document.code}.pdf", ContentFile(content))


def render_documents(documents: Iterable[Document], *, batch: int = 100) -> int:
    """Draw documents into private storage (a second render replaces the file); a revoked one is
    not drawn. The files are written first and the rows marked in one short transaction per batch,
    so a batch costs one commit and holds no lock while drawing. Returns how many were written."""
    labels: dict = {}  # each kind's wording per language, made once per call when first needed
    storage = Document._meta.get_field("pdf").storage
    written = 0
    pending: list[tuple[Document, str]] = []

    def mark() -> int:
        now, marked = timezone.now(), 0
        with transaction.atomic():
            for document, name in pending:
                # Conditional: a revocation that happened while drawing is kept as it is.
                if Document.objects.filter(pk=document.pk, revoked_at__isnull=True).update(
                    pdf=name, rendered_at=now
                ):
                    document.pdf.name, document.rendered_at = name, now
                    marked += 1
                else:
                    transaction.on_commit(lambda name=name: storage.delete(name))
        pending.clear()
        return marked

    for document in documents:
        if document.revoked_at is not None:
            continue
        pending.append((document, _draw_and_store(document, labels)))
        if len(pending) >= batch:
            written += mark()
    if pending:
        written += mark()
    return written


def render_document(document: Document) -> bool:
    """Draw one document (see render_documents). Returns whether a file was written."""
    return render_documents([document]) == 1
