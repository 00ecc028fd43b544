"""Background work of documents: drawing their PDFs (after the issuing transaction commits)."""

from django_tasks import task

from .models import Document
from .rendering import render_document, render_documents


@task()
def render_document_pdf(document_id: int) -> None:
    document = Document.objects.filter(pk=document_id).first()
    if document is not None:
        render_document(document)


@task()
def render_documents_pdf(document_ids: list[int]) -> None:
    """Every one of these documents still without its PDF, in one task."""
    render_documents(
        Document.objects.filter(
            pk__in=document_ids, rendered_at__isnull=True, revoked_at__isnull=True
        ).order_by("pk")
    )
