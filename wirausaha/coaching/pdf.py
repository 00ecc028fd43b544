"""The business plan and the mentoring letter as A4 PDFs, drawn with ReportLab. No Django import:
callers pass every text already written in the document's language and get the file's bytes."""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from wirausaha.documents.page import a4_document
from wirausaha.documents.pdf import group_code, printable, qr_path

GREEN = HexColor("#0b6e4f")
RED = HexColor("#b42318")
INK = HexColor("#1d2329")
MUTED = HexColor("#58626c")
PALE = HexColor("#e6f2ed")
WIDTH, HEIGHT = A4


@dataclass(frozen=True)
class LetterText:
    issuer: str
    programme: str
    title: str
    number_line: str
    paragraphs: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    place_date: str
    signatures: tuple[tuple[str, str], ...]  # (role, name)
    code: str
    verify_url: str
    verify_heading: str
    verify_steps: tuple[str, ...]
    note: str


def render_letter(text: LetterText) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{text.title} {text.number_line}")
    canvas.setAuthor(text.issuer)
    canvas.setCreator("Wirausaha")
    left, right = 25 * mm, WIDTH - 25 * mm
    canvas.setFillColor(GREEN)
    canvas.rect(0, HEIGHT - 12, WIDTH, 12, stroke=0, fill=1)
    y = HEIGHT - 30 * mm
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawCentredString(WIDTH / 2, y, printable(text.issuer))
    canvas.setFont("Helvetica", 10)
    canvas.drawCentredString(WIDTH / 2, y - 14, printable(text.programme))
    canvas.setStrokeColor(GREEN)
    canvas.line(left, y - 24, right, y - 24)
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawCentredString(WIDTH / 2, y - 50, printable(text.title))
    canvas.setFont("Helvetica", 10)
    canvas.drawCentredString(WIDTH / 2, y - 65, printable(text.number_line))
    y -= 95
    canvas.setFont("Helvetica", 10.5)
    for paragraph in text.paragraphs[:1]:
        for line in simpleSplit(printable(paragraph), "Helvetica", 10.5, right - left):
            canvas.drawString(left, y, line)
            y -= 14
    y -= 6
    # The values start after the longest label (at most half the line; a longer label wraps).
    widest = max((stringWidth(printable(label), "Helvetica", 10.5) for label, _ in text.facts), default=0)
    label_width = min(widest + 8, (right - left) / 2)
    value_x = left + 10 + label_width
    for label, value in text.facts:
        labels = simpleSplit(printable(label), "Helvetica", 10.5, label_width - 4) or [""]
        lines = simpleSplit(printable(value), "Helvetica-Bold", 10.5, right - value_x - 10) or [""]
        canvas.setFont("Helvetica", 10.5)
        for n, line in enumerate(labels):
            canvas.drawString(left + 10, y - n * 14, line)
        canvas.setFont("Helvetica-Bold", 10.5)
        for n, line in enumerate(lines):
            canvas.drawString(value_x, y - n * 14, f": {line}" if n == 0 else f"  {line}")
        y -= 14 * max(len(labels), len(lines))
    y -= 8
    canvas.setFont("Helvetica", 10.5)
    for paragraph in text.paragraphs[1:]:
        for line in simpleSplit(printable(paragraph), "Helvetica", 10.5, right - left):
            canvas.drawString(left, y, line)
            y -= 14
        y -= 6
    y -= 10
    canvas.drawRightString(right, y, printable(text.place_date))
    y -= 24
    column = (right - left) / max(len(text.signatures), 1)
    for index, (role, name) in enumerate(text.signatures):
        x = left + column * index + column / 2
        canvas.setFont("Helvetica", 10)
        for n, line in enumerate(simpleSplit(printable(role), "Helvetica", 10, column - 10)):
            canvas.drawCentredString(x, y - n * 12, line)
        canvas.setFont("Helvetica-Oblique", 8)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(x, y - 50, "(ditandatangani secara elektronik)")
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica-Bold", 10.5)
        canvas.drawCentredString(x, y - 66, printable(name))
    side = 100
    qr_y = 22 * mm
    qr_path(canvas, text.verify_url, left, qr_y, side)
    tx, ty = left + side + 10, qr_y + side - 16
    canvas.setFont("Helvetica-Bold", 9.5)
    canvas.drawString(tx, ty, printable(text.verify_heading))
    canvas.setFont("Helvetica", 9)
    for step in text.verify_steps:
        ty -= 12
        canvas.drawString(tx, ty, printable(step))
    canvas.setFont("Courier-Bold", 13)
    canvas.setFillColor(GREEN)
    canvas.drawString(tx, ty - 20, group_code(text.code))
    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica-Oblique", 8)
    for n, line in enumerate(simpleSplit(printable(text.note), "Helvetica-Oblique", 8, right - tx)):
        canvas.drawString(tx, ty - 38 - n * 10, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class PlanText:
    title: str
    holder: str
    subtitle: str  # version, status and date
    sections: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (title, ((label, text), ...))
    figures_title: str
    figures: tuple[tuple[str, str], ...]
    table_head: tuple[str, ...]
    table_rows: tuple[tuple[str, ...], ...]
    closings: tuple[int, ...]
    chart_title: str
    warning: str
    credit: str


def _grouped(value: int) -> str:
    # Whole rupiah with dots between thousands, as written in Indonesian ("-13.707.968").
    return ("-" if value < 0 else "") + f"{abs(value):,}".replace(",", ".")


def chart_drawing(closings: tuple[int, ...], width: float = 170 * mm, height: float = 60 * mm) -> Drawing:
    """Bars of the monthly closing balance around a zero line (negative months in red), with the
    highest, zero and lowest balance written on the left so the bars can be read."""
    drawing = Drawing(width, height)
    if not closings:
        return drawing
    top, bottom = max(max(closings), 0), min(min(closings), 0)
    span = (top - bottom) or 1
    zero = 12 + (height - 24) * (-bottom / span)
    axis = 58  # room for the values on the left
    for value in {top, 0, bottom}:
        y = 12 + (height - 24) * ((value - bottom) / span)
        drawing.add(String(axis - 4, y - 2.5, _grouped(value), fontSize=7, textAnchor="end", fillColor=MUTED))
    slot = (width - axis - 6) / len(closings)
    for index, value in enumerate(closings):
        bar = (height - 24) * abs(value) / span
        y = zero if value >= 0 else zero - bar
        drawing.add(
            Rect(
                axis + index * slot + slot * 0.15,
                y,
                slot * 0.7,
                bar,
                fillColor=RED if value < 0 else GREEN,
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                axis + index * slot + slot / 2,
                2,
                str(index + 1),
                fontSize=7,
                textAnchor="middle",
                fillColor=MUTED,
            )
        )
    drawing.add(Line(axis - 2, zero, width, zero, strokeColor=INK, strokeWidth=0.6))
    return drawing


def render_plan(text: PlanText) -> bytes:
    buffer = io.BytesIO()
    document = a4_document(buffer, title=text.title)
    h1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=16, leading=20, textColor=GREEN)
    h2 = ParagraphStyle(
        "h2",
        fontName="Helvetica-Bold",
        fontSize=12,
        leading=15,
        spaceBefore=10,
        textColor=GREEN,
        keepWithNext=1,  # a heading never ends a page
    )
    label = ParagraphStyle("label", fontName="Helvetica-Bold", fontSize=9, leading=12, textColor=MUTED)
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
    warn = ParagraphStyle("warn", parent=body, textColor=RED, fontName="Helvetica-Bold")
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9, textColor=MUTED)

    def p(value: str, style=body) -> Paragraph:
        return Paragraph(escape(printable(value)).replace("\n", "<br/>"), style)

    story = [p(text.title, h1), p(text.holder, h2), p(text.subtitle, small), Spacer(1, 6)]
    for title, fields in text.sections:
        story.append(p(title, h2))
        for field_label, value in fields:
            # A label and its value stay on one page.
            story.append(KeepTogether([p(field_label, label), p(value or "—")]))
    story.append(p(text.figures_title, h2))
    if text.figures:
        story.append(Table([[p(a), p(b)] for a, b in text.figures], colWidths=[95 * mm, 70 * mm]))
    if text.table_rows:
        table = Table([list(text.table_head), *[list(row) for row in text.table_rows]], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
                    ("FONT", (0, 1), (-1, -1), "Helvetica", 8.5),
                    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                    ("BACKGROUND", (0, 0), (-1, 0), PALE),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, MUTED),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, HexColor("#f6f8f7")]),
                ]
            )
        )
        story += [Spacer(1, 6), table, p(text.chart_title, h2), chart_drawing(text.closings), Spacer(1, 6)]
    if text.warning:
        story.append(p(text.warning, warn))
    story += [Spacer(1, 12), p(text.credit, small)]
    document.build(story)
    return buffer.getvalue()
