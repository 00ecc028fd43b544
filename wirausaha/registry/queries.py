from django.db.models import QuerySet, Value
from django.db.models.functions import StrIndex, Upper
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.accounts.scoping import (
    in_region_scope,
    participant_q,
    participant_region_q,
    verifies_participants,
)
from wirausaha.common.errors import InvalidInput

from .models import NikChangeRequest, Participant, Verification


def participants_visible_to(user: User, within: str = "") -> QuerySet[Participant]:
    """Participants within the user's scope (see accounts.scoping.participant_q), and within the
    region `within` when one is given. A region inside the scope replaces the scope's filter,
    which it implies: a province office's list of one of its regencies is then the regency's
    index alone, where both conditions would make PostgreSQL visit the table for the province."""
    scope = participant_q(user)
    if within:
        scope = (
            participant_region_q(within)
            if in_region_scope(user, within)
            else scope & participant_region_q(within)
        )
    return Participant.objects.filter(scope, merged_into__isnull=True).select_related(
        "domicile", "domicile__parent", "domicile__parent__parent"
    )


def get_participant_for(user: User, participant_id: int) -> Participant:
    """One participant, or 404 when missing or out of scope (the two look the same)."""
    return get_object_or_404(participants_visible_to(user), pk=participant_id)


def get_own_participant(user: User) -> Participant:
    """The signed-in person's own record, looked up through the scoped query by their account: 404
    for anyone without one (an officer or a partner)."""
    participant = participants_visible_to(user).filter(user_id=user.pk).first()
    if participant is None:
        raise Http404
    return participant


def pending_nik_change_of(participant: Participant) -> NikChangeRequest | None:
    """The participant's own request of a NIK change that waits for the labour office, if any."""
    return participant.nik_changes.filter(status=NikChangeRequest.Status.PENDING).first()


# A part of a name shorter than this would match most of the registry and no index can find it.
NAME_SEARCH_MIN = 3


def search_participants(user: User, query: str, *, within: str = "") -> QuerySet[Participant]:
    """Scoped search by NIK (exact or prefix) or by part of a name (at least NAME_SEARCH_MIN
    characters; InvalidInput on `q` otherwise). Names are ranked: those starting with the text typed
    first, then by name. On PostgreSQL the trigram index on the name finds the matches; an order
    that the name's B-tree index could serve would instead make the planner walk that index row by
    row, which for a rare name means reading most of the registry."""
    participants = participants_visible_to(user, within)
    query = " ".join(query.split())
    if not query:
        return participants
    if query.isdigit():
        return participants.filter(nik__startswith=query)
    if len(query) < NAME_SEARCH_MIN:
        raise InvalidInput(
            {
                "q": _("Type at least %(count)d letters of the name, or digits of the NIK.")
                % {"count": NAME_SEARCH_MIN}
            }
        )
    # An annotation rather than an expression in the order, so that the API's cursor can follow it.
    match_at = StrIndex(Upper("full_name"), Value(query.upper()))
    return (
        participants.filter(full_name__icontains=query)
        .annotate(match_at=match_at)
        .order_by("match_at", "full_name", "id")
    )


def search_participants_filtered(
    user: User, *, query: str = "", region: str = "", verification: str = ""
) -> QuerySet[Participant]:
    """Scoped search with the list filters: a region code prefix and a verification state."""
    participants = search_participants(user, query, within=region)
    if verification:
        participants = participants.filter(verification=verification)
    return participants


def verification_queue(user: User) -> QuerySet[Participant]:
    """Registrations waiting for the user's decision: flagged NIKs and probable duplicates first,
    then the oldest. Withdrawn consent takes a record out of the queue."""
    if not verifies_participants(user):
        return Participant.objects.none()
    # `review_rank` is the queue's order (probable duplicates, then flagged NIKs), kept in the
    # record; with the scope's equality it is the order of one partial index (Participant.Meta).
    return (
        participants_visible_to(user)
        .filter(verification=Verification.PENDING, consent_withdrawn_at__isnull=True)
        .order_by("-review_rank", "created_at", "id")
    )


def nik_changes_waiting_for(user: User) -> QuerySet[NikChangeRequest]:
    if not verifies_participants(user):
        return NikChangeRequest.objects.none()
    return NikChangeRequest.objects.filter(
        status=NikChangeRequest.Status.PENDING, participant__in=participants_visible_to(user)
    ).select_related("participant")


def get_nik_change_for(user: User, change_id: int) -> NikChangeRequest:
    return get_object_or_404(nik_changes_waiting_for(user), pk=change_id)
