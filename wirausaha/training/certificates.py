"""Certificates: issued to each graduate at once, drawn as a PDF in the background, checked by anyone
at /verify/<code>, and revoked (audited) when one was issued by mistake.

The printed number (WRS/<year>/<centre>/<serial>) is for people and filing; the code in the QR
code and the verification address is a random 120-bit token, so certificates cannot be enumerated.
"""

import base64
import re
import secrets
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.allocation.queries import cohort_roster
from wirausaha.centres.models import Cohort
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput, PermissionDenied
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.programs.models import Enrolment, EnrolmentState
from wirausaha.reference.timezones import ZONE_NAMES, zone_for_region

from . import pdf
from .models import Certificate

CODE_BYTES = 15  # 120 bits, 24 base32 characters without padding
CODE_PATTERN = re.compile(r"^[A-Z2-7]{24}$")
DOCUMENT_LANGUAGE = "id"  # certificates are official documents: always in Indonesian


class NotGraduated(DomainError):
    code = "not_graduated"


class NotInCohort(DomainError):
    code = "not_in_cohort"


class AlreadyRevoked(DomainError):
    code = "already_revoked"


def new_code() -> str:
    """An unguessable, URL-safe code that is easy to type from paper (A-Z and 2-7)."""
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


# Digits a reader may type for the letters they resemble: codes hold A-Z and 2-7 only.
LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def normalise_code(raw: str) -> str:
    """What a person typed or scanned, as stored: capitals, without spaces or dashes, and a 0, 1 or 8
    read as the O, I or B it stands for."""
    return re.sub(r"[\s-]+", "", raw or "").upper().translate(LOOKALIKES)[:64]


def certificate_number(*, year: int, centre_id: int, serial: int) -> str:
    """WRS/2025/0003/0000123: year of issue, centre, and a serial unique across all certificates."""
    return f"WRS/{year}/{centre_id:04d}/{serial:07d}"


def verify_url(code: str) -> str:
    """The public address of a certificate's check, as printed in its QR code."""
    return settings.SITE_URL.rstrip("/") + reverse("verify:certificate", args=[code])


def _local(moment: datetime, centre) -> datetime:
    return timezone.localtime(moment, ZoneInfo(ZONE_NAMES[zone_for_region(centre.region_id)]))


def local_date(certificate: Certificate, moment: datetime | None):
    """The day of `moment` (issue, revocation) where the issuing centre is."""
    return _local(moment, certificate.cohort.centre).date() if moment else None


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


def _unsaved(enrolment: Enrolment, cohort: Cohort, issued_at: datetime, facts: dict) -> Certificate:
    code = new_code()
    # The serial in the number is the row's own id, so the number is unique without a counter to
    # lock; the code stands in for it (it is unique too) until the row exists.
    return Certificate(
        enrolment=enrolment,
        cohort=cohort,
        number=code,
        code=code,
        holder_name=enrolment.participant.full_name,
        issued_at=issued_at,
        **facts,
    )


def _tell_holder(user: User, certificate: Certificate) -> None:
    with in_recipients_language():
        subject = _("Your certificate is ready")
        body = _(
            "Congratulations on completing %(course)s. Your certificate %(number)s is issued: download "
            "it from your page, %(url)s"
        ) % {
            "course": certificate.course_title,
            "number": certificate.number,
            "url": settings.SITE_URL.rstrip("/") + reverse("certificates:mine"),
        }
    notify(user, subject=subject, body=body)


