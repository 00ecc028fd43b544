"""Documents uploaded for licensing (the NIB document, a certificate): a PDF, JPEG or PNG of at most
5 MB, recognised by its content whatever its name says (as the registry's layoff letters)."""

from django.utils.translation import gettext as _

from wirausaha.common.errors import InvalidInput
from wirausaha.registry.evidence import MAX_BYTES, evidence_kind


def check_upload(upload, field: str) -> None:
    """Refuse a file that is empty, too large or not really a PDF, JPEG or PNG; name it by its
    content (the uploader's own file name is never stored)."""
    if upload.size == 0:
        raise InvalidInput({field: _("The file is empty: choose the scan or photo again.")})
    if upload.size > MAX_BYTES:
        raise InvalidInput(
            {
                field: _("The file is %(size).1f MB; the limit is %(limit)d MB.")
                % {"size": upload.size / 1024 / 1024, "limit": MAX_BYTES // (1024 * 1024)}
            }
        )
    upload.seek(0)
    kind = evidence_kind(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise InvalidInput({field: _("Upload a PDF, JPEG or PNG file (a scan or photo of the document).")})
    upload.name = f"document.{kind[0]}"
