"""The referral dossier as a documents.Document: a printed number and a code that /verify/ confirms,
so that a partner can check that a dossier it holds was sent through Wirausaha.

The public check states what a certificate states and no more: the holder's name, the product, the
financing partner and the day of the referral (the day it is issued), with the number. Never the
NIK, the amount, the documents or the plan: they stay in the dossier, which only the partner gets.
Documents knows no stage, so this kind registers itself when the app starts (apps.py); the
document's own PDF is a one-page slip of those facts with the QR code (the full dossier is drawn
by store.py, and carries the same number and code)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wirausaha.documents.actions import Draft, issue_documents
from wirausaha.documents.kinds import register_kind
from wirausaha.documents.models import Document
from wirausaha.documents.queries import local_date, verify_url

from ..models import Referral
from .pdf import DossierText, render_dossier

KIND = Document.Kind.REFERRAL_DOSSIER
PREFIX = "RJK"
LANGUAGE = "id"


def _date(day) -> str:
    return formats.date_format(day, "j F Y")


def dossier_facts(referral: Referral) -> list[dict]:
    application = referral.application
    return [
        {"key": "product", "label": gettext_noop("Product"), "value": application.product.name},
        {"key": "partner", "label": gettext_noop("Financing partner"), "value": referral.partner.name},
    ]


def issue_dossier_document(referral: Referral) -> Document:
    """Number the referral's dossier (inside the referral's transaction) and link it. It is issued
    when the referral is sent: the day the check shows as the day of the referral."""
    with translation.override(LANGUAGE):
        title = _("Referral dossier for financing")
    (document,) = issue_documents(
        [
            Draft(
                kind=KIND,
                holder_name=referral.application.participant.full_name,
                title=title,
                facts=dossier_facts(referral),
                time_zone=settings.TIME_ZONE,
            )
        ],
        now=referral.referred_at,
    )
    Referral.objects.filter(pk=referral.pk).update(document=document)
    referral.document = document
    return document


def check_wording() -> dict:
    """The dossier's check block (on the dossier and on its slip), in the active language."""
    address = urlsplit(settings.SITE_URL)
    short = f"{address.netloc}{address.path.rstrip('/')}{reverse('verify:index')}"
    return {
        "number": _("Number: %(number)s"),
        "verify_heading": _("Check that this dossier was sent through Wirausaha:"),
        "verify_steps": (
            _("scan the QR code, or open %(address)s") % {"address": short},
            _("and enter this code:"),
        ),
    }


def check_fields(document: Document | None) -> dict:
    """The DossierText fields of the check block, or none for a dossier without a number."""
    if document is None:
        return {}
    wording = check_wording()
    return {
        "number_line": wording["number"] % {"number": document.number},
        "code": document.code,
        "verify_url": verify_url(document.code),
        "verify_heading": wording["verify_heading"],
        "verify_steps": wording["verify_steps"],
    }


def slip_wording() -> dict:
    return {
        "issuer": _("Entrepreneurship Service for Laid-off Workers"),
        "subtitle": _(
            "This slip states what the public check of the dossier shows. The dossier itself, with the "
            "applicant's data and documents, was sent only to the financing partner."
        ),
        "heading": _("What the dossier states"),
        "name": _("Name"),
        "referred": _("Referred on"),
        "note": _(
            "This document was issued electronically through Wirausaha. Its authenticity can be "
            "checked at any time with the QR code."
        ),
    }


def slip_text(document: Document, wording: dict | None = None) -> DossierText:
    wording = wording or slip_wording()
    rows = [(wording["name"], document.holder_name)]
    rows += [(_(fact["label"]), str(fact["value"])) for fact in document.facts]
    rows.append((wording["referred"], _date(local_date(document, document.issued_at))))
    return DossierText(
        issuer=wording["issuer"],
        title=document.title,
        subtitle=wording["subtitle"],
        sections=((wording["heading"], tuple(rows)),),
        documents_heading="",
        documents=(),
        note=wording["note"],
        **check_fields(document),
    )


def register_dossier_kind() -> None:
    """Teach documents the dossier's number prefix and slip (idempotent)."""
    register_kind(KIND, prefix=PREFIX, wording=slip_wording, text=slip_text, render=render_dossier)
