"""The counselor's pages: the caseload, one participant's case (sessions, action items, plan,
milestones, letter), planning and recording sessions."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wirausaha.accounts.models import Role
from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of

from .. import actions
from ..forms import ActionItemForm, ItemStatusForm, MilestoneForm, RecordSessionForm, SessionForm
from ..models import MentoringLetter, Milestone
from ..queries import (
    action_items_of,
    active_assignment_of,
    assigns_counselors,
    caseload,
    get_action_item_for,
    get_coached_participant,
    get_session_for,
    is_counselor,
    milestones_of,
    not_seen_since,
    oversees_coaching,
    plan_of,
    sessions_of,
    zone_of,
)


def _require_staff(request: HttpRequest) -> None:
    if not (is_counselor(request.user) or oversees_coaching(request.user)):
        raise Http404


def _acts(user) -> bool:
    return is_counselor(user) or user.role == Role.NATIONAL_ADMIN


@require_GET
def caseload_page(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    people = caseload(request.user)
    if request.GET.get("tidak-bertemu"):
        people = people.exclude(
            coaching_sessions__status="held", coaching_sessions__starts_at__gte=not_seen_since()
        )
    page = page_of(people, request.GET.get("page"))
    return render(
        request,
        "coaching/caseload.html",
        {
            "page": page,
            "since": not_seen_since(),
            "milestone_total": len(Milestone.Kind.choices),
            "only_unseen": bool(request.GET.get("tidak-bertemu")),
        },
    )


def _case_context(request: HttpRequest, participant, **forms) -> dict:
    zone = zone_of(participant)
    return {
        "participant": participant,
        "assignment": active_assignment_of(participant),
        "sessions": sessions_of(participant),
        "items": action_items_of(participant),
        "plan": plan_of(participant),
        "milestones": milestones_of(participant),
        "letters": MentoringLetter.objects.filter(participant=participant).select_related("document"),
        "zone": ZoneInfo(zone),
        "zone_name": zone,
        "acts": _acts(request.user),
        "can_reassign": assigns_counselors(request.user),
        "session_form": forms.get("session_form") or SessionForm(),
        "item_form": forms.get("item_form") or ActionItemForm(),
        "milestone_form": forms.get("milestone_form")
        or MilestoneForm(initial={"reached_on": timezone.localdate()}),
        "now": timezone.now(),
    }


@require_GET
def case(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    participant = get_coached_participant(request.user, pk)
    return render(request, "coaching/case.html", _case_context(request, participant))


def _post_case(request: HttpRequest, pk: int, form_class, key: str, call) -> HttpResponse:
    _require_staff(request)
    if not _acts(request.user):
        raise Http404
    participant = get_coached_participant(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(participant, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("coaching:case", participant.pk)
    return render(
        request, "coaching/case.html", _case_context(request, participant, **{key: form}), status=422
    )


@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_case(
        request,
        pk,
        SessionForm,
        "session_form",
        lambda participant, data: actions.plan_session(participant=participant, by=request.user, **data),
    )


@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_case(
        request,
        pk,
        ActionItemForm,
        "item_form",
        lambda participant, data: actions.add_action_item(participant=participant, by=request.user, **data),
    )


@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_case(
        request,
        pk,
        MilestoneForm,
        "milestone_form",
        lambda participant, data: actions.record_milestone(
            participant=participant, by=request.user, source="coaching", **data
        ),
    )


@require_POST
def letter_issue(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    if not _acts(request.user):
        raise Http404
    participant = get_coached_participant(request.user, pk)
    try:
        letter = actions.issue_mentoring_letter(participant=participant, by=request.user)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(
            request,
            _("Letter %(number)s issued; its PDF is being drawn.") % {"number": letter.document.number},
        )
    return redirect("coaching:case", participant.pk)


@require_http_methods(["GET", "POST"])
def session_record(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    session = get_session_for(request.user, pk)
    form = RecordSessionForm(
        request.POST or None,
        initial={
            "status": "held",
            "duration_minutes": session.duration_minutes,
            "topics": session.topics,
            "notes": session.notes,
        },
    )
    if request.method == "POST":
        if not _acts(request.user):
            raise Http404
        if form.is_valid():
            try:
                actions.record_session(session, by=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The session is recorded."))
                return redirect("coaching:case", session.participant_id)
    return render(
        request,
        "coaching/session_record.html",
        {"session": session, "form": form, "zone": ZoneInfo(session.time_zone)},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def item_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_action_item_for(request.user, pk)
    form = ItemStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        try:
            actions.set_action_item_status(item, by=request.user, status=form.cleaned_data["status"])
        except DomainError as error:
            messages.error(request, error.text)
    if request.user.pk == item.participant.user_id:
        return redirect("coaching:mine")
    return redirect("coaching:case", item.participant_id)
