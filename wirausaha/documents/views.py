from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .codes import normalise_code
from .queries import document_by_code, local_date


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
        return redirect("verify:document", code)
    return _public(render(request, "documents/verify_index.html"))


@login_not_required
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The public check of a document: valid or revoked, with only what the paper shows."""
    document = document_by_code(normalise_code(code))
    if document is None:
        return _public(render(request, "documents/verify_unknown.html", {"code": code[:64]}, status=404))
    context = {
        "document": document,
        "issued_on": local_date(document, document.issued_at),
        "revoked_on": local_date(document, document.revoked_at),
    }
    # Each kind words its check in its own template (verify_certificate.html, …).
    return _public(render(request, f"documents/verify_{document.kind}.html", context))
