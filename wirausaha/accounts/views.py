from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from wirausaha.common.audit_texts import changes_of_all, is_creation, verb_label
from wirausaha.common.pagination import page_of

from .forms import AuditFilterForm
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
