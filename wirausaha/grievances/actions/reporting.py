"""The reporter's steps: report a complaint (signed in or not), add information with the tracking
code, and appeal the outcome once. The audit trail records these steps with no actor: the reporter's
identity is kept on the case for the handling officers only."""

import uuid
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wirausaha.accounts.models import Organisation
from wirausaha.centres.models import TrainingCentre
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.programs.models import Wave
from wirausaha.reference.models import Region
from wirausaha.registry.evidence import evidence_kind

from ..codes import hash_code, new_code
from ..models import Category, EscalationReason, Evidence, Grievance, Level, Status, Update
from .rules import StateError, add_update, choose_officer, now, set_deadlines, tell_officer

MIN_TEXT = 10
MAX_TEXT = 5000
MAX_FILES = 5
MAX_FILE_BYTES = 5 * 1024 * 1024
LABOUR_OFFICES = (Organisation.Kind.PROVINCIAL_OFFICE, Organisation.Kind.REGENCY_OFFICE)


def _check_text(errors: dict, field: str, text: str, *, required: bool = True) -> str:
    text = (text or "").strip()
    if required and len(text) < MIN_TEXT:
        errors[field] = _("Write at least %(min)d characters: what happened, where and who was involved.") % {
            "min": MIN_TEXT
        }
    elif len(text) > MAX_TEXT:
        errors[field] = _("Write at most %(max)d characters.") % {"max": MAX_TEXT}
    return text


def check_files(files, errors: dict, field: str = "evidence") -> list[tuple[object, str, str]]:
    """Each upload with its (extension, content type), recognised by its content: PDF, JPEG or PNG,
    at most 5 MB each and 5 in all. Problems go to `errors[field]`, one sentence per file."""
    files = [upload for upload in (files or []) if upload]
    problems, checked = [], []
    if len(files) > MAX_FILES:
        problems.append(_("Send at most %(max)d files.") % {"max": MAX_FILES})
    for upload in files[:MAX_FILES]:
        name = getattr(upload, "name", "") or _("file")
        if upload.size > MAX_FILE_BYTES:
            problems.append(
                _("%(name)s is %(size).1f MB; the limit is 5 MB.")
                % {"name": name, "size": upload.size / 1024 / 1024}
            )
            continue
        upload.seek(0)
        kind = evidence_kind(upload.read(16))
        upload.seek(0)
        if kind is None:
            problems.append(_("%(name)s is not a PDF, JPEG or PNG file.") % {"name": name})
            continue
        checked.append((upload, *kind))
    if problems:
        errors[field] = " ".join(problems)
    return checked


def save_files(grievance: Grievance, checked) -> None:
    for upload, extension, content_type in checked:
        evidence = Evidence(
            grievance=grievance,
            token=uuid.uuid4().hex,
            extension=extension,
            content_type=content_type,
            size=upload.size,
        )
        evidence.file.save(f"evidence.{extension}", upload, save=False)
        evidence.save()


def _labour_office(region: Region | None) -> Organisation | None:
    if region is None:
        return None
    codes = [region.code[:2], region.code[:5]]
    offices = Organisation.objects.filter(kind__in=LABOUR_OFFICES, region_id__in=codes)
    return max(offices, key=lambda office: len(office.region_id or ""), default=None)


