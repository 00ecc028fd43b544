from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wirausaha.common.pagination import page_of

from .queries import audit_events_visible_to
from .scoping import reads_audit_trail


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not reads_audit_trail(request.user):
        return render(request, "403.html", status=403)
    filters = {key: request.GET.get(key, "").strip() for key in ("verb", "actor", "target_type")}
    events = audit_events_visible_to(request.user, **filters)
    return render(
        request,
        "accounts/audit_log.html",
        {"page": page_of(events, request.GET.get("page"), per_page=50), "filters": filters},
    )
