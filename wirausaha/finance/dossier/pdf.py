"""The dossier as an A4 PDF, drawn with ReportLab. No Django import: the caller passes every text
already written in Indonesian and gets the file's bytes."""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from wirausaha.documents.pdf import printable

GREEN = HexColor("#0b6e4f")
MUTED = HexColor("#58626c")
PALE = HexColor("#e6f2ed")


@dataclass(frozen=True)
class DossierText:
    issuer: str
    title: str
    subtitle: str
    # (heading, ((label, value), ...)) in order: applicant, application, business, plan, evidence
    sections: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    documents_heading: str
    documents: tuple[tuple[str, str], ...]  # (document, where it is: a file in the ZIP or a record)
    note: str


def render_dossier(text: DossierText) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=printable(text.title),
        author="Wirausaha",
    )
    small = ParagraphStyle("small", fontName="Helvetica", fontSize=8, leading=10, textColor=MUTED)
    h1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=15, leading=19, textColor=GREEN)
    h2 = ParagraphStyle(
        "h2",
        fontName="Helvetica-Bold",
        fontSize=11.5,
        leading=14,
        spaceBefore=9,
        textColor=GREEN,
        keepWithNext=1,
    )
    label = ParagraphStyle("label", fontName="Helvetica-Bold", fontSize=9, leading=12, textColor=MUTED)
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12.5)

    def p(value: str, style=body) -> Paragraph:
        return Paragraph(escape(printable(value or "—")).replace("\n", "<br/>"), style)

    def table(rows) -> Table:
        drawn = Table([[p(a, label), p(b)] for a, b in rows], colWidths=[60 * mm, 110 * mm])
        drawn.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, PALE),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return drawn

    story = [p(text.issuer, small), p(text.title, h1), p(text.subtitle, small), Spacer(1, 4)]
    for heading, rows in text.sections:
        story.append(p(heading, h2))
        if rows:
            story.append(table(rows))
    story.append(p(text.documents_heading, h2))
    story.append(table(text.documents))
    story += [Spacer(1, 10), p(text.note, small)]
    document.build(story)
    return buffer.getvalue()
