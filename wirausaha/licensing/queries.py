"""What each user may see of businesses and their checklists. A participant sees their own; their
counselor (an active coaching assignment) sees their clients'; a labour office sees the businesses
of participants living in its region; national admins and auditors see all. Anything else is
missing (404), the same answer as for a record that does not exist."""

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import NATIONWIDE_ROLES, NOTHING, REGION_ROLES, participant_q
from wirausaha.coaching.queries import coached_q
from wirausaha.registry.models import Participant

from .models import Business, ChecklistItem, LicensingRule

OPEN = Q(closed_on__isnull=True)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def business_q(user: User, prefix: str = "") -> Q:
    """Businesses in the user's reach, as a filter on Business (with `prefix`)."""
    if not _active(user):
        return NOTHING
    owner = f"{prefix}participant__"
    if user.role in NATIONWIDE_ROLES or user.role in REGION_ROLES:
        return participant_q(user, owner)
    if user.role == Role.COUNSELOR:
        return coached_q(user, owner)
    if user.role == Role.PARTICIPANT:
        return Q(**{f"{owner}user_id": user.pk})
    return NOTHING


def works_with_businesses(user: User) -> bool:
    """Those with a list of businesses to work through: counselors, labour offices, national
    admins and auditors."""
    return _active(user) and (
        user.role in NATIONWIDE_ROLES or user.role in REGION_ROLES or user.role == Role.COUNSELOR
    )


def verifies_nib(user: User) -> bool:
    """Who verifies a declared NIB: a labour office (within its region) or a national admin."""
    return _active(user) and (user.role == Role.NATIONAL_ADMIN or user.role in REGION_ROLES)


def manages_rules(user: User) -> bool:
    return _active(user) and user.role == Role.NATIONAL_ADMIN


def reads_rules(user: User) -> bool:
    return _active(user) and user.role in NATIONWIDE_ROLES


def is_counselor(user: User) -> bool:
    return _active(user) and user.role == Role.COUNSELOR


def is_participant(user: User) -> bool:
    return _active(user) and user.role == Role.PARTICIPANT


def businesses_visible_to(user: User) -> QuerySet[Business]:
    scope = business_q(user)
    if scope == NOTHING:
        return Business.objects.none()
    found = Business.objects.filter(scope)
    if user.role == Role.COUNSELOR:
        # Several assignment rows may match the join; keep each business once.
        found = Business.objects.filter(pk__in=found.values("pk"))
    return found.select_related("participant")


def get_business_for(user: User, pk: int) -> Business:
    business = businesses_visible_to(user).filter(pk=pk).first()
    if business is None:
        raise Http404
    return business


def business_of(participant: Participant) -> Business | None:
    """The participant's current business: the oldest one not closed."""
    return Business.objects.filter(OPEN, participant=participant).order_by("created_at", "pk").first()


def own_participant(user: User) -> Participant | None:
    if not is_participant(user):
        return None
    return Participant.objects.filter(user=user).first()


def items_of(business: Business) -> QuerySet[ChecklistItem]:
    return business.checklist_items.select_related("rule").order_by("-required", "order", "pk")


def items_visible_to(user: User) -> QuerySet[ChecklistItem]:
    scope = business_q(user, "business__")
    if scope == NOTHING:
        return ChecklistItem.objects.none()
    found = ChecklistItem.objects.filter(scope)
    if user.role == Role.COUNSELOR:
        found = ChecklistItem.objects.filter(pk__in=found.values("pk"))
    return found.select_related("business", "rule")


def get_item_for(user: User, pk: int) -> ChecklistItem:
    item = items_visible_to(user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def certificates_of(business: Business) -> list[tuple[str, date | None]]:
    """(kind, valid_until) of each item done; the NIB is included (valid_until None) once recorded."""
    found: list[tuple[str, date | None]] = []
    if business.nib:
        found.append((ChecklistItem.Kind.NIB.value, None))
    for kind, valid_until in (
        business.checklist_items.filter(status=ChecklistItem.Status.DONE)
        .exclude(kind=ChecklistItem.Kind.NIB)
        .order_by("order", "pk")
        .values_list("kind", "valid_until")
    ):
        found.append((kind, valid_until))
    return found


def nib_queue(user: User) -> QuerySet[Business]:
    """Declared NIBs waiting for an officer, in the officer's region; warnings first."""
    if not verifies_nib(user):
        return Business.objects.none()
    return (
        businesses_visible_to(user)
        .filter(nib_status=Business.NibStatus.DECLARED)
        .order_by("-nib_warning", "nib_declared_at", "pk")
    )


def in_nib_scope(user: User, business: Business) -> bool:
    """May `user` verify this business's NIB? A national admin, or a labour office whose region
    holds the participant's domicile."""
    return verifies_nib(user) and businesses_visible_to(user).filter(pk=business.pk).exists()


def get_queued_business_for(user: User, pk: int) -> Business:
    business = nib_queue(user).filter(pk=pk).first()
    if business is None:
        raise Http404
    return business


def other_nibs_of_nik(nik: str, *, exclude_business: int | None = None) -> QuerySet[Business]:
    """Businesses of any participant record with this NIK that already carry an NIB."""
    found = Business.objects.filter(participant__nik=nik).exclude(nib="")
    if exclude_business is not None:
        found = found.exclude(pk=exclude_business)
    return found


def rules_visible_to(user: User) -> QuerySet[LicensingRule]:
    if reads_rules(user):
        return LicensingRule.objects.all()
    return LicensingRule.objects.none()


def get_rule_for(user: User, pk: int) -> LicensingRule:
    rule = rules_visible_to(user).filter(pk=pk).first()
    if rule is None:
        raise Http404
    return rule