@transaction.atomic
def report_grievance(
    *,
    category: str,
    description: str,
    by=None,
    centre: TrainingCentre | None = None,
    wave: Wave | None = None,
    region: Region | None = None,
    about_labour_office: bool = False,
    person_concerned: str = "",
    occurred_on: date | None = None,
    anonymous: bool = True,
    contact_name: str = "",
    contact: str = "",
    files=(),
) -> tuple[Grievance, str]:
    """Record a complaint and route it. Returns the case and its tracking code, which is shown to
    the reporter once and never stored (only its hash)."""
    errors: dict[str, str] = {}
    if category not in Category.values:
        errors["category"] = _("Choose what the complaint is about.")
    description = _check_text(errors, "description", description)
    if occurred_on is not None and occurred_on > timezone.localdate():
        errors["occurred_on"] = _("The date cannot be in the future.")
    person_concerned = (person_concerned or "").strip()
    if len(person_concerned) > 200:
        errors["person_concerned"] = _("Write at most %(max)d characters.") % {"max": 200}
    contact_name, contact = (contact_name or "").strip(), (contact or "").strip()
    if len(contact_name) > 120:
        errors["contact_name"] = _("Write at most %(max)d characters.") % {"max": 120}
    if len(contact) > 200:
        errors["contact"] = _("Write at most %(max)d characters.") % {"max": 200}
    if wave is not None and wave.status == Wave.Status.DRAFT:
        errors["wave"] = _("No published wave has this code.")
    if anonymous and (contact_name or contact):
        errors["contact"] = _(
            "An anonymous report keeps no name or contact: clear them, or do not report anonymously."
        )
    checked = check_files(files, errors)
    if errors:
        raise InvalidInput(errors)

    signed_in = bool(by is not None and getattr(by, "is_authenticated", False))
    anonymous = anonymous or not (signed_in or contact_name or contact)
    if centre is not None:
        region = centre.region
    concerned = centre.organisation if centre is not None else None
    if about_labour_office and concerned is None:
        concerned = _labour_office(region)
    grievance = Grievance(
        tracking_hash="",
        category=category,
        description=description,
        occurred_on=occurred_on,
        centre=centre,
        wave=wave,
        region=region,
        concerned_organisation=concerned,
        about_labour_office=about_labour_office,
        person_concerned=person_concerned,
        reporter=None if anonymous or not signed_in else by,
        is_anonymous=anonymous,
        contact_name="" if anonymous else contact_name,
        contact="" if anonymous else contact,
    )
    code = new_code()
    grievance.tracking_hash = hash_code(code)
    reported_at = now()
    set_deadlines(grievance, reported_at)
    # A complaint about a labour office goes to the national level at once: the region's own desk
    # answers to the same office.
    national = about_labour_office
    if national:
        grievance.level = Level.NATIONAL
        grievance.escalated_at = reported_at
        grievance.escalation_reason = EscalationReason.LABOUR_OFFICE
    grievance.assigned_to = choose_officer(grievance, national=national)
    grievance.save()
    save_files(grievance, checked)
    add_update(grievance, Update.Kind.REPORTED)
    if national:
        add_update(grievance, Update.Kind.ESCALATED)
    record_event(
        None,
        "grievance.reported",
        grievance,
        reason=_("Reported by the public"),
        changes={
            "category": [None, category],
            "level": [None, grievance.level],
            "assigned_to": [None, grievance.assigned_to_id],
            "evidence": [None, len(checked)],
        },
    )
    tell_officer(grievance, gettext_lazy("A new complaint is assigned to you"))
    return grievance, code


def _locked(grievance: Grievance) -> Grievance:
    return Grievance.objects.select_for_update().get(pk=grievance.pk)


@transaction.atomic
def add_information(*, grievance: Grievance, text: str, files=()) -> Update:
    """The reporter adds what they know (and files) to an open case, with the code."""
    errors: dict[str, str] = {}
    text = _check_text(errors, "text", text)
    checked = check_files(files, errors)
    if errors:
        raise InvalidInput(errors)
    grievance = _locked(grievance)
    if grievance.status in (Status.RESOLVED, Status.CLOSED):
        raise StateError(_("This case is closed: appeal the outcome instead, if you disagree with it."))
    save_files(grievance, checked)
    update = add_update(grievance, Update.Kind.INFORMATION, text=text)
    record_event(
        None,
        "grievance.information_added",
        grievance,
        reason=_("Added by the reporter"),
        changes={"evidence": [None, len(checked)]},
    )
    tell_officer(grievance, gettext_lazy("The reporter added information to a complaint"))
    return update


@transaction.atomic
def appeal(*, grievance: Grievance, reason: str) -> Grievance:
    """The reporter disagrees with the outcome: once, and the national level reviews it (another
    officer than the one who decided, when there is one)."""
    errors: dict[str, str] = {}
    reason = _check_text(errors, "reason", reason)
    if errors:
        raise InvalidInput(errors)
    grievance = _locked(grievance)
    if grievance.appealed_at is not None:
        raise StateError(_("This case was appealed already: an outcome can be appealed once."))
    if grievance.status != Status.RESOLVED:
        raise StateError(_("Only a resolved case can be appealed."))
    moment = now()
    decided_by = grievance.assigned_to_id
    grievance.status = Status.APPEALED
    grievance.appealed_at = moment
    grievance.level = Level.NATIONAL
    if grievance.escalated_at is None:
        grievance.escalated_at = moment
        grievance.escalation_reason = EscalationReason.APPEAL
    set_deadlines(grievance, moment)
    grievance.assigned_to = choose_officer(grievance, national=True, avoid=decided_by)
    grievance.save()
    add_update(grievance, Update.Kind.APPEALED, text=reason)
    record_event(
        None,
        "grievance.appealed",
        grievance,
        reason=_("Appealed by the reporter"),
        changes={
            "status": [Status.RESOLVED, Status.APPEALED],
            "assigned_to": [decided_by, grievance.assigned_to_id],
        },
    )
    tell_officer(grievance, gettext_lazy("A complaint's outcome was appealed"))
    return grievance
