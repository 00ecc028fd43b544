"""Limits on what an uploaded workbook may unpack to, checked before openpyxl parses it (pure: no
ORM). An XLSX is a zip archive: 250 KB of repeated text can unpack to a 100 MB `sharedStrings.xml`,
which openpyxl reads whole into memory even in streaming mode (it took 121 s and 670 MB inside a
request). The sizes a zip states can lie too; Python's zipfile stops reading a member at the size
it states and then fails its checksum, so checking the stated sizes bounds what is unpacked.
"""

import zipfile
from typing import IO

from django.utils.translation import gettext as _

# A 20 MB upload of 100,000 rows unpacks to about 60 MB; 200 MB leaves room without letting a
# bomb through.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# No single part of a workbook (a sheet, the shared strings) may unpack to more than this.
MAX_MEMBER_BYTES = 150 * 1024 * 1024
# Spreadsheet XML compresses about 10:1, very regular sheets up to 30:1; 100:1 is only reached by
# repeating the same bytes over and over. Small parts are exempt: their ratio says little.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
MAX_MEMBERS = 1_000  # a workbook has a few dozen parts; thousands are only made to slow us down

# Caps on what is read from any file, CSV or XLSX: the template has 16 columns and a list of
# 100,000 rows is the largest labour offices send.
MAX_COLUMNS = 100  # cells read per row; the rest of a row is ignored
MAX_ROWS = 250_000  # a longer file is refused: split it
MAX_CELL_CHARS = 2_000  # longer text is cut here (every field's own limit is far shorter)


def archive_problem(file: IO[bytes]) -> str | None:
    """Why this XLSX must not be opened, or None when its parts are within the limits above."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a readable zip: openpyxl says so in its own words
    finally:
        file.seek(0)
    too_large = _(
        "This workbook unpacks to far more data than a layoff list holds, so it is not opened. "
        "Save the list again as .xlsx or CSV, or split it into smaller files."
    )
    if len(members) > MAX_MEMBERS:
        return too_large
    total = 0
    for member in members:
        size = member.file_size
        total += size
        if size > MAX_MEMBER_BYTES or total > MAX_UNPACKED_BYTES:
            return too_large
        if size > RATIO_FROM_BYTES and size > MAX_RATIO * max(member.compress_size, 1):
            return too_large
    return None
