"""The berita acara of a lottery draw as an A4 portrait PDF, drawn with ReportLab in the house style of
`wirausaha.documents.pdf`. No Django import: the caller passes every text already in the document's
language and gets the file's bytes. No personal data is ever passed in."""

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from wirausaha.documents.pdf import GREEN, GREEN_DARK, INK, MUTED, printable

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 56
WIDTH = PAGE_WIDTH - 2 * MARGIN
LABEL_WIDTH = 120
BOTTOM = 70


@dataclass(frozen=True)
class DrawRecord:
    title: str
    wave_line: str
    facts: tuple[tuple[str, str], ...]  # (label, value); long values wrap
    count_header: tuple[str, ...]  # quota, seats, entrants, selected, waitlisted
    counts: tuple[tuple, ...]
    note: str
    signatures: tuple[str, ...]


class _Page:
    """A cursor down the page that starts a new page when the next block would not fit."""

    def __init__(self, canvas: Canvas):
        self.canvas, self.y = canvas, PAGE_HEIGHT - MARGIN

    def room(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.canvas.showPage()
            self.y = PAGE_HEIGHT - MARGIN


def _facts(page: _Page, facts) -> None:
    canvas = page.canvas
    for label, value in facts:
        # Digests and seeds have no spaces: wrap them by characters as well.
        lines = simpleSplit(printable(str(value)), "Courier", 8.5, WIDTH - LABEL_WIDTH) or [""]
        lines = [part for line in lines for part in _chunks(line, 64)]
        page.room(14 * len(lines) + 4)
        canvas.setFillColor(MUTED)
        canvas.setFont("Helvetica-Bold", 9.5)
        canvas.drawString(MARGIN, page.y, printable(label))
        canvas.setFillColor(INK)
        canvas.setFont("Courier", 8.5)
        for line in lines:
            canvas.drawString(MARGIN + LABEL_WIDTH, page.y, line)
            page.y -= 13
        page.y -= 4


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def _table(page: _Page, header, rows) -> None:
    canvas = page.canvas
    columns = [MARGIN, MARGIN + 150, MARGIN + 220, MARGIN + 300, MARGIN + 380]
    page.room(20)
    canvas.setFillColor(GREEN_DARK)
    canvas.setFont("Helvetica-Bold", 9.5)
    for x, text in zip(columns, header, strict=True):
        canvas.drawString(x, page.y, printable(str(text)))
    page.y -= 5
    canvas.setStrokeColor(GREEN)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, page.y, MARGIN + WIDTH, page.y)
    page.y -= 13
    canvas.setFillColor(INK)
    for row in rows:
        page.room(14)
        canvas.setFont("Helvetica", 9.5)
        for x, text in zip(columns, row, strict=True):
            canvas.drawString(x, page.y, printable(str(text)))
        page.y -= 13


def render_record(record: DrawRecord) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(printable(f"{record.title} {record.wave_line}"))
    canvas.setCreator("Wirausaha")
    page = _Page(canvas)

    canvas.setFillColor(GREEN)
    canvas.setFont("Helvetica-Bold", 15)
    for line in simpleSplit(printable(record.title), "Helvetica-Bold", 15, WIDTH):
        canvas.drawString(MARGIN, page.y, line)
        page.y -= 19
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica", 11)
    for line in simpleSplit(printable(record.wave_line), "Helvetica", 11, WIDTH):
        canvas.drawString(MARGIN, page.y, line)
        page.y -= 14
    page.y -= 10

    _facts(page, record.facts)
    page.y -= 6
    _table(page, record.count_header, record.counts)
    page.y -= 10

    page.room(30)
    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica", 9)
    for line in simpleSplit(printable(record.note), "Helvetica", 9, WIDTH):
        canvas.drawString(MARGIN, page.y, line)
        page.y -= 12

    # The signatures, side by side, with room to sign above the line.
    page.room(90)
    page.y -= 60
    width = (WIDTH - 2 * 20) / max(len(record.signatures), 1)
    canvas.setStrokeColor(INK)
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica", 9.5)
    for index, role in enumerate(record.signatures):
        left = MARGIN + index * (width + 20)
        canvas.line(left, page.y, left + width, page.y)
        canvas.drawString(left, page.y - 13, printable(role))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
