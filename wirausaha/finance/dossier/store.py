"""Drawing a referral's dossier (PDF and ZIP) into private storage, in the background."""

from django.core.files.base import ContentFile
from django.utils import timezone

from ..models import Referral
from .archive import build_zip
from .content import dossier_text, file_name
from .pdf import render_dossier


def dossier_files(referral: Referral) -> tuple[bytes, bytes]:
    """(PDF, ZIP) of the referral as the records are now."""
    documents = list(referral.application.documents.order_by("kind"))
    pdf = render_dossier(dossier_text(referral, documents))
    files = []
    for document in documents:
        with document.file.open("rb") as handle:
            files.append((file_name(document), handle.read()))
    when = timezone.localtime().timetuple()[:6]
    return pdf, build_zip(f"berkas-rujukan-{referral.pk}.pdf", pdf, files, when=when)


def store_dossier(referral: Referral) -> str:
    """Write both files (replacing earlier ones) and mark the referral; returns the PDF's name."""
    storage = Referral._meta.get_field("dossier_pdf").storage
    pdf, archive = dossier_files(referral)
    old = [f.name for f in (referral.dossier_pdf, referral.dossier_zip) if f]
    pdf_name = storage.save(f"finance/dossiers/{referral.pk}.pdf", ContentFile(pdf))
    zip_name = storage.save(f"finance/dossiers/{referral.pk}.zip", ContentFile(archive))
    now = timezone.now()
    Referral.objects.filter(pk=referral.pk).update(
        dossier_pdf=pdf_name, dossier_zip=zip_name, dossier_rendered_at=now
    )
    referral.dossier_pdf.name, referral.dossier_zip.name, referral.dossier_rendered_at = (
        pdf_name,
        zip_name,
        now,
    )
    for name in old:
        if name not in (pdf_name, zip_name):
            storage.delete(name)
    return pdf_name
