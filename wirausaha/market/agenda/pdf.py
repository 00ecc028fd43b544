"""An agenda of a business-matching event as an A4 PDF: a heading, the event's facts and one table
of meetings (time, table, who). No Django import: the caller passes every text already written in
the reader's language and gets the file's bytes."""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from wirausaha.documents.page import TEXT_WIDTH, a4_document
from wirausaha.documents.pdf import printable

GREEN = HexColor("#0b6e4f")
INK = HexColor("#1d2329")
MUTED = HexColor("#58626c")
PALE = HexColor("#e6f2ed")


@dataclass(frozen=True)
class AgendaText:
    issuer: str
    title: str  # "Agenda: <who>" or "Table 3"
    event: str
    facts: tuple[tuple[str, str], ...]  # (label, value): date, place, ...
    headers: tuple[str, ...]  # the meetings table's column headings
    rows: tuple[tuple[str, ...], ...]  # one per meeting, in time order
    empty: str  # said when there is no meeting
    note: str  # printed at the foot


def _style(name: str, size: float, *, bold: bool = False, colour=INK, leading: float | None = None):
    return ParagraphStyle(
        name,
        fontName="Helvetica-Bold" if bold else "Helvetica",
        fontSize=size,
        leading=leading or size * 1.3,
        textColor=colour,
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(printable(text)), style)


def render_agenda(text: AgendaText) -> bytes:
    buffer = io.BytesIO()
    document = a4_document(buffer, title=f"{text.title} - {text.event}", author=text.issuer)
    width = TEXT_WIDTH
    small, body, cell = _style("small", 9, colour=MUTED), _style("body", 10.5), _style("cell", 10)
    head = _style("head", 10, bold=True, colour=white)
    story = [
        _p(text.issuer, _style("issuer", 10, bold=True, colour=GREEN)),
        Spacer(1, 4 * mm),
        _p(text.event, _style("event", 12, bold=True)),
        _p(text.title, _style("title", 16, bold=True, leading=22)),
        Spacer(1, 3 * mm),
    ]
    facts = Table(
        [[_p(label, small), _p(value, body)] for label, value in text.facts],
        colWidths=[40 * mm, width - 40 * mm],
    )
    facts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [facts, Spacer(1, 6 * mm)]
    if text.rows:
        # The first two columns (time, table) are narrow; the rest share the width.
        narrow = [32 * mm, 18 * mm]
        rest = len(text.headers) - len(narrow)
        widths = narrow + [(width - sum(narrow)) / rest] * rest
        rows = [[_p(h, head) for h in text.headers]] + [[_p(v, cell) for v in row] for row in text.rows]
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), GREEN),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, PALE]),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, MUTED),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        story.append(table)
    else:
        story.append(_p(text.empty, body))
    story += [Spacer(1, 8 * mm), _p(text.note, small)]
    document.build(story)
    return buffer.getvalue()
