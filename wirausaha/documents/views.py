from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wirausaha.accounts.throttle import allow_attempt
from wirausaha.common.client import client_ip
from wirausaha.common.responses import error_response

from .codes import CODE_PATTERN, normalise_code, normalise_number
from .queries import code_for_number, document_by_code, local_date

# Printed numbers run in sequence, so looking documents up by number could walk every holder's
# name; the unguessable code cannot be walked. A person types a few numbers; a script many.
NUMBER_LOOKUPS_PER_ADDRESS = 20
NUMBER_LOOKUP_MINUTES = 15


def _public(response: HttpResponse) -> HttpResponse:
    # The answer must always be current (a revocation shows at once) and stay out of search engines.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@require_GET
def verify_index(request: HttpRequest) -> HttpResponse:
    """The form where people type what the paper shows: the code, or the printed number."""
    typed = request.GET.get("code", "")
    number = normalise_number(typed)
    if number is not None:
        if not allow_attempt(
            "verify-number",
            client_ip(request),
            limit=NUMBER_LOOKUPS_PER_ADDRESS,
            minutes=NUMBER_LOOKUP_MINUTES,
        ):
            return error_response(
                request,
                status=429,
                code="too_many_attempts",
                title=_("Too many attempts"),
                detail=_(
                    "Too many numbers were checked from your network. Type the code under the QR "
                    "code instead, or try again in %(minutes)d minutes."
                )
                % {"minutes": NUMBER_LOOKUP_MINUTES},
            )
        code = code_for_number(number)
        if code is None:
            return _unknown(request, typed)
        return redirect("verify:document", code)
    code = normalise_code(typed)
    if not code:
        return _public(render(request, "documents/verify_index.html"))
    if not CODE_PATTERN.match(code):
        # Not a code's characters (a slash, a question mark…): no address to send it to.
        return _unknown(request, typed)
    return redirect("verify:document", code)


def _unknown(request: HttpRequest, typed: str) -> HttpResponse:
    return _public(render(request, "documents/verify_unknown.html", {"code": typed[:64]}, status=404))


@login_not_required
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The public check of a document: valid or revoked, with only what the paper shows."""
    document = document_by_code(normalise_code(code))
    if document is None:
        return _unknown(request, code)
    context = {
        "document": document,
        "issued_on": local_date(document, document.issued_at),
        "revoked_on": local_date(document, document.revoked_at),
    }
    # Each kind words its check in its own template (verify_certificate.html, …).
    return _public(render(request, f"documents/verify_{document.kind}.html", context))
