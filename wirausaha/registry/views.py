from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wirausaha.accounts.scoping import (
    reads_audit_trail,
    sees_identifiers,
    verifies_participants,
    works_with_participants,
)
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.masking import mask_value
from wirausaha.common.pagination import page_of

from .actions import decide_nik_change, reject_participant, request_correction, verify_participant
from .models import NikChangeRequest, Participant, Verification
from .queries import (
    get_nik_change_for,
    get_own_participant,
    get_participant_for,
    nik_changes_waiting_for,
    search_participants_filtered,
    verification_queue,
)
from .validation import nik_message


@require_GET
def participant_list(request: HttpRequest) -> HttpResponse:
    if not works_with_participants(request.user):
        raise Http404
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "region", "verification")}
    search_error = ""
    try:
        participants = search_participants_filtered(
            request.user, query=filters["q"], region=filters["region"], verification=filters["verification"]
        )
    except InvalidInput as error:
        search_error = error.errors["q"]
        participants = search_participants_filtered(
            request.user, region=filters["region"], verification=filters["verification"]
        )
    return render(
        request,
        "registry/participant_list.html",
        {
            "page": page_of(participants, request.GET.get("page")),
            "q": filters["q"],
            "search_error": search_error,
            "filters": filters,
            "states": Verification.choices,
            "show_identifiers": sees_identifiers(request.user),
            "can_verify": verifies_participants(request.user),
        },
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


def _detail_context(request: HttpRequest, participant: Participant, **extra) -> dict:
    show_identifiers = sees_identifiers(request.user) or participant.user_id == request.user.pk
    context = {
        "participant": participant,
        "show_identifiers": show_identifiers,
        "nik_flags": [nik_message(code) for code in participant.nik_flags],
        "can_verify": verifies_participants(request.user) and participant.consent_withdrawn_at is None,
        "nik_changes": participant.nik_changes.filter(status=NikChangeRequest.Status.PENDING),
        **extra,
    }
    if reads_audit_trail(request.user):
        context["history"] = _history(participant, show_identifiers)
    return context


@require_GET
def participant_detail(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_participant_for(request.user, participant_id)
    return render(request, "registry/participant_detail.html", _detail_context(request, participant))


@require_GET
def my_record(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    return render(request, "registry/participant_detail.html", _detail_context(request, participant))


@require_GET
def layoff_evidence(request: HttpRequest, participant_id: int) -> FileResponse:
    """The layoff letter, only to those who may see the participant; each download is audited."""
    participant = get_participant_for(request.user, participant_id)
    if not participant.layoff_evidence:
        raise Http404
    record_event(request.user, "participant.evidence_viewed", participant)
    handle = participant.layoff_evidence.open("rb")
    name = f"bukti-phk-{participant.pk}.{participant.layoff_evidence.name.rsplit('.', 1)[-1]}"
    return FileResponse(handle, as_attachment=False, filename=name)


@require_GET
def verification_list(request: HttpRequest) -> HttpResponse:
    if not verifies_participants(request.user):
        raise Http404
    return render(
        request,
        "registry/verification_list.html",
        {
            "page": page_of(verification_queue(request.user), request.GET.get("page")),
            "nik_changes": nik_changes_waiting_for(request.user)[:50],
            "show_identifiers": sees_identifiers(request.user),
        },
    )


DECISIONS = {
    "verify": lambda participant, by, reason: verify_participant(participant, by=by),
    "reject": lambda participant, by, reason: reject_participant(participant, by=by, reason=reason),
    "correct": lambda participant, by, reason: request_correction(participant, by=by, reason=reason),
}


@require_POST
def decide(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_participant_for(request.user, participant_id)
    decision = DECISIONS.get(request.POST.get("decision", ""))
    if decision is None or not verifies_participants(request.user):
        raise Http404
    try:
        decision(participant, request.user, request.POST.get("reason", ""))
    except InvalidInput as error:
        context = _detail_context(
            request, participant, decision_errors=error.errors, decision_reason=request.POST.get("reason", "")
        )
        return render(request, "registry/participant_detail.html", context, status=422)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("registry:participant_detail", participant.pk)
    # Name the person decided on and the one who comes next: the officer lands on the next
    # person's page, and "decision saved" above it alone reads as if that person was changed.
    saved = _("Decision for %(name)s saved: %(state)s.") % {
        "name": participant.full_name,
        "state": participant.get_verification_display(),
    }
    next_one = verification_queue(request.user).first()
    if next_one is None:
        messages.success(request, f"{saved} {_('The verification queue is empty.')}")
        return redirect("registry:verification")
    messages.success(request, f"{saved} {_('Next in the queue: %(name)s.') % {'name': next_one.full_name}}")
    return redirect("registry:participant_detail", next_one.pk)


@require_POST
def decide_nik(request: HttpRequest, change_id: int) -> HttpResponse:
    change = get_nik_change_for(request.user, change_id)
    approve = request.POST.get("decision") == "approve"
    try:
        decide_nik_change(change, approve=approve, by=request.user, note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(
            request, str(error.errors.get("nik", error)) if isinstance(error, InvalidInput) else str(error)
        )
    else:
        messages.success(request, _("NIK change approved.") if approve else _("NIK change rejected."))
    return redirect("registry:participant_detail", change.participant_id)
