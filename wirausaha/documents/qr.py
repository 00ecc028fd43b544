"""A QR code as inline SVG, drawn on the server (no script, no image request). Pure: no Django import.

The encoder is ReportLab's, which the certificate PDFs already use, so the project carries one QR
implementation. Each dark module becomes one square of a single path, which keeps the SVG small.
"""

from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_svg(text: str, *, size_px: int = 280, label: str = "") -> str:
    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    side = count + 2 * QUIET_ZONE
    squares = "".join(
        f"M{col + QUIET_ZONE} {row + QUIET_ZONE}h1v1h-1z"
        for row in range(count)
        for col in range(count)
        if code.isDark(row, col)
    )
    title = f"<title>{_escape(label)}</title>" if label else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="{size_px}" '
        f'height="{size_px}" role="img" shape-rendering="crispEdges">{title}'
        f'<rect width="{side}" height="{side}" fill="#fff"/><path d="{squares}" fill="#000"/></svg>'
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
