"""The probable-duplicate pairs a user may see: both records in the user's scope."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import User
from wirausaha.accounts.scoping import participant_q, works_with_participants

from ..models import DuplicateCandidate
from ..queries import participants_visible_to


def duplicate_candidates_visible_to(user: User) -> QuerySet[DuplicateCandidate]:
    """Pairs whose two records the user may both see (so none with a merged record), open ones
    first, then by score. The scope is checked on each pair's two records (two key lookups per
    pair, along the list's index) rather than against the set of every record in scope."""
    if not works_with_participants(user):
        return DuplicateCandidate.objects.none()
    return (
        DuplicateCandidate.objects.filter(
            participant_q(user, "first__"),
            participant_q(user, "second__"),
            first__merged_into__isnull=True,
            second__merged_into__isnull=True,
        )
        .select_related("first__domicile", "second__domicile", "decided_by")
        .order_by("-is_open", "-score", "id")
    )


def waiting_for_duplicate_check(user: User) -> int:
    """How many records the user may see still wait for their duplicate check."""
    if not works_with_participants(user):
        return 0
    return participants_visible_to(user).filter(duplicates_checked_at__isnull=True).count()


def get_candidate_for(user: User, candidate_id: int) -> DuplicateCandidate:
    """One pair, or 404 when missing or when either record is out of the user's scope."""
    return get_object_or_404(duplicate_candidates_visible_to(user), pk=candidate_id)
