"""The letter of mentoring and training (surat keterangan pendampingan dan pelatihan) as a
documents.Document: its kind, number prefix, facts for the public check and its PDF wording.

KUR Super Mikro accepts such evidence for businesses under six months old. Documents knows no
stage, so this kind registers itself with documents.kinds when the app starts (apps.py)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wirausaha.documents.kinds import register_kind
from wirausaha.documents.models import Document
from wirausaha.documents.queries import local_date, verify_url

from . import pdf

KIND = Document.Kind.MENTORING_LETTER
PREFIX = "SKP"
LANGUAGE = "id"


def letter_facts(
    *, counselor: str, organisation: str, sessions: int, hours: str, first, last, training: str, centre: str
) -> list[dict]:
    facts = [
        {"key": "counselor", "label": gettext_noop("Counselor"), "value": counselor},
        {"key": "organisation", "label": gettext_noop("Organisation"), "value": organisation},
        {"key": "sessions", "label": gettext_noop("Coaching sessions held"), "value": sessions},
        {"key": "hours", "label": gettext_noop("Hours of coaching"), "value": hours},
        {
            "key": "dates",
            "label": gettext_noop("Coaching period"),
            "type": "period",
            "value": [first.isoformat(), last.isoformat()],
        },
    ]
    if training:
        facts.append({"key": "training", "label": gettext_noop("Training"), "value": training})
    if centre:
        facts.append({"key": "centre", "label": gettext_noop("Training centre"), "value": centre})
    return facts


def _date(day) -> str:
    with translation.override(LANGUAGE):
        return formats.date_format(day, "j F Y")


def letter_labels() -> dict:
    address = urlsplit(settings.SITE_URL)
    short = f"{address.netloc}{address.path.rstrip('/')}{reverse('verify:index')}"
    with translation.override(LANGUAGE):
        return {
            "issuer": _("MINISTRY OF MANPOWER OF THE REPUBLIC OF INDONESIA"),
            "programme": _("Entrepreneurship Service for Laid-off Workers"),
            "title": _("LETTER OF MENTORING AND TRAINING"),
            "number": _("Number: %(number)s"),
            "opening": _("The undersigned state that"),
            "name": _("Name"),
            "closing": _(
                "has taken part in business mentoring (pendampingan) and entrepreneurship training in the "
                "programme as stated above. This letter is given to be used as needed, including as "
                "evidence of mentoring and training when applying for KUR."
            ),
            "place_date": _("Issued on %(date)s"),
            "counselor_role": _("Counselor"),
            "verify_heading": _("Check that this letter is genuine:"),
            "verify_steps": (
                _("scan the QR code, or open %(address)s") % {"address": short},
                _("and enter this code:"),
            ),
            "note": _(
                "This document was issued electronically through Wirausaha. Its authenticity can be "
                "checked at any time with the QR code."
            ),
            "labels": {
                "counselor": _("Counselor"),
                "organisation": _("Organisation"),
                "sessions": _("Coaching sessions held"),
                "hours": _("Hours of coaching"),
                "dates": _("Coaching period"),
                "training": _("Training"),
                "centre": _("Training centre"),
            },
            "centre_role": _("Training centre"),
        }


def letter_text(document: Document, labels: dict | None = None) -> pdf.LetterText:
    labels = labels or letter_labels()
    facts = [(labels["name"], document.holder_name)]
    for fact in document.facts:
        value = document.fact(fact["key"])
        if fact.get("type") == "period":
            value = f"{_date(value[0])} – {_date(value[1])}"
        facts.append((labels["labels"].get(fact["key"], fact["label"]), str(value)))
    return pdf.LetterText(
        issuer=labels["issuer"],
        programme=labels["programme"],
        title=labels["title"],
        number_line=labels["number"] % {"number": document.number},
        paragraphs=(labels["opening"], labels["closing"]),
        facts=tuple(facts),
        place_date=labels["place_date"] % {"date": _date(local_date(document, document.issued_at))},
        signatures=(
            (labels["counselor_role"], str(document.fact("counselor"))),
            *(((labels["centre_role"], str(document.fact("centre"))),) if document.fact("centre") else ()),
        ),
        code=document.code,
        verify_url=verify_url(document.code),
        verify_heading=labels["verify_heading"],
        verify_steps=labels["verify_steps"],
        note=labels["note"],
    )


def register_letter_kind() -> None:
    """Teach documents the letter's number prefix and PDF wording (idempotent)."""
    register_kind(KIND, prefix=PREFIX, wording=letter_labels, text=letter_text, render=pdf.render_letter)
