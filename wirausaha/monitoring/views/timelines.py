"""One timeline per person: the participant's own, and staff's view of the people in their scope."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..timeline import own_participant, participant_for, timeline


@require_GET
def participant_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_for(request.user, pk)
    return render(
        request,
        "monitoring/timeline.html",
        {
            "participant": participant,
            "entries": timeline(participant),
            "own": participant.user_id == request.user.pk,
        },
    )


@require_GET
def my_timeline(request: HttpRequest) -> HttpResponse:
    participant = own_participant(request.user)
    return render(
        request,
        "monitoring/timeline.html",
        {"participant": participant, "entries": timeline(participant), "own": True},
    )