@transaction.atomic
def issue_certificate(*, enrolment: Enrolment, cohort: Cohort, by: User | None) -> Certificate:
    """The certificate of one graduate of `cohort`, issued once: a second call returns the first.
    The enrolment must be graduated and seated in the cohort. The PDF is drawn after commit."""
    locked = (
        Enrolment.objects.select_for_update(of=("self",)).select_related("participant").get(pk=enrolment.pk)
    )
    existing = Certificate.objects.filter(enrolment=locked).first()
    if existing is not None:
        return existing
    if locked.state != EnrolmentState.GRADUATED:
        raise NotGraduated(_("A certificate is issued only to a participant who graduated."))
    if not cohort_roster(cohort).filter(pk=locked.pk).exists():
        raise NotInCohort(_("This participant is not in this class."))
    facts = _cohort_facts(cohort)
    centre = facts.pop("cohort").centre
    now = timezone.now()
    certificate = _unsaved(locked, cohort, now, facts)
    certificate.save()
    certificate.number = certificate_number(
        year=_local(now, centre).year, centre_id=centre.pk, serial=certificate.pk
    )
    Certificate.objects.filter(pk=certificate.pk).update(number=certificate.number)
    record_event(by, "certificate.issued", certificate, changes={"number": [None, certificate.number]})
    if locked.participant.user_id:
        _tell_holder(locked.participant.user, certificate)

    from .tasks import render_certificate_pdf

    transaction.on_commit(lambda: render_certificate_pdf.enqueue(certificate_id=certificate.pk))
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
    existing = {c.enrolment_id: c for c in Certificate.objects.filter(enrolment_id__in=ids)}
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
    now = timezone.now()
    year = _local(now, centre).year
    created = Certificate.objects.bulk_create([_unsaved(e, cohort, now, facts) for e in pending])
    for certificate in created:
        certificate.number = certificate_number(year=year, centre_id=centre.pk, serial=certificate.pk)
    Certificate.objects.bulk_update(created, ["number"])
    for certificate, enrolment in zip(created, pending, strict=True):
        record_event(by, "certificate.issued", certificate, changes={"number": [None, certificate.number]})
        if enrolment.participant.user_id:
            _tell_holder(enrolment.participant.user, certificate)

    from .tasks import render_cohort_certificates

    transaction.on_commit(lambda: render_cohort_certificates.enqueue(cohort_id=cohort.pk))
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
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": _("Say why the certificate is revoked.")})
    locked = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("enrolment__participant")
        .get(pk=certificate.pk)
    )
    if locked.revoked_at is not None:
        raise AlreadyRevoked(_("This certificate was revoked already."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.revoke_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    record_event(by, "certificate.revoked", locked, reason=reason, changes={"revoked": [False, True]})
    holder = locked.enrolment.participant
    if holder.user_id:
        with in_recipients_language():
            subject = _("Your certificate %(number)s was revoked") % {"number": locked.number}
            body = _("Reason: %(reason)s. Contact your training centre if you think this is a mistake.") % {
                "reason": reason
            }
        notify(holder.user, subject=subject, body=body)
    certificate.revoked_at, certificate.revoked_by, certificate.revoke_reason = locked.revoked_at, by, reason
    return locked


# Rendering -------------------------------------------------------------------------------------


def _document_labels() -> dict:
    """The fixed wording of the certificate, in the document language."""
    address = urlsplit(settings.SITE_URL)
    short_address = f"{address.netloc}{address.path.rstrip('/')}{reverse('verify:index')}"
    with translation.override(DOCUMENT_LANGUAGE):
        return {
            "issuer": _("MINISTRY OF MANPOWER OF THE REPUBLIC OF INDONESIA"),
            "programme": _("Entrepreneurship Service for Laid-off Workers"),
            "title": _("CERTIFICATE"),
            "number": _("Number: %(number)s"),
            "given_to": _("awarded to"),
            "completed": _("who has completed the training"),
            "hours": _("of %(hours)s training hours (JP), %(starts)s to %(ends)s"),
            "centre": _("at %(centre)s"),
            "issued": _("Issued on %(date)s"),
            "verify_heading": _("Check that this certificate is genuine:"),
            "verify_steps": (
                _("scan the QR code, or open %(address)s") % {"address": short_address},
                _("and enter this code:"),
            ),
            "note": _(
                "This document was issued electronically through Wirausaha. Its authenticity can be "
                "checked at any time with the QR code."
            ),
        }


def _document_date(day) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return formats.date_format(day, "j F Y")


def certificate_text(certificate: Certificate, labels: dict | None = None) -> pdf.CertificateText:
    """What the PDF of `certificate` says, from its snapshot (not from today's records)."""
    labels = labels or _document_labels()
    issued_on = local_date(certificate, certificate.issued_at)
    return pdf.CertificateText(
        issuer=labels["issuer"],
        programme=labels["programme"],
        title=labels["title"],
        number_line=labels["number"] % {"number": certificate.number},
        given_to=labels["given_to"],
        holder_name=certificate.holder_name,
        completed=labels["completed"],
        course_title=certificate.course_title,
        details=(
            labels["hours"]
            % {
                "hours": certificate.hours_jp,
                "starts": _document_date(certificate.starts_on),
                "ends": _document_date(certificate.ends_on),
            },
            labels["centre"] % {"centre": certificate.centre_name},
        ),
        issued=labels["issued"] % {"date": _document_date(issued_on)},
        code=certificate.code,
        verify_url=verify_url(certificate.code),
        verify_heading=labels["verify_heading"],
        verify_steps=labels["verify_steps"],
        note=labels["note"],
    )


def _draw_and_store(certificate: Certificate, labels: dict) -> str:
    """Write the PDF file (replacing an earlier one) and return its storage name."""
    storage = Certificate._meta.get_field("pdf").storage
    content = pdf.render(certificate_text(certificate, labels))
    if certificate.pdf:
        storage.delete(certificate.pdf.name)
    return storage.save(f"certificates/{certificate.cohort_id}/{certificate.code}.pdf", ContentFile(content))


def render_certificates(certificates: Iterable[Certificate], *, batch: int = 100) -> int:
    """Draw certificates into private storage (a second render replaces the file); a revoked one is
    not drawn. The files are written first and the rows marked in one short transaction per batch,
    so a batch costs one commit and holds no lock while drawing. Returns how many were written."""
    labels = _document_labels()
    storage = Certificate._meta.get_field("pdf").storage
    written = 0
    pending: list[tuple[Certificate, str]] = []

    def mark() -> int:
        now, marked = timezone.now(), 0
        with transaction.atomic():
            for certificate, name in pending:
                # Conditional: a revocation that happened while drawing is kept as it is.
                if Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
                    pdf=name, rendered_at=now
                ):
                    certificate.pdf.name, certificate.rendered_at = name, now
                    marked += 1
                else:
                    transaction.on_commit(lambda name=name: storage.delete(name))
        pending.clear()
        return marked

    for certificate in certificates:
        if certificate.revoked_at is not None:
            continue
        pending.append((certificate, _draw_and_store(certificate, labels)))
        if len(pending) >= batch:
            written += mark()
    if pending:
        written += mark()
    return written


def render_certificate(certificate: Certificate) -> bool:
    """Draw one certificate (see render_certificates). Returns whether a file was written."""
    return render_certificates([certificate]) == 1
