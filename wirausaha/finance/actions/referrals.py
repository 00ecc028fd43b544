"""Referring a ready application to a financing partner, with its dossier (drawn in the background),
and sending it again after the partner asked for more documents."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Organisation, Role, User
from wirausaha.coaching.presentation import rupiah
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.notifications.actions import in_recipients_language, notify

from ..dossier.verifiable import issue_dossier_document
from ..facts import readiness_for
from ..models import Application, Referral
from ..queries.applications import missing_texts
from ..tasks import render_referral_dossier
from .applications import StateError, counselor_user_of


def tell_both(application: Application, *, subject: str, body: str) -> int:
    """Notify the participant and their counselor (each once). Inside the action's transaction."""
    participant = application.participant
    people = []
    if participant.user_id:
        people.append(participant.user)
    counselor = counselor_user_of(participant)
    if counselor is not None:
        people.append(counselor)
    for user in people:
        notify(user, subject=subject, body=body)
    return len(people)


def require_referrer(by: User | None, application: Application) -> None:
    """The participant's active counselor, or a national admin (or the system)."""
    if by is None or by.role == Role.NATIONAL_ADMIN:
        return
    counselor = counselor_user_of(application.participant)
    if by.role != Role.COUNSELOR or counselor is None or counselor.pk != by.pk:
        raise PermissionDenied(_("Only the participant's counselor may refer the application."))


def _queue_dossier(referral: Referral) -> None:
    pk = referral.pk
    transaction.on_commit(lambda: render_referral_dossier.enqueue(referral_id=pk))


@transaction.atomic
def refer_application(
    *, application: Application, partner: Organisation | None, by: User | None, note: str = ""
) -> Referral:
    """Send a ready application to a financing partner. Refused, with what is missing, when the
    application is not ready; one open referral per application (a database constraint)."""
    require_referrer(by, application)
    if partner is None or partner.kind != Organisation.Kind.FINANCING_PARTNER:
        raise InvalidInput({"partner": _("Choose a financing partner.")})
    locked = (
        Application.objects.select_for_update()
        .select_related("participant", "product")
        .get(pk=application.pk)
    )
    if locked.status != Application.Status.PREPARING:
        raise StateError(_("This application was referred already."))
    verdict = readiness_for(locked, timezone.localdate())
    if not verdict.ready:
        raise InvalidInput(
            {
                "application": _("Not ready yet: %(missing)s")
                % {"missing": " ".join(missing_texts(verdict.missing))}
            }
        )
    now = timezone.now()
    referral = Referral.objects.create(
        application=locked, partner=partner, note=(note or "").strip()[:2000], referred_by=by, referred_at=now
    )
    locked.status = Application.Status.REFERRED
    locked.save(update_fields=["status", "updated_at"])
    issue_dossier_document(referral)
    record_event(
        by,
        "finance_referral.sent",
        referral,
        changes={"partner": [None, partner.name], "application": [None, locked.pk]},
    )
    with in_recipients_language():
        tell_both(
            locked,
            subject=_("Your application was sent to %(partner)s") % {"partner": partner.name},
            body=_(
                "The application for %(product)s (%(amount)s) was referred to %(partner)s. The partner will "
                "contact you; its decision will also appear in Wirausaha."
            )
            % {"product": locked.product.name, "amount": rupiah(locked.amount), "partner": partner.name},
        )
        for member in partner.members.filter(is_active=True, role=Role.FINANCING_PARTNER):
            notify(
                member,
                subject=_("New referral #%(number)s") % {"number": referral.pk},
                body=_("A new application for %(product)s waits for you in the partner portal.")
                % {"product": locked.product.name},
            )
    _queue_dossier(referral)
    return referral


@transaction.atomic
def resend_referral(*, referral: Referral, by: User | None, note: str = "") -> Referral:
    """After the partner asked for more documents: send it again with a fresh dossier."""
    require_referrer(by, referral.application)
    locked = (
        Referral.objects.select_for_update()
        .select_related("application__participant", "partner")
        .get(pk=referral.pk)
    )
    if locked.status != Referral.Status.MORE_DOCUMENTS:
        raise StateError(_("Only a referral for which the partner asked more documents can be sent again."))
    locked.status = Referral.Status.SENT
    if note:
        locked.note = f"{locked.note}\n{note.strip()}".strip()[:2000]
    locked.dossier_rendered_at = None
    locked.save(update_fields=["status", "note", "dossier_rendered_at", "updated_at"])
    record_event(
        by,
        "finance_referral.resent",
        locked,
        changes={"status": [Referral.Status.MORE_DOCUMENTS, Referral.Status.SENT]},
    )
    with in_recipients_language():
        tell_both(
            locked.application,
            subject=_("Your application was sent again to %(partner)s") % {"partner": locked.partner.name},
            body=_("The documents the partner asked for were added and the application was sent again."),
        )
    _queue_dossier(locked)
    return locked
