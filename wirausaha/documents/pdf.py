"""The certificate as a one-page A4 landscape PDF, drawn with ReportLab. No Django import: the
caller passes every text already written in the document's language, and gets the file's bytes.

Only the PDF standard fonts are used (nothing to embed, so a page is small and fast to draw);
they cover the Latin letters of Indonesian names. The QR code is drawn as one vector path.
"""

import dataclasses
import io
import unicodedata
from dataclasses import dataclass

from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
GREEN = HexColor("#0b6e4f")
GREEN_DARK = HexColor("#08513a")
INK = HexColor("#1d2329")
MUTED = HexColor("#58626c")
PALE = HexColor("#e6f2ed")
MARGIN = 56
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN - 40


@dataclass(frozen=True)
class CertificateText:
    """Everything printed on one certificate, in the document's language."""

    issuer: str  # e.g. the ministry, in capitals
    programme: str
    title: str  # "SERTIFIKAT"
    number_line: str  # "Nomor: WRS/2025/0003/0000123"
    given_to: str
    holder_name: str
    completed: str
    course_title: str
    details: tuple[str, ...]  # hours and dates; the centre: one line each
    issued: str
    code: str
    verify_url: str  # what the QR code holds
    verify_heading: str
    verify_steps: tuple[str, ...]
    note: str
    # A second identifier under the name (e.g. "NIK 3216********0003"), so two people of the same
    # name cannot pass one certificate between them; and who signs it (the centre's head).
    holder_identifier: str = ""
    signatory_title: str = ""
    signatory_name: str = ""


def printable(text: str) -> str:
    """The standard fonts hold the Western European letters (WinAnsi). Any other letter is printed
    as its base letter (Ḥ as H, ā as a) rather than as an empty box."""
    letters = []
    for letter in text:
        try:
            letter.encode("cp1252")
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c))
            try:
                base.encode("cp1252")
            except UnicodeEncodeError:
                base = letter
            letter = base
        letters.append(letter)
    return "".join(letters)


def group_code(code: str, size: int = 4) -> str:
    """ABCDEFGH… as ABCD EFGH …: easier to read out and to type from paper."""
    return " ".join(code[i : i + size] for i in range(0, len(code), size))


def _fit(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """The largest font size, at most `size`, at which `text` fits on one line of `width`."""
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _centred_block(canvas: Canvas, text: str, font: str, size: float, y: float, *, smallest: float) -> float:
    """Draw `text` centred on one line, shrunk down to `smallest` to fit; beyond that on two lines
    (smaller still if two are not enough: nothing is ever cut). Returns the last line's baseline."""
    size = _fit(text, font, size, TEXT_WIDTH, smallest)
    lines = [text]
    if stringWidth(text, font, size) > TEXT_WIDTH:
        lines = simpleSplit(text, font, size, TEXT_WIDTH)
        while len(lines) > 2 and size > 7:
            size -= 0.5
            lines = simpleSplit(text, font, size, TEXT_WIDTH)
    canvas.setFont(font, size)
    for index, line in enumerate(lines):
        canvas.drawCentredString(PAGE_WIDTH / 2, y - index * size * 1.15, line)
    return y - (len(lines) - 1) * size * 1.15


def qr_path(canvas: Canvas, value: str, x: float, y: float, side: float) -> None:
    """A QR code of `value` in a white square of `side` points at (x, y), quiet zone included (the
    drawing every kind of document uses for its check address).
    The dark modules are written as one fill of row runs in module units: a few hundred short
    operators instead of one formatted rectangle per module, which is most of the drawing time."""
    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    count = code.getModuleCount()
    module = side / (count + 8)  # four modules of quiet zone on each side
    canvas.setFillColor(white)
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    operators = []
    for row_number, row in enumerate(code.modules):
        bottom = count - 1 - row_number
        column = 0
        while column < count:
            if row[column]:
                start = column
                while column < count and row[column]:
                    column += 1
                # Each run a hair taller than a module, so viewers draw no seams between rows.
                operators.append(f"{start} {bottom} {column - start} 1.04 re")
            else:
                column += 1
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.transform(module, 0, 0, module, x + 4 * module, y + 4 * module)
    canvas.addLiteral(" ".join([*operators, "f"]))
    canvas.restoreState()


# The name the certificate's layout calls, so bench/bench_training.py can swap in its baseline.
_qr_path = qr_path


SIGNATURE_WIDTH = 250


def _signature_block(canvas: Canvas, title: str, name: str, *, top: float) -> None:
    """The signatory on the right, above the note: their title, room to sign, and their name
    underlined (each shrunk to fit the block's width)."""
    centre_x = PAGE_WIDTH - MARGIN - SIGNATURE_WIDTH / 2
    canvas.setFillColor(INK)
    size = _fit(title, "Helvetica", 10.5, SIGNATURE_WIDTH, 7)
    canvas.setFont("Helvetica", size)
    canvas.drawCentredString(centre_x, top, title)
    name_y = top - 52
    size = _fit(name, "Helvetica-Bold", 11.5, SIGNATURE_WIDTH, 7)
    canvas.setFont("Helvetica-Bold", size)
    canvas.drawCentredString(centre_x, name_y, name)
    width = min(stringWidth(name, "Helvetica-Bold", size), SIGNATURE_WIDTH)
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.6)
    canvas.line(centre_x - width / 2, name_y - 3, centre_x + width / 2, name_y - 3)


