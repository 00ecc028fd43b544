from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wirausaha.accounts.scoping import reads_audit_trail, sees_identifiers, works_with_participants
from wirausaha.common.masking import mask_value
from wirausaha.common.pagination import page_of

from .models import Participant
from .queries import get_participant_for, participants_visible_to, search_participants


@require_GET
def participant_list(request: HttpRequest) -> HttpResponse:
    if not works_with_participants(request.user):
        raise Http404
    query = request.GET.get("q", "")
    page = page_of(search_participants(request.user, query), request.GET.get("page"))
    return render(
        request,
        "registry/participant_list.html",
        {"page": page, "q": query, "show_identifiers": sees_identifiers(request.user)},
    )


def _history(participant: Participant, show_identifiers: bool) -> list[dict]:
    rows = []
    records = list(
        participant.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    for record, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            for change in record.diff_against(older).changes:
                old, new = change.old, change.new
                if not show_identifiers:
                    old, new = mask_value(change.field, old), mask_value(change.field, new)
                changes.append({"field": change.field, "old": old, "new": new})
        rows.append({"record": record, "changes": changes})
    return rows


@require_GET
def participant_detail(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_participant_for(request.user, participant_id)
    show_identifiers = sees_identifiers(request.user) or participant.user_id == request.user.pk
    context = {"participant": participant, "show_identifiers": show_identifiers}
    if reads_audit_trail(request.user):
        context["history"] = _history(participant, show_identifiers)
    return render(request, "registry/participant_detail.html", context)


@require_GET
def my_record(request: HttpRequest) -> HttpResponse:
    participant = participants_visible_to(request.user).filter(user=request.user).first()
    if participant is None:
        raise Http404
    return render(
        request, "registry/participant_detail.html", {"participant": participant, "show_identifiers": True}
    )
