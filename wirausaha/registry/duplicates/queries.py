"""The probable-duplicate pairs a user may see: both records in the user's scope."""

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import User
from wirausaha.accounts.scoping import works_with_participants

from ..models import DuplicateCandidate
from ..queries import participants_visible_to


def duplicate_candidates_visible_to(user: User) -> QuerySet[DuplicateCandidate]:
    """Pairs whose two records the user may both see (so none with a merged record), open ones
    first, then by score."""
    if not works_with_participants(user):
        return DuplicateCandidate.objects.none()
    visible = participants_visible_to(user).values("pk")
    return (
        DuplicateCandidate.objects.filter(first__in=visible, second__in=visible)
        .select_related("first__domicile", "second__domicile", "decided_by")
        .annotate(
            open_first=Case(
                When(status=DuplicateCandidate.Status.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("open_first", "-score", "id")
    )


def waiting_for_duplicate_check(user: User) -> int:
    """How many records the user may see still wait for their duplicate check."""
    if not works_with_participants(user):
        return 0
    return participants_visible_to(user).filter(duplicates_checked_at__isnull=True).count()


def get_candidate_for(user: User, candidate_id: int) -> DuplicateCandidate:
    """One pair, or 404 when missing or when either record is out of the user's scope."""
    return get_object_or_404(duplicate_candidates_visible_to(user), pk=candidate_id)
