"""Background work of training: drawing certificate PDFs (after the issuing transaction commits)."""

from django_tasks import task

from .certificates import render_certificate, render_certificates
from .models import Certificate


def _for_rendering():
    return Certificate.objects.select_related("cohort__centre")


@task()
def render_certificate_pdf(certificate_id: int) -> None:
    certificate = _for_rendering().filter(pk=certificate_id).first()
    if certificate is not None:
        render_certificate(certificate)


@task()
def render_cohort_certificates(cohort_id: int) -> None:
    """Every certificate of a cohort still without its PDF, in one task."""
    render_certificates(
        _for_rendering()
        .filter(cohort_id=cohort_id, rendered_at__isnull=True, revoked_at__isnull=True)
        .order_by("pk")
    )
