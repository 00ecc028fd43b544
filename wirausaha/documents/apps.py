from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Verifiable documents: numbering, unguessable codes, the public check, revocation and PDF
    rendering. Below every stage: a stage issues its documents through it, and it knows no stage."""

    name = "wirausaha.documents"
    verbose_name = _("Verifiable documents")

    def ready(self) -> None:
        from . import pdf
        from .kinds import register_kind
        from .models import Document
        from .rendering import certificate_text, certificate_wording

        register_kind(
            Document.Kind.CERTIFICATE,
            prefix="WRS",
            wording=certificate_wording,
            text=certificate_text,
            render=pdf.render,
        )
