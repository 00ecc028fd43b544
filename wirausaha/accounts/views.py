from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language

from wirausaha.common.audit_texts import changes_of_all, is_creation, verb_label
from wirausaha.common.pagination import page_of

from .actions import set_account_language
from .forms import AuditFilterForm
from .models import Language
from .queries import audit_events_visible_to
from .scoping import reads_audit_trail, sees_identifiers


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not reads_audit_trail(request.user):
        return render(request, "403.html", status=403)
    form = AuditFilterForm(request.GET)
    trail = audit_events_visible_to(request.user, **form.filters())
    page = page_of(trail, request.GET.get("page"), per_page=50)
    events = list(page.object_list)
    rows = [
        (event, verb_label(event.verb), changes, is_creation(event), _record_url(event))
        for event, changes in zip(events, changes_of_all(events), strict=True)
    ]
    return render(
        request,
        "accounts/audit_log.html",
        # Reasons and changed values are free text, where people write NIKs and phone numbers.
        {"page": page, "events": rows, "form": form, "show_identifiers": sees_identifiers(request.user)},
    )


def _record_url(event) -> str:
    """The page of the event's participant (the trail's readers see every participant), if any."""
    if event.target_type == "registry.participant" and event.target_id.isdigit():
        return reverse("registry:participant_detail", args=[int(event.target_id)])
    return ""


@login_not_required
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch: the site's language for this browser (Django's own view) and, for a
    signed-in person, the language of their account, in which their messages are written."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in Language.values:
        set_account_language(request.user, language=language, by=request.user)
    return response
