"""Business-matching events (temu bisnis): the list, a new event (organisers), one event with its
registrations, meeting requests and schedule; registering, asking to meet, running the scheduler,
sending the agendas (PDF per registrant and per table) and recording each meeting's outcome."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wirausaha.accounts.models import Role
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.pagination import page_of

from .. import actions
from ..agenda import registrant_agenda, table_agenda
from ..forms import EventForm, OutcomeForm, RegisterForm
from ..models import Event, Meeting
from ..queries import (
    buyer_of,
    events_visible_to,
    get_event_for,
    get_meeting_for,
    meetings_shown,
    organises_events,
    oversees_market,
    own_business,
    own_registration,
    records_outcomes,
    registrations_shown,
    side_chosen,
    suggested,
    unregistered_for,
)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _fail(request: HttpRequest, error: DomainError) -> None:
    if isinstance(error, InvalidInput):
        for text in error.errors.values():
            messages.error(request, text)
    else:
        messages.error(request, error.text)


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = events_visible_to(request.user)
    if not (oversees_market(request.user) or buyer_of(request.user) or request.user.role == Role.PARTICIPANT):
        raise Http404
    return render(
        request,
        "market/event_list.html",
        {"page": page_of(events.order_by("-held_on", "-pk"), request.GET.get("page")),
         "organiser": organises_events(request.user)},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    if not organises_events(request.user):
        raise Http404
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.create_event(by=request.user, values=form.cleaned_data)
        except InvalidInput as error:
            for field, text in error.errors.items():
                form.add_error(field if field in form.fields else None, text)
        else:
            messages.success(request, _("The event is created. Register buyers and businesses."))
            return redirect("market:event_detail", event.pk)
    return render(request, "market/event_form.html", {"form": form})


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk)
    user = request.user
    mine = own_registration(user, event)
    organiser = organises_events(user)
    others = list(registrations_shown(user, event).exclude(pk=mine.pk if mine else None))
    scores = suggested(user, event)
    asked = set(mine.requests_made.values_list("target_id", flat=True)) if mine else set()
    others.sort(key=lambda r: (-scores.get(r.pk, -1.0), r.name))
    meetings = meetings_shown(user, event).order_by("slot", "table")
    context = {
        "event": event,
        "slots": [event.slot_time(s) for s in range(event.slots)],
        "mine": mine,
        "can_register": event.status == Event.Status.OPEN
        and (buyer_of(user) is not None or own_business(user) is not None),
        "register_form": RegisterForm(event=event, initial={"unavailable": mine.unavailable if mine else []}),
        "others": [(r, scores.get(r.pk), r.pk in asked) for r in others],
        "organiser": organiser,
        # A schedule whose meetings have outcomes is kept (actions.schedule_event): no button then.
        "outcomes_recorded": organiser and event.outcomes_recorded(),
        "oversees": oversees_market(user),
        "meetings": meetings[:200],
        "meeting_count": meetings.count(),
        "tables": range(1, event.tables + 1),
    }
    if event.status == Event.Status.OPEN:
        context.update({name: choices[:200] for name, choices in unregistered_for(user, event).items()})
    return render(request, "market/event_detail.html", context)


@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    """A buyer or a participant registers themselves; an organiser registers a buyer or a business."""
    event = get_event_for(request.user, pk)
    user, side = request.user, {}
    if organises_events(user):
        side = side_chosen(user, buyer=request.POST.get("buyer"), business=request.POST.get("business"))
        if not side or None in side.values():
            messages.error(request, _("Choose a buyer or a business from the list."))
            return redirect("market:event_detail", event.pk)
    elif (buyer := buyer_of(user)) is not None:
        side["buyer"] = buyer
    elif (business := own_business(user)) is not None:
        side["business"] = business
    else:
        raise Http404
    form = RegisterForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, _("Choose slots of this event."))
        return redirect("market:event_detail", event.pk)
    try:
        actions.register(event=event, by=user, unavailable=form.cleaned_data["unavailable"], **side)
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The registration is saved."))
    return redirect("market:event_detail", event.pk)


@require_POST
def event_request(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk)
    mine = own_registration(request.user, event)
    if mine is None:
        raise Http404
    target = registrations_shown(request.user, event).filter(pk=request.POST.get("target") or 0).first()
    if target is None:
        messages.error(request, _("Choose whom to meet from the list."))
        return redirect("market:event_detail", event.pk)
    try:
        actions.request_meeting(source=mine, target=target, by=request.user)
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Your request to meet %(name)s is saved.") % {"name": target.name})
    return redirect("market:event_detail", event.pk)


@require_POST
def event_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk)
    if not organises_events(request.user):
        raise Http404
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Confirm that the schedule is made now (registration then closes)."))
        return redirect("market:event_detail", event.pk)
    try:
        event = actions.schedule_event(event=event, by=request.user)
    except DomainError as error:
        _fail(request, error)
    else:
        proven = _("proven optimal") if event.optimal else _("the best found in the time allowed")
        messages.success(
            request,
            _("The schedule is made: %(meetings)s meetings, weight %(weight)s (%(proven)s).")
            % {"meetings": event.meetings.count(), "weight": event.weight, "proven": proven},
        )
    return redirect("market:event_detail", event.pk)


@require_POST
def event_send_agendas(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk)
    if not organises_events(request.user):
        raise Http404
    try:
        told = actions.send_agendas(event=event, by=request.user)
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The agendas are sent to %(told)s people.") % {"told": told})
    return redirect("market:event_detail", event.pk)


@require_GET
def my_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk)
    mine = own_registration(request.user, event)
    if mine is None or event.status == Event.Status.OPEN:
        raise Http404
    return _pdf(registrant_agenda(event, mine), f"agenda-{event.pk}-{mine.pk}.pdf")


@require_GET
def registrant_agenda_pdf(request: HttpRequest, pk: int, registration: int) -> HttpResponse:
    event = get_event_for(request.user, pk)
    if not oversees_market(request.user):
        raise Http404
    found = event.registrations.filter(pk=registration).select_related("business", "buyer").first()
    if found is None:
        raise Http404
    return _pdf(registrant_agenda(event, found), f"agenda-{event.pk}-{found.pk}.pdf")


@require_GET
def table_agenda_pdf(request: HttpRequest, pk: int, table: int) -> HttpResponse:
    event = get_event_for(request.user, pk)
    if not oversees_market(request.user) or not 1 <= table <= event.tables:
        raise Http404
    return _pdf(table_agenda(event, table), f"meja-{event.pk}-{table}.pdf")


@require_http_methods(["GET", "POST"])
def event_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    """The meetings the user sees, each with its outcome; the organisers and the meeting's two sides
    record it (a follow-up or a deal starts or moves the pair's deal)."""
    event = get_event_for(request.user, pk)
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose an outcome from the list."))
            return redirect("market:event_outcomes", event.pk)
        meeting = get_meeting_for(request.user, event, form.cleaned_data["meeting"])
        if not records_outcomes(request.user, meeting):
            raise Http404
        try:
            actions.record_outcome(meeting=meeting, outcome=form.cleaned_data["outcome"], by=request.user)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(
                request,
                _("Outcome of the meeting of %(business)s with %(buyer)s: %(outcome)s.")
                % {
                    "business": meeting.business.name,
                    "buyer": meeting.buyer.name,
                    "outcome": Meeting.Outcome(form.cleaned_data["outcome"]).label,
                },
            )
        return redirect(f"{request.path}?page={request.POST.get('page') or 1}#meeting-{meeting.pk}")
    page = page_of(meetings_shown(request.user, event).order_by("slot", "table"), request.GET.get("page"))
    rows = [
        (m, OutcomeForm(initial={"meeting": m.pk, "outcome": m.outcome}, auto_id=f"m{m.pk}_%s")) for m in page
    ]
    # Everything a registrant sees is their own meeting; the organisers record any.
    can_record = organises_events(request.user) or own_registration(request.user, event) is not None
    return render(
        request,
        "market/event_outcomes.html",
        {"event": event, "page": page, "rows": rows, "can_record": can_record},
    )
