"""The dossier as an A4 PDF, drawn with ReportLab. No Django import: the caller passes every text
already written in Indonesian and gets the file's bytes."""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from wirausaha.documents.page import a4_document
from wirausaha.documents.pdf import group_code, printable, qr_path

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
    # Its number and public check (documents): empty for a dossier without a number.
    number_line: str = ""
    code: str = ""
    verify_url: str = ""
    verify_heading: str = ""
    verify_steps: tuple[str, ...] = ()
    footer: str = ""  # at the foot of every page, with the page's number


class _Qr(Flowable):
    """The QR code of the check address, `side` points square."""

    def __init__(self, value: str, side: float):
        super().__init__()
        self.value, self.side = value, side

    def wrap(self, available_width, available_height):
        return self.side, self.side

    def draw(self):
        qr_path(self.canv, self.value, 0, 0, self.side)


def render_dossier(text: DossierText) -> bytes:
    buffer = io.BytesIO()
    document = a4_document(buffer, title=text.title)
    small = ParagraphStyle("small", fontName="Helvetica", fontSize=8, leading=10, textColor=MUTED)
    h1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=15, leading=19, textColor=GREEN)
    h2 = ParagraphStyle(
        "h2",
        fontName="Helvetica-Bold",
        fontSize=11.5,
        leading=14,
        spaceBefore=9,
        textColor=GREEN,
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

    story = [p(text.issuer, small), p(text.title, h1)]
    if text.number_line:
        story.append(p(text.number_line, label))
    story += [p(text.subtitle, small), Spacer(1, 4)]
    if text.code:
        code = ParagraphStyle("code", fontName="Courier-Bold", fontSize=12, leading=16, textColor=GREEN)
        words = [p(text.verify_heading, label), *(p(step, small) for step in text.verify_steps)]
        words.append(Paragraph(escape(group_code(text.code)), code))
        check = Table([[_Qr(text.verify_url, 26 * mm), words]], colWidths=[30 * mm, 140 * mm])
        check.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BOX", (0, 0), (-1, -1), 0.5, PALE),
                    ("LEFTPADDING", (0, 0), (0, 0), 2),
                ]
            )
        )
        story += [check, Spacer(1, 2)]
    for heading, rows in text.sections:
        # A heading starts a new page only with room for a few rows under it; a table splits.
        story += [CondPageBreak(35 * mm), p(heading, h2)]
        if rows:
            story.append(table(rows))
    if text.documents:
        story += [CondPageBreak(35 * mm), p(text.documents_heading, h2)]
        story.append(table(text.documents))
    story += [Spacer(1, 10), p(text.note, small)]

    def foot(canvas, drawn) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(MUTED)
        y = 10 * mm
        if text.footer:
            canvas.drawString(20 * mm, y, printable(text.footer))
        canvas.drawRightString(A4[0] - 20 * mm, y, str(canvas.getPageNumber()))
        canvas.restoreState()

    document.build(story, onFirstPage=foot, onLaterPages=foot)
    return buffer.getvalue()
