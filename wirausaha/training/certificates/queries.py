"""Who may see which certificates.

The holder, national admins and the operators of the issuing centre see a certificate (and may
download it); nobody else does, which the interfaces show as 404. The public check by code is
documents' (documents/queries.py).
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import NOTHING

from ..models import Certificate


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
        "document", "cohort", "cohort__centre", "cohort__course"
    )


def get_certificate_for(user: User, code: str) -> Certificate:
    """One certificate by its code, or 404 when missing or not the user's to see."""
    return get_object_or_404(
        certificates_visible_to(user).select_related("enrolment__participant"), document__code=code
    )


def own_certificates(user: User) -> QuerySet[Certificate]:
    """A participant's own certificates, newest first."""
    if user.role != Role.PARTICIPANT:
        return Certificate.objects.none()
    return certificates_visible_to(user).order_by("-document__issued_at", "-id")


def search_certificates(user: User, *, query: str = "", status: str = "") -> QuerySet[Certificate]:
    """Scoped list for staff: by holder's name, number or cohort code; valid, revoked or not drawn yet.
    Newest first by the certificate's own key, which its primary key's index serves: a certificate
    is written when it is issued, so that is the order of issue, where the document's issue time
    (another table) would sort every certificate in scope to show 50."""
    certificates = certificates_visible_to(user).order_by("-id")
    query = query.strip()
    if query:
        certificates = certificates.filter(
            Q(document__holder_name__icontains=query)
            | Q(document__number__icontains=query)
            | Q(cohort__code__iexact=query)
        )
    if status == "valid":
        certificates = certificates.filter(document__revoked_at__isnull=True)
    elif status == "revoked":
        certificates = certificates.filter(document__revoked_at__isnull=False)
    elif status == "pending":
        certificates = certificates.filter(
            document__revoked_at__isnull=True, document__rendered_at__isnull=True
        )
    return certificates


def valid_certificate_of(enrolment) -> Certificate | None:
    """The enrolment's certificate unless it was revoked."""
    return (
        Certificate.objects.filter(enrolment=enrolment, document__revoked_at__isnull=True)
        .select_related("document")
        .first()
    )
