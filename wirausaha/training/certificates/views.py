from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.accounts.models import Role
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.pagination import page_of
from wirausaha.documents.tasks import render_document_pdf

from .actions import may_revoke, revoke_certificate
from .queries import get_certificate_for, search_certificates

STATUSES = (
    ("valid", gettext_lazy("Valid")),
    ("revoked", gettext_lazy("Revoked")),
    ("pending", gettext_lazy("PDF being prepared")),
)


def _staff(user) -> bool:
    return user.role in (Role.NATIONAL_ADMIN, Role.CENTRE_OPERATOR)


@require_GET
def certificate_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.PARTICIPANT:
        return redirect("journey:my_certificates")
    if not _staff(request.user):
        raise Http404
    query, status = request.GET.get("q", "").strip(), request.GET.get("status", "")
    certificates = search_certificates(request.user, query=query, status=status)
    return render(
        request,
        "training/certificate_list.html",
        {
            "page": page_of(certificates, request.GET.get("page"), 50),
            "q": query,
            "status": status,
            "statuses": STATUSES,
        },
    )


@require_GET
def download(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF, only to its holder, national admins and the issuing centre's operators (others: 404)."""
    certificate = get_certificate_for(request.user, code)
    document = certificate.document
    if document.revoked_at is not None:
        raise Http404
    try:
        handle = document.pdf.open("rb") if document.pdf else None
    except FileNotFoundError:  # the row says drawn but the file is gone: draw it again
        render_document_pdf.enqueue(document_id=document.pk)
        handle = None
    if handle is None:
        messages.info(request, _("The certificate's PDF is being prepared. Try again in a few minutes."))
        return redirect(
            "journey:my_certificates" if request.user.role == Role.PARTICIPANT else "certificates:list"
        )
    if certificate.enrolment.participant.user_id != request.user.pk:
        record_event(request.user, "certificate.downloaded", certificate)
    name = "sertifikat-" + document.number.replace("/", "-") + ".pdf"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")


@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, code: str) -> HttpResponse:
    """Confirmation page with the required reason; a national admin or the issuing centre only."""
    certificate = get_certificate_for(request.user, code)
    if not may_revoke(request.user, certificate):
        raise Http404
    errors, error = {}, None
    reason = request.POST.get("reason", "")
    if request.method == "POST":
        try:
            revoke_certificate(certificate, by=request.user, reason=reason)
        except InvalidInput as failure:
            errors = failure.errors
        except DomainError as failure:
            error = str(failure)
        else:
            messages.success(
                request, _("Certificate %(number)s is revoked.") % {"number": certificate.document.number}
            )
            return redirect("certificates:list")
    return render(
        request,
        "training/certificate_revoke.html",
        {"certificate": certificate, "reason": reason, "errors": errors, "error": error},
        status=422 if errors or error else 200,
    )
