"""What can happen to a participant's record. Every function is one transaction that leaves an
audit event; the rules on the data itself are in validation.py."""

from collections.abc import Mapping
from contextlib import nullcontext
from typing import Any

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.people import new_participant_username
from wirausaha.accounts.scoping import in_region_scope
from wirausaha.common.audit import field_changes, new_event, record_event, snapshot
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.reference.queries import known_region_codes, region_levels, sector_codes

from .consent import CONSENT_VERSION
from .errors import NikTaken, ParticipantInvalid, WrongState
from .evidence import check_evidence
from .models import NikChangeRequest, Participant, Source, Verification
from .store import in_one_statement, write_registration
from .validation import Cleaned, clean_participant

# Fields a participant may correct themself; the NIK goes through an officer (request_nik_change).
SELF_EDITABLE = (
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "phone",
    "email",
    "domicile",
    "education",
    "disability",
    "last_employer",
    "employer_sector",
    "job_title",
    "layoff_date",
    "layoff_reason",
    "jkp_recipient",
    "business_interest_sector",
    "business_interest",
    "existing_business",
    "existing_business_since",
)
FOREIGN_KEYS = {
    "domicile": "domicile_id",
    "employer_sector": "employer_sector_id",
    "business_interest_sector": "business_interest_sector_id",
}
# What the duplicate check compares: a correction to one of these asks for a new check.
DUPLICATE_KEYS = ("full_name", "birth_date", "phone", "domicile_id")


def ask_for_duplicate_check(participant: Participant, new_values: Mapping[str, Any]) -> bool:
    """Before a correction or an import writes `new_values` (model field names): when they change
    what the duplicate check compares, the record waits for `scan_duplicates --pending` again.
    Says whether it does."""
    if any(name in new_values and new_values[name] != getattr(participant, name) for name in DUPLICATE_KEYS):
        participant.duplicates_checked_at = None
        return True
    return False


def clean(raw: Mapping[str, Any]) -> Cleaned:
    """The shared rules with the current reference data."""
    return clean_participant(
        raw, region_levels=region_levels(), sector_codes=sector_codes(), known_regions=known_region_codes()
    )


