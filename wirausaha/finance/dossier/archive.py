"""The dossier's ZIP: the PDF first, then each uploaded document under a plain name. No Django."""

import io
import zipfile
from collections.abc import Iterable


def build_zip(
    pdf_name: str, pdf: bytes, files: Iterable[tuple[str, bytes]], *, when: tuple = (1980, 1, 1, 0, 0, 0)
) -> bytes:
    """A ZIP of the dossier PDF and the documents (name, bytes). Scans and photos are compressed
    already, so they are stored as they are; the PDF is deflated. `when` is the
    entries' time (year, month, day, hour, minute, second), local to the partner."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(pdf_name, date_time=when), pdf, zipfile.ZIP_DEFLATED)
        for name, content in files:
            archive.writestr(zipfile.ZipInfo(name, date_time=when), content, zipfile.ZIP_STORED)
    return buffer.getvalue()
