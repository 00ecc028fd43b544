"""After the schedule: the agendas sent to every registrant, and the outcome of each meeting, which
feeds the deal between its buyer and business (interest, a follow-up or a deal starts one, or moves
the open one forward; a deal is never moved back; "not interested" and a no-show leave deals alone)."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.notifications.events import Event as Notice

from ..models import Deal, Event, Meeting, Registration
from .deals import FINAL, ORDER, advance_deal, start_deal

OUTCOMES = tuple(outcome for outcome in Meeting.Outcome if outcome.value)
# The least step the deal of a meeting with this outcome has reached.
DEAL_STEP = {
    Meeting.Outcome.INTERESTED: Deal.Status.MET,
    Meeting.Outcome.FOLLOW_UP: Deal.Status.MET,
    Meeting.Outcome.DEAL: Deal.Status.NEGOTIATING,
}


def people_of(registration: Registration) -> list[User]:
    """Who hears about a registration: the business's participant, or the buyer's active users."""
    if registration.business_id:
        user = registration.business.participant.user
        return [user] if user and user.is_active else []
    return list(
        User.objects.filter(
            organisation_id=registration.buyer.organisation_id, role=Role.MARKET_PARTNER, is_active=True
        ).order_by("pk")
    )


@transaction.atomic
def send_agendas(*, event: Event, by: User | None) -> int:
    """Tell every registrant that their agenda (their meetings: time, table, the other side) is
    ready, through the notifications outbox; the number of people told. Again after a new schedule:
    told again."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.OPEN:
        raise InvalidInput({"event": _("Run the scheduler before sending the agendas.")})
    meetings: dict[int, int] = {}
    for business_id, buyer_id in event.meetings.values_list("business_id", "buyer_id"):
        meetings[business_id] = meetings.get(business_id, 0) + 1
        meetings[buyer_id] = meetings.get(buyer_id, 0) + 1
    told = 0
    registrations = event.registrations.select_related(
        "business__participant__user", "buyer__organisation"
    ).order_by("pk")
    for registration in registrations:
        for user in people_of(registration):
            with in_recipients_language(user):
                held_on = date_format(event.held_on, "j F Y")
            notify(
                user,
                event=Notice.AGENDA_READY,
                params={"event": event.name, "date": held_on, "meetings": meetings.get(registration.pk, 0)},
            )
            told += 1
    event.agendas_sent_at = timezone.now()
    event.save(update_fields=["agendas_sent_at", "updated_at"])
    record_event(by, "market_event.agendas_sent", event, changes={"told": [None, told]})
    return told


def _open_deal(meeting: Meeting) -> Deal | None:
    return (
        Deal.objects.filter(buyer_id=meeting.buyer.buyer_id, business_id=meeting.business.business_id)
        .exclude(status__in=FINAL)
        .order_by("-meeting_id", "-pk")
        .first()
    )


@transaction.atomic
def record_outcome(*, meeting: Meeting, outcome: str, by: User | None) -> Meeting:
    """Record how the meeting went (met, no-show, follow-up, deal). A follow-up or a deal starts the
    pair's deal from the meeting when they have none open; the open deal moves up to met (met,
    follow-up) or negotiating (deal), never back. The contract itself is recorded on the deal."""
    if outcome not in OUTCOMES:
        raise InvalidInput({"outcome": _("Choose an outcome from the list.")})
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("event", "business", "buyer")
        .get(pk=meeting.pk)
    )
    if meeting.event.status == Event.Status.OPEN:
        raise InvalidInput({"outcome": _("The event has no schedule yet.")})
    before = meeting.outcome
    meeting.outcome = outcome
    meeting.save(update_fields=["outcome"])
    record_event(by, "market_meeting.outcome", meeting, changes={"outcome": [before, outcome]})
    wanted = DEAL_STEP.get(outcome)
    if wanted is None:
        return meeting
    deal = _open_deal(meeting)
    if deal is None:
        deal = start_deal(
            buyer=meeting.buyer.buyer, business=meeting.business.business, meeting=meeting, by=by
        )
    if deal.meeting_id is None:
        deal.meeting = meeting
        deal.save(update_fields=["meeting", "updated_at"])
    for step in ORDER[ORDER.index(deal.status) + 1 : ORDER.index(wanted) + 1]:
        deal = advance_deal(deal=deal, to=step, by=by)
    return meeting
