"""Who may see which certificates, and the public check by code.

The holder, national admins and the operators of the issuing centre see a certificate (and may
download it); nobody else does, which the interfaces show as 404. The public check shows only what
is needed to compare it with the paper: never the NIK, phone or birth date.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import NOTHING

from .models import Certificate

# What the public check reads: the certificate's own snapshot, nothing of the participant's record.
PUBLIC_FIELDS = (
    "id",
    "code",
    "number",
    "holder_name",
    "course_title",
    "centre_name",
    "hours_jp",
    "starts_on",
    "ends_on",
    "issued_at",
    "revoked_at",
    "cohort__centre__region",  # for the centre's time zone
)


def _certificates_q(user: User) -> Q:
    if not (user and user.is_authenticated and user.is_active):
        return NOTHING
    if user.role == Role.NATIONAL_ADMIN:
        return Q()
    if user.role == Role.CENTRE_OPERATOR and user.organisation_id:
        return Q(cohort__centre__organisation_id=user.organisation_id)
    if user.role == Role.PARTICIPANT:
        return Q(enrolment__participant__user_id=user.pk)
    return NOTHING


def certificates_visible_to(user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(_certificates_q(user)).select_related(
        "cohort", "cohort__centre", "cohort__course"
    )


def get_certificate_for(user: User, code: str) -> Certificate:
    """One certificate by its code, or 404 when missing or not the user's to see."""
    return get_object_or_404(
        certificates_visible_to(user).select_related("enrolment__participant"), code=code
    )


def own_certificates(user: User) -> QuerySet[Certificate]:
    """A participant's own certificates, newest first."""
    if user.role != Role.PARTICIPANT:
        return Certificate.objects.none()
    return certificates_visible_to(user).order_by("-issued_at", "-id")


def search_certificates(user: User, *, query: str = "", status: str = "") -> QuerySet[Certificate]:
    """Scoped list for staff: by holder's name, number or cohort code; valid, revoked or not drawn yet."""
    certificates = certificates_visible_to(user).order_by("-issued_at", "-id")
    query = query.strip()
    if query:
        certificates = certificates.filter(
            Q(holder_name__icontains=query) | Q(number__icontains=query) | Q(cohort__code__iexact=query)
        )
    if status == "valid":
        certificates = certificates.filter(revoked_at__isnull=True)
    elif status == "revoked":
        certificates = certificates.filter(revoked_at__isnull=False)
    elif status == "pending":
        certificates = certificates.filter(revoked_at__isnull=True, rendered_at__isnull=True)
    return certificates


def certificate_by_code(code: str) -> Certificate | None:
    """The public check: the certificate with exactly this code, or None. Every code, well-formed or
    not, is one lookup on the unique index: the same time, and nothing said about near matches."""
    return Certificate.objects.select_related("cohort__centre").only(*PUBLIC_FIELDS).filter(code=code).first()
