"""A person's own data as a readable PDF (besides the page and the JSON file): headed sections of
label and value, on as many A4 pages as it takes. Pure: every text comes written in the reader's
language, and the file's bytes go back; no Django import."""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from wirausaha.documents.page import TEXT_WIDTH, a4_document
from wirausaha.documents.pdf import printable

GREEN = HexColor("#0b6e4f")
INK = HexColor("#1d2329")
MUTED = HexColor("#58626c")
RULE = HexColor("#d5dbe0")

_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12.5, textColor=INK)
_LABEL = ParagraphStyle("label", parent=_BODY, textColor=MUTED)
_TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=17, leading=21, textColor=GREEN)
_HEADING = ParagraphStyle(
    "heading", fontName="Helvetica-Bold", fontSize=12, leading=15, textColor=INK, spaceBefore=10, spaceAfter=4
)
_NOTE = ParagraphStyle("note", parent=_BODY, textColor=MUTED, fontSize=8.5, leading=11)


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[tuple[str, str]]  # label, value
    empty: str = ""  # said when there are no rows


def _text(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(printable(str(value))).replace("\n", "<br/>"), style)


def render_personal_data(*, title: str, subtitle: str, sections: list[Section], note: str) -> bytes:
    """The PDF bytes: a title, a line saying whose data and when, each section as a two-column
    table (a long value wraps; a long section runs on to the next page), and a closing note."""
    buffer = io.BytesIO()
    document = a4_document(buffer, title=title)
    width = TEXT_WIDTH
    story = [_text(title, _TITLE), Spacer(1, 2 * mm), _text(subtitle, _LABEL), Spacer(1, 3 * mm)]
    for section in sections:
        story.append(_text(section.heading, _HEADING))
        if not section.rows:
            story.append(_text(section.empty, _LABEL))
            continue
        table = Table(
            [[_text(label, _LABEL), _text(value, _BODY)] for label, value in section.rows],
            colWidths=[width * 0.34, width * 0.66],
            repeatRows=0,
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story.append(table)
    story += [Spacer(1, 6 * mm), _text(note, _NOTE)]
    document.build(story)
    return buffer.getvalue()