def model_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Cleaned values as model field values (codes become foreign key ids)."""
    return {FOREIGN_KEYS.get(name, name): value for name, value in values.items()}


def _check_scope(by: User | None, domicile: str) -> None:
    """Officers register and import only people who live in their own region."""
    if by is None or by.role == Role.PARTICIPANT:
        return
    if not in_region_scope(by, domicile):
        raise ParticipantInvalid({"domicile": _("This place is outside your area of work.")})


def register_participant(
    *,
    data: Mapping[str, Any],
    consent: bool,
    by: User | None,
    source: Source = Source.SELF,
    evidence=None,
    password: str | None = None,
) -> Participant:
    """Register one person. Without consent nothing is stored. A self-registration with a password
    also creates the person's account; they log in with their mobile number, and the username
    says nothing about them (accounts/people.py)."""
    cleaned = clean(data)
    errors = dict(cleaned.errors)
    if not consent:
        errors["consent"] = _("Registration needs your consent to the processing of your data.")
    evidence_kind = None
    if evidence is not None:
        try:
            evidence_kind = check_evidence(evidence)
        except ValueError as error:
            errors["layoff_evidence"] = str(error)
    if errors:
        raise ParticipantInvalid(errors)
    values = cleaned.values
    _check_scope(by, values["domicile"])
    if password and phone_has_account(values["phone"]):
        raise _phone_taken()
    # Called on its own, this is the request's only transaction: a NIK registered a moment ago by
    # someone else fails the INSERT and nothing is written, with no savepoint needed. When the
    # participant's rows are all it writes (no account, no evidence file) and the database writes
    # them with one statement (store.py), that statement is the transaction. Inside a caller's
    # transaction it is a savepoint, as usual.
    one_statement = (
        not password
        and evidence is None
        and in_one_statement()
        and not transaction.get_connection().in_atomic_block
    )
    try:
        with nullcontext() if one_statement else transaction.atomic():
            return _store_registration(
                values,
                cleaned.nik_flags,
                by=by,
                source=source,
                password=password,
                evidence=evidence,
                evidence_kind=evidence_kind,
            )
    except IntegrityError:
        if Participant.objects.filter(nik=values["nik"]).exists():
            raise NikTaken() from None
        if password and phone_has_account(values["phone"]):
            raise _phone_taken() from None
        raise


def phone_has_account(phone: str, *, other_than: Participant | None = None) -> bool:
    """A participant with an account has this mobile number: it logs in with it, so no second one
    may (accounts/backends.py finds the account by the participant's number)."""
    if not phone:
        return False
    holders = Participant.objects.filter(phone=phone, user__isnull=False)
    if other_than is not None:
        holders = holders.exclude(pk=other_than.pk)
    return holders.exists()


def _phone_taken() -> ParticipantInvalid:
    return ParticipantInvalid(
        {"phone": _("An account with this mobile number exists already: log in instead.")}
    )


def _store_registration(
    values, nik_flags, *, by: User | None, source: Source, password: str | None, evidence, evidence_kind
) -> Participant:
    user = by if by is not None and by.role == Role.PARTICIPANT else None
    if password:
        user = User(
            username=new_participant_username(),
            phone=values["phone"],
            role=Role.PARTICIPANT,
            first_name=values["full_name"][:150],
            email=values.get("email", ""),
        )
        user.set_password(password)
        user.save()
    participant = Participant(
        **model_values(values),
        user=user,
        nik_flags=nik_flags,
        consent_version=CONSENT_VERSION,
        consent_at=timezone.now(),
        source=source,
    )
    event = new_event(by or user, "participant.registered", participant, changes={"source": [None, source]})
    write_registration(participant, event, history_user=by or user)
    if evidence is not None:
        participant.layoff_evidence.save(f"evidence.{evidence_kind[0]}", evidence, save=True)
    # The duplicate check is left to `scan_duplicates --pending`: the new row has no
    # `duplicates_checked_at` yet.
    return participant


# Sent (inside the correction's transaction) when a correction moves a person to another regency,
# with `participant`: the later stages keep the person's regency on their own rows (a wave's
# enrolments, a run's placements) so that their lists filter by it without a join, and the
# registry may not import them (programs and allocation connect in their AppConfig.ready).
regency_changed = Signal()


@transaction.atomic
def update_participant(
    participant: Participant, *, data: Mapping[str, Any], by: User, evidence=None
) -> Participant:
    """Correct a record (by the participant or an officer). A correction the officer asked for goes
    back to the verification queue."""
    editable = {name: value for name, value in data.items() if name in SELF_EDITABLE}
    current = {
        "nik": participant.nik,
        "full_name": participant.full_name,
        "birth_date": participant.birth_date,
        "sex": participant.sex,
        "phone": participant.phone,
        "domicile": participant.domicile_id,
        "layoff_date": participant.layoff_date,
    }
    cleaned = clean({**current, **editable})
    errors = {name: message for name, message in cleaned.errors.items() if name in editable or name == "nik"}
    if evidence is not None:
        try:
            kind = check_evidence(evidence)
        except ValueError as error:
            errors["layoff_evidence"] = str(error)
    if errors:
        raise ParticipantInvalid(errors)
    if by.role != Role.PARTICIPANT:
        _check_scope(by, cleaned.values["domicile"])

    fields = [FOREIGN_KEYS.get(name, name) for name in editable]
    before = snapshot(participant, [*fields, "nik_flags"])
    new_values = model_values({name: cleaned.values[name] for name in editable})
    if ask_for_duplicate_check(participant, new_values):
        fields.append("duplicates_checked_at")
    for name, value in new_values.items():
        setattr(participant, name, value)
    participant.nik_flags = cleaned.nik_flags
    if participant.verification == Verification.NEEDS_CORRECTION:
        participant.verification = Verification.PENDING
        fields.append("verification")
    participant.save(update_fields=[*fields, "nik_flags", "updated_at"])
    if evidence is not None:
        participant.layoff_evidence.save(f"evidence.{kind[0]}", evidence, save=True)
        fields.append("layoff_evidence")
    account = participant.user if participant.user_id else None
    if account and participant.phone != before.get("phone"):
        # The account logs in with the record's mobile number: it follows the new one.
        if phone_has_account(participant.phone, other_than=participant):
            raise ParticipantInvalid({"phone": _("Another account uses this mobile number.")})
        account.phone = participant.phone
        account.save(update_fields=["phone"])
    changes = field_changes(before, snapshot(participant, list(before)))
    if evidence is not None:
        changes["layoff_evidence"] = [None, "uploaded"]
    record_event(by, "participant.updated", participant, changes=changes)
    if current["domicile"][:5] != participant.domicile_id[:5]:
        regency_changed.send(sender=Participant, participant=participant)
    return participant


def _decide(participant: Participant, *, to: Verification, by: User, reason: str, message):
    # `message()` gives the subject and body for the participant, in their language.
    if participant.consent_withdrawn_at is not None:
        raise WrongState(_("This participant withdrew consent; the record is no longer processed."))
    before = participant.verification
    participant.verification = to
    participant.verification_note = reason
    participant.verified_by = by
    participant.verified_at = timezone.now()
    participant.save(
        update_fields=["verification", "verification_note", "verified_by", "verified_at", "updated_at"]
    )
    record_event(by, f"participant.{to}", participant, reason=reason, changes={"verification": [before, to]})
    if participant.user_id:
        with in_recipients_language(participant.user):
            subject, body = message()
            if to == Verification.NEEDS_CORRECTION:
                event, params = "correction_needed", {"reason": reason}
            else:
                event, params = "verification_decided", {"decision": str(Verification(to).label)}
        notify(participant.user, subject=subject, body=body, event=event, params=params)
    return participant


@transaction.atomic
def verify_participant(participant: Participant, *, by: User) -> Participant:
    """The labour office confirms the person and the layoff."""
    if participant.verification == Verification.VERIFIED:
        raise WrongState(_("This participant is verified already."))
    return _decide(
        participant,
        to=Verification.VERIFIED,
        by=by,
        reason="",
        message=lambda: (
            _("Your registration is verified"),
            _("The labour office has verified your data. You can now apply to a wave of the programme."),
        ),
    )


@transaction.atomic
def reject_participant(participant: Participant, *, by: User, reason: str) -> Participant:
    if not reason.strip():
        raise ParticipantInvalid({"reason": _("Say why the registration is rejected.")})
    return _decide(
        participant,
        to=Verification.REJECTED,
        by=by,
        reason=reason.strip(),
        message=lambda: (
            _("Your registration was not accepted"),
            _("The labour office did not accept your registration. Reason: %(reason)s") % {"reason": reason},
        ),
    )


@transaction.atomic
def request_correction(participant: Participant, *, by: User, reason: str) -> Participant:
    if not reason.strip():
        raise ParticipantInvalid({"reason": _("Say what the participant should correct.")})
    return _decide(
        participant,
        to=Verification.NEEDS_CORRECTION,
        by=by,
        reason=reason.strip(),
        message=lambda: (
            _("Please correct your registration"),
            _("The labour office asks you to correct your data: %(reason)s") % {"reason": reason},
        ),
    )


@transaction.atomic
def request_nik_change(participant: Participant, *, new_nik: str, reason: str, by: User) -> NikChangeRequest:
    """A participant's NIK correction waits for an officer's approval."""
    cleaned = clean({"nik": new_nik})
    if "nik" in cleaned.errors:
        raise ParticipantInvalid({"nik": cleaned.errors["nik"]})
    nik = cleaned.values["nik"]
    if nik == participant.nik:
        raise ParticipantInvalid({"nik": _("This is already your NIK.")})
    if NikChangeRequest.objects.filter(
        participant=participant, status=NikChangeRequest.Status.PENDING
    ).exists():
        raise ParticipantInvalid({"nik": _("A NIK change is already waiting for approval.")})
    change = NikChangeRequest.objects.create(
        participant=participant, old_nik=participant.nik, new_nik=nik, reason=reason
    )
    record_event(
        by,
        "participant.nik_change_requested",
        participant,
        reason=reason,
        changes=field_changes({"nik": participant.nik}, {"nik": nik}),
    )
    return change


@transaction.atomic
def decide_nik_change(
    change: NikChangeRequest, *, approve: bool, by: User, note: str = ""
) -> NikChangeRequest:
    change = NikChangeRequest.objects.select_for_update().select_related("participant").get(pk=change.pk)
    if change.status != NikChangeRequest.Status.PENDING:
        raise WrongState(_("This request was decided already."))
    participant = change.participant
    if approve:
        cleaned = clean({"nik": change.new_nik, "birth_date": participant.birth_date, "sex": participant.sex})
        before = participant.nik
        participant.nik = change.new_nik
        participant.nik_flags = cleaned.nik_flags
        try:
            with transaction.atomic():
                participant.save(update_fields=["nik", "nik_flags", "updated_at"])
        except IntegrityError:
            raise NikTaken() from None
        record_event(
            by,
            "participant.nik_changed",
            participant,
            reason=note,
            changes=field_changes({"nik": before}, {"nik": participant.nik}),
        )
    change.status = NikChangeRequest.Status.APPROVED if approve else NikChangeRequest.Status.REJECTED
    change.decided_by, change.decided_at, change.decision_note = by, timezone.now(), note
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    if participant.user_id:
        with in_recipients_language(participant.user):
            subject = _("Your NIK change was approved") if approve else _("Your NIK change was not approved")
            body = note or _("See your data in Wirausaha.")
        # A decision on the person's data: the verification event's template and consent apply.
        notify(
            participant.user,
            subject=subject,
            body=body,
            event="verification_decided",
            params={"decision": subject},
        )
    return change


@transaction.atomic
def withdraw_consent(participant: Participant, *, by: User, reason: str = "") -> Participant:
    """Processing stops: the record leaves every work queue and partners no longer see it."""
    if participant.consent_withdrawn_at is not None:
        raise WrongState(_("Consent was withdrawn already."))
    participant.consent_withdrawn_at = timezone.now()
    participant.save(update_fields=["consent_withdrawn_at", "updated_at"])
    record_event(by, "participant.consent_withdrawn", participant, reason=reason)
    return participant


def export_participant_data(participant: Participant, *, by: User) -> dict:
    """Everything held about one person (data subject access); every export is audited."""
    from .export import participant_export

    record_event(by, "participant.exported", participant)
    return participant_export(participant)
