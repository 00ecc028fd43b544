"""What each user may see. The one place that turns a role and a scope into a filter: every
query of personal data in every app builds on these functions.

A filter that matches nothing is `Q(pk__in=[])`; an out-of-scope record is then simply missing,
which the interfaces show as 404.
"""

from django.db.models import Q

from .models import ORGANISATION_ROLES, REGION_ROLES, Role, User

NOTHING = Q(pk__in=[])

# Roles that see every region's records.
NATIONWIDE_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.AUDITOR})
# Roles that may read personal identifiers (NIK, phone) unmasked: those who verify identities.
UNMASKED_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.PROVINCIAL_OFFICER, Role.REGENCY_OFFICER})
# Roles that may read the audit trail.
AUDIT_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.AUDITOR})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def region_q(user: User, field: str) -> Q:
    """Rows whose region `field` (a Region foreign key) lies inside the user's scope region."""
    if not _active(user):
        return NOTHING
    if user.role in NATIONWIDE_ROLES:
        return Q()
    if user.role in REGION_ROLES and user.scope_region_id:
        code = user.scope_region_id
        return Q(**{f"{field}_id": code}) | Q(**{f"{field}__code__startswith": f"{code}."})
    return NOTHING


def in_region_scope(user: User, code: str) -> bool:
    """Is the region `code` (dotted) inside the user's scope region? Nationwide roles: always."""
    if not _active(user):
        return False
    if user.role in NATIONWIDE_ROLES:
        return True
    scope = user.scope_region_id if user.role in REGION_ROLES else None
    return bool(scope) and (code == scope or code.startswith(f"{scope}."))


def organisation_q(user: User, field: str) -> Q:
    """Rows that belong to the user's organisation (`field` is an Organisation foreign key)."""
    if not _active(user):
        return NOTHING
    if user.role in NATIONWIDE_ROLES:
        return Q()
    if user.role in ORGANISATION_ROLES and user.organisation_id:
        return Q(**{f"{field}_id": user.organisation_id})
    return NOTHING


def participant_q(user: User, prefix: str = "") -> Q:
    """Participants the user may see: nationwide roles all, officers their region's domiciles,
    a participant only themself. Roles that work with assigned participants (centres, trainers,
    counselors, partners) gain access through the records that assign them, in later stages."""
    if not _active(user):
        return NOTHING
    if user.role in NATIONWIDE_ROLES:
        return Q()
    if user.role in REGION_ROLES:
        return participant_region_q(user.scope_region_id, prefix) if user.scope_region_id else NOTHING
    if user.role == Role.PARTICIPANT:
        return Q(**{f"{prefix}user_id": user.pk})
    return NOTHING


# A province's code has 2 characters, a regency's 5: the columns where records keep each.
REGION_COLUMNS = {2: "province_code", 5: "regency_code"}


def kept_region_q(user: User) -> Q | None:
    """A labour office's scope on a record that keeps the person's `province_code` and
    `regency_code` itself (a participant, an enrolment, a placement): equality on its own column.
    None when the user is not an office of a whole province or regency."""
    code = (user.scope_region_id or "") if _active(user) and user.role in REGION_ROLES else ""
    column = REGION_COLUMNS.get(len(code))
    return Q(**{column: code}) if column else None


def participant_region_q(code: str, prefix: str = "") -> Q:
    """Participants living in the region `code` (dotted): a province or a regency by the record's
    own province or regency column (equality, the first column of the lists' indexes), a district
    or a village by the domicile code's prefix (Django reads the code from the record: no join)."""
    column = REGION_COLUMNS.get(len(code))
    if column:
        return Q(**{f"{prefix}{column}": code})
    return Q(**{f"{prefix}domicile_id": code}) | Q(**{f"{prefix}domicile__code__startswith": f"{code}."})


def verifies_participants(user: User) -> bool:
    """National admins and labour-office officers verify registrations and import lists."""
    return _active(user) and (user.role == Role.NATIONAL_ADMIN or user.role in REGION_ROLES)


def sees_identifiers(user: User) -> bool:
    """May this user read NIK and phone numbers of other people unmasked?"""
    return _active(user) and user.role in UNMASKED_ROLES


def reads_audit_trail(user: User) -> bool:
    return _active(user) and user.role in AUDIT_ROLES


def works_with_participants(user: User) -> bool:
    """Roles that have a participant list to work through."""
    return _active(user) and (user.role in NATIONWIDE_ROLES or user.role in REGION_ROLES)