def render(text: CertificateText) -> bytes:
    """The certificate's PDF bytes."""
    text = dataclasses.replace(
        text,
        holder_name=printable(text.holder_name),
        course_title=printable(text.course_title),
        details=tuple(printable(detail) for detail in text.details),
        signatory_title=printable(text.signatory_title),
        signatory_name=printable(text.signatory_name),
    )
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    canvas.setTitle(f"{text.title} {text.number_line}")
    canvas.setAuthor(text.issuer)
    canvas.setSubject(text.programme)
    canvas.setKeywords(text.code)
    canvas.setCreator("Wirausaha")

    # Frame: a green band on the left and a double border.
    canvas.setFillColor(PALE)
    canvas.rect(0, 0, PAGE_WIDTH, PAGE_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.rect(18, 18, PAGE_WIDTH - 36, PAGE_HEIGHT - 36, stroke=0, fill=1)
    canvas.setStrokeColor(GREEN)
    canvas.setLineWidth(3)
    canvas.rect(18, 18, PAGE_WIDTH - 36, PAGE_HEIGHT - 36, stroke=1, fill=0)
    canvas.setLineWidth(0.75)
    canvas.rect(26, 26, PAGE_WIDTH - 52, PAGE_HEIGHT - 52, stroke=1, fill=0)

    centre_x = PAGE_WIDTH / 2
    canvas.setFillColor(GREEN_DARK)
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawCentredString(centre_x, 540, text.issuer)
    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica", 10.5)
    canvas.drawCentredString(centre_x, 524, text.programme)

    canvas.setFillColor(GREEN)
    canvas.setFont("Times-Bold", 46)
    spaced = " ".join(text.title)  # letter-spaced, the usual look of a certificate title
    canvas.drawCentredString(centre_x, 462, spaced)
    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica", 11)
    canvas.drawCentredString(centre_x, 440, text.number_line)

    canvas.setFillColor(INK)
    canvas.setFont("Times-Italic", 15)
    canvas.drawCentredString(centre_x, 402, text.given_to)
    name_y = _centred_block(canvas, text.holder_name, "Times-Bold", 34, 362, smallest=18)
    canvas.setStrokeColor(GREEN)
    canvas.setLineWidth(0.75)
    canvas.line(centre_x - 220, name_y - 12, centre_x + 220, name_y - 12)
    below_name = name_y
    if text.holder_identifier:
        canvas.setFillColor(MUTED)
        canvas.setFont("Helvetica", 11)
        canvas.drawCentredString(centre_x, name_y - 28, text.holder_identifier)
        below_name = name_y - 10

    canvas.setFont("Helvetica", 12.5)
    canvas.setFillColor(INK)
    canvas.drawCentredString(centre_x, below_name - 40, text.completed)
    canvas.setFillColor(GREEN_DARK)
    line_y = _centred_block(canvas, text.course_title, "Helvetica-Bold", 20, below_name - 68, smallest=12)
    canvas.setFillColor(INK)
    for detail in text.details:
        line_y = _centred_block(canvas, detail, "Helvetica", 12.5, line_y - 24, smallest=9)
    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica", 11)
    canvas.drawCentredString(centre_x, line_y - 30, text.issued)

    if text.signatory_name:
        _signature_block(
            canvas, text.signatory_title, text.signatory_name, top=max(min(line_y - 50, 196), 150)
        )

    # How to check it: the QR code, and the address and code to type in.
    side = 104
    qr_x, qr_y = MARGIN, 44
    _qr_path(canvas, text.verify_url, qr_x, qr_y, side)
    left = qr_x + side + 10
    line_y = qr_y + side - 18
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(left, line_y, text.verify_heading)
    canvas.setFont("Helvetica", 9)
    for step in text.verify_steps:
        line_y -= 13
        canvas.drawString(left, line_y, step)
    line_y -= 20
    canvas.setFont("Courier-Bold", 14)
    canvas.setFillColor(GREEN_DARK)
    canvas.drawString(left, line_y, group_code(text.code))

    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica-Oblique", 8.5)
    note_width = 250
    note_lines = simpleSplit(text.note, "Helvetica-Oblique", 8.5, note_width)
    for index, line in enumerate(note_lines):
        canvas.drawRightString(PAGE_WIDTH - MARGIN, qr_y + 12 + (len(note_lines) - 1 - index) * 11, line)
    rule_y = qr_y + 14 + len(note_lines) * 11
    canvas.setStrokeColor(Color(0, 0, 0, alpha=0.15))
    canvas.line(PAGE_WIDTH - MARGIN - note_width, rule_y, PAGE_WIDTH - MARGIN, rule_y)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
