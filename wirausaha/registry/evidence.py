"""Layoff evidence files: a PDF, JPEG or PNG of at most 5 MB, recognised by its content."""

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
}


def evidence_kind(head: bytes) -> tuple[str, str] | None:
    """(extension, content type) from the first bytes of a file, or None when not allowed."""
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def check_evidence(upload) -> tuple[str, str]:
    """Refuse files that are too large or not really PDF, JPEG or PNG, whatever their name says."""
    if upload.size > MAX_BYTES:
        raise ValueError(
            _("The file is %(size).1f MB; the limit is 5 MB.") % {"size": upload.size / 1024 / 1024}
        )
    upload.seek(0)
    kind = evidence_kind(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise ValueError(_("Upload a PDF, JPEG or PNG file (a scan or photo of the letter)."))
    return kind
