from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import User
from wirausaha.accounts.scoping import participant_q

from .models import Participant


def participants_visible_to(user: User) -> QuerySet[Participant]:
    """Participants within the user's scope (see accounts.scoping.participant_q)."""
    return Participant.objects.filter(participant_q(user), merged_into__isnull=True).select_related(
        "domicile", "domicile__parent", "domicile__parent__parent"
    )


def get_participant_for(user: User, participant_id: int) -> Participant:
    """One participant, or 404 when missing or out of scope (the two look the same)."""
    return get_object_or_404(participants_visible_to(user), pk=participant_id)


def search_participants(user: User, query: str) -> QuerySet[Participant]:
    """Scoped search by NIK (exact or prefix) or by name."""
    participants = participants_visible_to(user)
    query = query.strip()
    if not query:
        return participants
    if query.isdigit():
        return participants.filter(nik__startswith=query)
    return participants.filter(Q(full_name__icontains=query))
