"""Certificates: issued to each graduate at once through documents (numbered, coded, drawn as a PDF
in the background, checked by anyone at /verify/<code>), and revoked (audited) when one was issued
by mistake. What is training's is here: who graduates, and what the certificate says of the course.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.allocation.queries import cohort_roster
from wirausaha.centres.models import Cohort
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput, PermissionDenied
from wirausaha.common.masking import mask_nik
from wirausaha.documents import actions as documents
from wirausaha.documents.models import Document
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.programs.models import Enrolment, EnrolmentState
from wirausaha.reference.timezones import ZONE_NAMES, zone_for_region

from ..models import Certificate
from .facts import certificate_facts


class NotGraduated(DomainError):
    code = "not_graduated"


class NotInCohort(DomainError):
    code = "not_in_cohort"


class AlreadyRevoked(documents.AlreadyRevoked):
    pass


def _cohort_facts(cohort: Cohort) -> dict:
    """What every certificate of a cohort says besides the name. The hours are those scheduled in
    the cohort's sessions, or the course's hours when it has no sessions."""
    cohort = Cohort.objects.select_related("centre", "course").get(pk=cohort.pk)
    scheduled = cohort.sessions.aggregate(total=Sum("jp"))["total"]
    return {
        "cohort": cohort,
        "course_title": cohort.course.title,
        "centre_name": cohort.centre.name,
        "hours_jp": scheduled or cohort.course.total_jp,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
    }


def _draft(enrolment: Enrolment, centre, facts: dict) -> documents.Draft:
    """The holder's certificate: their name and masked NIK, the course, and the centre's head as
    signatory, in the language of the holder's account (Indonesian without one)."""
    participant = enrolment.participant
    user = participant.user if participant.user_id else None
    return documents.Draft(
        kind=Document.Kind.CERTIFICATE,
        holder_name=participant.full_name,
        title=facts["course_title"],
        facts=certificate_facts(
            **facts,
            holder_identifier=mask_nik(participant.nik),
            signatory_name=centre.head_name.strip(),
            signatory_title=centre.head_title.strip(),
        ),
        organisation_id=centre.organisation_id,
        time_zone=ZONE_NAMES[zone_for_region(centre.region_id)],
        series=centre.pk,
        language=getattr(user, "language", "") or settings.LANGUAGE_CODE,
    )


def _tell_holder(user: User, certificate: Certificate) -> None:
    with in_recipients_language(user):
        subject = _("Your certificate is ready")
        body = _(
            "Congratulations on completing %(course)s. Your certificate %(number)s is issued: download "
            "it from your page, %(url)s"
        ) % {
            "course": certificate.course_title,
            "number": certificate.document.number,
            "url": settings.SITE_URL.rstrip("/") + reverse("journey:my_certificates"),
        }
    params = {"number": certificate.document.number}
    notify(user, subject=subject, body=body, event="certificate_ready", params=params)


def issue_certificate(*, enrolment: Enrolment, cohort: Cohort, by: User | None) -> Certificate:
    """The certificate of one graduate of `cohort`, issued once: a second call returns the first.
    The enrolment must be graduated and seated in the cohort. The PDF is drawn after commit."""
    (certificate,) = issue_certificates(cohort=cohort, enrolments=[enrolment], by=by)
    return certificate


@transaction.atomic
def issue_certificates(
    *, cohort: Cohort, enrolments: Iterable[Enrolment], by: User | None
) -> list[Certificate]:
    """`issue_certificate` for many graduates of one cohort at once: a few statements instead of a
    handful per person, and one background task that draws the whole cohort's PDFs. Enrolments
    that have a certificate already keep it (and are returned with the new ones)."""
    ids = sorted({enrolment.pk for enrolment in enrolments})
    locked = list(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("participant", "participant__user")
        .order_by("pk")
    )
    existing = {
        c.enrolment_id: c for c in Certificate.objects.filter(enrolment_id__in=ids).select_related("document")
    }
    pending = [enrolment for enrolment in locked if enrolment.pk not in existing]
    if any(enrolment.state != EnrolmentState.GRADUATED for enrolment in pending):
        raise NotGraduated(_("A certificate is issued only to a participant who graduated."))
    seated = set(cohort_roster(cohort).filter(pk__in=[e.pk for e in pending]).values_list("pk", flat=True))
    if len(seated) != len(pending):
        raise NotInCohort(_("This participant is not in this class."))
    if not pending:
        return list(existing.values())

    facts = _cohort_facts(cohort)
    centre = facts.pop("cohort").centre
    # The cohort's task also draws its earlier certificates still without their PDF.
    undrawn = Certificate.objects.filter(
        cohort=cohort, document__rendered_at__isnull=True, document__revoked_at__isnull=True
    ).values_list("document_id", flat=True)
    issued = documents.issue_documents(
        [_draft(enrolment, centre, facts) for enrolment in pending], also_draw=list(undrawn)
    )
    created = Certificate.objects.bulk_create(
        [
            Certificate(enrolment=enrolment, cohort=cohort, document=document, **facts)
            for enrolment, document in zip(pending, issued, strict=True)
        ]
    )
    for certificate, enrolment in zip(created, pending, strict=True):
        number = certificate.document.number
        record_event(by, "certificate.issued", certificate, changes={"number": [None, number]})
        if enrolment.participant.user_id:
            _tell_holder(enrolment.participant.user, certificate)
    return [*existing.values(), *created]


def may_revoke(user: User, certificate: Certificate) -> bool:
    """National admins, and the operators of the centre that issued it."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.role == Role.NATIONAL_ADMIN:
        return True
    return (
        user.role == Role.CENTRE_OPERATOR
        and user.organisation_id is not None
        and user.organisation_id == certificate.cohort.centre.organisation_id
    )


@transaction.atomic
def revoke_certificate(certificate: Certificate, *, by: User, reason: str) -> Certificate:
    """Withdraw a certificate issued by mistake. The reason is required and kept in the audit trail;
    the public check then says the certificate is revoked, and since when."""
    if not may_revoke(by, certificate):
        raise PermissionDenied(_("Only a national admin or the issuing centre may revoke a certificate."))
    if not (reason or "").strip():
        raise InvalidInput({"reason": _("Say why the certificate is revoked.")})
    locked = Certificate.objects.select_related("document", "enrolment__participant__user").get(
        pk=certificate.pk
    )
    try:
        documents.revoke_document(locked.document, by=by, reason=reason, about=locked)
    except documents.AlreadyRevoked:
        raise AlreadyRevoked(_("This certificate was revoked already.")) from None
    holder = locked.enrolment.participant
    if holder.user_id:
        with in_recipients_language(holder.user):
            subject = _("Your certificate %(number)s was revoked") % {"number": locked.document.number}
            body = _("Reason: %(reason)s. Contact your training centre if you think this is a mistake.") % {
                "reason": locked.document.revoke_reason
            }
        notify(holder.user, subject=subject, body=body)
    certificate.document = locked.document
    return locked
