"""The A4 portrait page that Wirausaha's flowing documents are laid out on (the business plan, the
referral dossier, the meeting agendas, a person's own data): the same margins everywhere, and the
title and author in the file's properties. No Django import."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from .pdf import printable

SIDE_MARGIN = 20 * mm
END_MARGIN = 18 * mm
TEXT_WIDTH = A4[0] - 2 * SIDE_MARGIN


def a4_document(buffer: io.BytesIO, *, title: str, author: str = "Wirausaha") -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=END_MARGIN,
        bottomMargin=END_MARGIN,
        title=printable(title),
        author=printable(author),
        creator="Wirausaha",
    )
