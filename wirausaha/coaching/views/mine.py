"""The participant's own coaching page: their counselor, sessions, action items, milestones,
letters, and asking for another counselor."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wirausaha.common.errors import DomainError
from wirausaha.registry.queries import get_own_participant

from .. import actions
from ..forms import ChangeRequestForm
from ..models import ChangeRequest, CoachingSession, MentoringLetter
from ..queries import action_items_of, active_assignment_of, milestones_of, plan_of, zone_of


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    assignment = active_assignment_of(participant)
    sessions = participant.coaching_sessions.exclude(status=CoachingSession.Status.CANCELLED).select_related(
        "counselor__user"
    )
    now = timezone.now()
    return render(
        request,
        "coaching/mine.html",
        {
            "participant": participant,
            "assignment": assignment,
            "upcoming": sessions.filter(starts_at__gte=now).order_by("starts_at"),
            "past": sessions.filter(starts_at__lt=now).order_by("-starts_at")[:20],
            "items": action_items_of(participant),
            "milestones": milestones_of(participant),
            "plan": plan_of(participant),
            "zone": ZoneInfo(zone_of(participant)),
            "today": timezone.localdate(),
            "letters": MentoringLetter.objects.filter(participant=participant).select_related("document"),
            "pending_change": assignment
            and assignment.change_requests.filter(status=ChangeRequest.Status.PENDING).first(),
            "change_form": ChangeRequestForm(),
        },
    )


@require_POST
def ask_change(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    assignment = active_assignment_of(participant)
    form = ChangeRequestForm(request.POST)
    if assignment is None or not form.is_valid():
        messages.error(request, _("Say why you ask for another counselor."))
        return redirect("coaching:mine")
    try:
        actions.request_counselor_change(
            assignment=assignment, by=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Your request is sent. An admin decides on it."))
    return redirect("coaching:mine")
