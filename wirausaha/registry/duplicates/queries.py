"""The probable-duplicate pairs a user may see: both records in the user's scope."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import User
from wirausaha.accounts.scoping import NATIONWIDE_ROLES, kept_region_q, works_with_participants

from ..models import DuplicateCandidate
from ..queries import participants_visible_to


def duplicate_candidates_visible_to(user: User) -> QuerySet[DuplicateCandidate]:
    """Pairs whose two records the user may both see (so none with a merged record), open ones
    first, then by score. A labour office's scope is a whole province or regency (accounts.models
    checks it), so the pair's own columns answer it: `listed` and the shared province or regency,
    one partial index in the list's order (see DuplicateCandidate.Meta), where checking the scope
    on each pair's two records would join the registry twice for every pair."""
    if not works_with_participants(user):
        return DuplicateCandidate.objects.none()
    scope = Q() if user.role in NATIONWIDE_ROLES else kept_region_q(user)
    if scope is None:
        return DuplicateCandidate.objects.none()
    return (
        DuplicateCandidate.objects.filter(scope, listed=True)
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
