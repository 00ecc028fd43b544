"""What each user may see of coaching. A counselor sees only the participants actively assigned to
them; national admins and auditors see every coached participant; a participant sees their own.
Anything else is missing (404), the same answer as for a record that does not exist."""

from datetime import timedelta

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import NOTHING
from wirausaha.reference.timezones import ZONE_NAMES, zone_for_region
from wirausaha.registry.models import Participant

from .models import (
    ActionItem,
    Assignment,
    AssignmentRun,
    BusinessPlan,
    ChangeRequest,
    CoachingSession,
    Counselor,
    MentoringLetter,
    Milestone,
)

NOT_SEEN_DAYS = 30
# Who manages counselor profiles: the ministry and its partner ministry.
COUNSELOR_MANAGERS = frozenset({Role.NATIONAL_ADMIN, Role.MINISTRY_PARTNER})
COUNSELOR_READERS = COUNSELOR_MANAGERS | {Role.AUDITOR}
OVERSEERS = frozenset({Role.NATIONAL_ADMIN, Role.AUDITOR})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def manages_counselors(user: User) -> bool:
    return _active(user) and user.role in COUNSELOR_MANAGERS


def reads_counselors(user: User) -> bool:
    return _active(user) and user.role in COUNSELOR_READERS


def assigns_counselors(user: User) -> bool:
    """Assignment runs, reassignments and change requests: national admins."""
    return _active(user) and user.role == Role.NATIONAL_ADMIN


def oversees_coaching(user: User) -> bool:
    return _active(user) and user.role in OVERSEERS


def is_counselor(user: User) -> bool:
    return _active(user) and user.role == Role.COUNSELOR


def counselor_of(user: User) -> Counselor | None:
    if not is_counselor(user):
        return None
    return Counselor.objects.filter(user=user).first()


def counselors_visible_to(user: User) -> QuerySet[Counselor]:
    if reads_counselors(user):
        return Counselor.objects.select_related("user", "base_district")
    if is_counselor(user):
        return Counselor.objects.filter(user=user).select_related("user", "base_district")
    return Counselor.objects.none()


def get_counselor_for(user: User, pk: int) -> Counselor:
    counselor = counselors_visible_to(user).filter(pk=pk).first()
    if counselor is None:
        raise Http404
    return counselor


def coached_q(user: User, prefix: str = "") -> Q:
    """Participants in the user's coaching scope, as a filter on Participant (with `prefix`)."""
    if not _active(user):
        return NOTHING
    if user.role in OVERSEERS:
        return Q(**{f"{prefix}coaching_assignments__isnull": False})
    if user.role == Role.COUNSELOR:
        return Q(
            **{
                f"{prefix}coaching_assignments__status": Assignment.Status.ACTIVE,
                f"{prefix}coaching_assignments__counselor__user": user,
            }
        )
    if user.role == Role.PARTICIPANT:
        return Q(**{f"{prefix}user_id": user.pk})
    return NOTHING


def coached_participants(user: User) -> QuerySet[Participant]:
    return Participant.objects.filter(coached_q(user)).distinct()


def get_coached_participant(user: User, pk: int) -> Participant:
    """One participant in the user's coaching scope, else 404 (missing and not yours alike)."""
    participant = coached_participants(user).filter(pk=pk).select_related("domicile").first()
    if participant is None:
        raise Http404
    return participant


def active_assignment_of(participant: Participant) -> Assignment | None:
    return (
        Assignment.objects.filter(participant=participant, status=Assignment.Status.ACTIVE)
        .select_related("counselor__user", "counselor__base_district")
        .first()
    )


def zone_of(participant: Participant):
    """The participant's time zone name (Asia/Jakarta...), from their domicile's province."""
    return ZONE_NAMES[zone_for_region(participant.domicile_id)]


