from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.accounts.models import Role
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.pagination import page_of

from .certificates import local_date, may_revoke, normalise_code, revoke_certificate, verify_url
from .queries_certificates import (
    certificate_by_code,
    get_certificate_for,
    own_certificates,
    search_certificates,
)
from .tasks import render_certificate_pdf

STATUSES = (
    ("valid", gettext_lazy("Valid")),
    ("revoked", gettext_lazy("Revoked")),
    ("pending", gettext_lazy("PDF being prepared")),
)


def _staff(user) -> bool:
    return user.role in (Role.NATIONAL_ADMIN, Role.CENTRE_OPERATOR)


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.PARTICIPANT:
        raise Http404
    certificates = list(own_certificates(request.user))
    for certificate in certificates:
        certificate.verify_address = verify_url(certificate.code)
    return render(request, "training/certificate_mine.html", {"certificates": certificates})


@require_GET
def certificate_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.PARTICIPANT:
        return redirect("certificates:mine")
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
    if certificate.revoked_at is not None:
        raise Http404
    try:
        handle = certificate.pdf.open("rb") if certificate.pdf else None
    except FileNotFoundError:  # the row says drawn but the file is gone: draw it again
        render_certificate_pdf.enqueue(certificate_id=certificate.pk)
        handle = None
    if handle is None:
        messages.info(request, _("The certificate's PDF is being prepared. Try again in a few minutes."))
        return redirect("certificates:mine" if request.user.role == Role.PARTICIPANT else "certificates:list")
    if certificate.enrolment.participant.user_id != request.user.pk:
        record_event(request.user, "certificate.downloaded", certificate)
    name = "sertifikat-" + certificate.number.replace("/", "-") + ".pdf"
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
                request, _("Certificate %(number)s is revoked.") % {"number": certificate.number}
            )
            return redirect("certificates:list")
    return render(
        request,
        "training/certificate_revoke.html",
        {"certificate": certificate, "reason": reason, "errors": errors, "error": error},
        status=422 if errors or error else 200,
    )


def _public(response: HttpResponse) -> HttpResponse:
    # The answer must always be current (a revocation shows at once) and stay out of search engines.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@require_GET
def verify_index(request: HttpRequest) -> HttpResponse:
    code = normalise_code(request.GET.get("code", ""))
    if code:
        return redirect("verify:certificate", code)
    return _public(render(request, "training/verify_index.html"))


@login_not_required
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The public check of a certificate: valid or revoked, with only what the paper shows."""
    certificate = certificate_by_code(normalise_code(code))
    if certificate is None:
        return _public(render(request, "training/verify_unknown.html", {"code": code[:64]}, status=404))
    context = {
        "certificate": certificate,
        "issued_on": local_date(certificate, certificate.issued_at),
        "revoked_on": local_date(certificate, certificate.revoked_at),
    }
    return _public(render(request, "training/verify.html", context))