def caseload(user: User, *, now=None) -> QuerySet[Participant]:
    """The coached participants with, per person: the last held session, open overdue items, the
    plan's status and the number of milestones. Annotated in one query."""
    now = now or timezone.now()
    held = CoachingSession.objects.filter(participant=OuterRef("pk"), status=CoachingSession.Status.HELD)
    plan = BusinessPlan.objects.filter(participant=OuterRef("pk"))
    return (
        coached_participants(user)
        .annotate(
            last_contact=Subquery(held.order_by("-starts_at").values("starts_at")[:1]),
            plan_status=Subquery(plan.values("status")[:1]),
            overdue=Count(
                "action_items",
                filter=Q(action_items__status=ActionItem.Status.OPEN, action_items__due_on__lt=now.date()),
                distinct=True,
            ),
            milestones_reached=Count("milestones", distinct=True),
            next_session=Subquery(
                CoachingSession.objects.filter(
                    participant=OuterRef("pk"), status=CoachingSession.Status.PLANNED, starts_at__gte=now
                )
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
        )
        .order_by("full_name", "pk")
    )


def not_seen_since(now=None):
    return (now or timezone.now()) - timedelta(days=NOT_SEEN_DAYS)


def sessions_of(participant: Participant) -> QuerySet[CoachingSession]:
    return participant.coaching_sessions.select_related("counselor__user").order_by("-starts_at")


def sessions_visible_to(user: User) -> QuerySet[CoachingSession]:
    return CoachingSession.objects.filter(coached_q(user, "participant__")).select_related(
        "counselor__user", "participant"
    )


def get_session_for(user: User, pk: int) -> CoachingSession:
    session = sessions_visible_to(user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def action_items_of(participant: Participant) -> QuerySet[ActionItem]:
    return participant.action_items.order_by("status", "due_on", "pk")


def get_action_item_for(user: User, pk: int) -> ActionItem:
    item = ActionItem.objects.filter(coached_q(user, "participant__"), pk=pk).distinct().first()
    if item is None:
        raise Http404
    return item


def milestones_of(participant: Participant) -> list[Milestone]:
    return list(participant.milestones.order_by("reached_on", "pk"))


def plan_of(participant: Participant) -> BusinessPlan | None:
    return BusinessPlan.objects.filter(participant=participant).first()


def runs_visible_to(user: User) -> QuerySet[AssignmentRun]:
    if oversees_coaching(user):
        return AssignmentRun.objects.select_related("wave", "created_by")
    return AssignmentRun.objects.none()


def get_run_for(user: User, pk: int) -> AssignmentRun:
    run = runs_visible_to(user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def assignments_visible_to(user: User) -> QuerySet[Assignment]:
    if oversees_coaching(user):
        found = Assignment.objects.all()
    elif is_counselor(user):
        found = Assignment.objects.filter(counselor__user=user, status=Assignment.Status.ACTIVE)
    elif _active(user) and user.role == Role.PARTICIPANT:
        found = Assignment.objects.filter(participant__user=user, status=Assignment.Status.ACTIVE)
    else:
        found = Assignment.objects.none()
    return found.select_related("participant", "counselor__user")


def change_requests_visible_to(user: User) -> QuerySet[ChangeRequest]:
    if oversees_coaching(user):
        return ChangeRequest.objects.select_related(
            "assignment__participant", "assignment__counselor__user", "requested_by"
        )
    return ChangeRequest.objects.none()


def get_change_request_for(user: User, pk: int) -> ChangeRequest:
    request = change_requests_visible_to(user).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def active_counts(counselor_ids) -> dict[int, int]:
    rows = (
        Assignment.objects.filter(counselor_id__in=list(counselor_ids), status=Assignment.Status.ACTIVE)
        .values("counselor_id")
        .annotate(n=Count("pk"))
    )
    return {row["counselor_id"]: row["n"] for row in rows}


def last_contact_of(participant: Participant):
    return (
        participant.coaching_sessions.filter(status=CoachingSession.Status.HELD)
        .aggregate(last=Max("starts_at"))
        .get("last")
    )


def letters_of(participant: Participant) -> QuerySet[MentoringLetter]:
    letters = MentoringLetter.objects.filter(participant=participant)
    return letters.select_related("document", "counselor__user")


def get_letter_for(user: User, pk: int) -> MentoringLetter:
    """A mentoring letter of a participant in the user's coaching scope (their own, for a
    participant), not revoked; else 404, the same as for a letter that does not exist."""
    letter = (
        MentoringLetter.objects.filter(
            pk=pk, participant__in=coached_participants(user), document__revoked_at__isnull=True
        )
        .select_related("document", "participant")
        .first()
    )
    if letter is None:
        raise Http404
    return letter
