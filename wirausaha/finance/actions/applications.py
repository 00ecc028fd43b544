"""Applying for capital: the participant (or their counselor) starts an application for a product in
force, uploads its documents, and may withdraw it while it is being prepared."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.coaching.models import Assignment
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput, PermissionDenied
from wirausaha.registry.models import Participant

from ..models import Application, ApplicationDocument, FinancingProduct, Referral

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
}
PURPOSE_MAX = 1000


class StateError(DomainError):
    code = "conflict"


def counselor_user_of(participant: Participant) -> User | None:
    assignment = (
        Assignment.objects.filter(participant=participant, status=Assignment.Status.ACTIVE)
        .select_related("counselor__user")
        .first()
    )
    return assignment.counselor.user if assignment else None


def require_applicant_side(by: User | None, participant: Participant) -> None:
    """The participant themself, their active counselor, or a national admin (or the system)."""
    if by is None or by.role == Role.NATIONAL_ADMIN:
        return
    if by.role == Role.PARTICIPANT and participant.user_id == by.pk:
        return
    if by.role == Role.COUNSELOR:
        counselor = counselor_user_of(participant)
        if counselor is not None and counselor.pk == by.pk:
            return
    raise PermissionDenied(_("Only the participant or their counselor may do this."))


def _parse_amount(value, field: str, errors: dict) -> int | None:
    try:
        amount = int(str(value).replace(".", "").replace(" ", "").strip())
    except (TypeError, ValueError):
        errors[field] = _("Enter a whole number of rupiah, for example 10000000.")
        return None
    if amount <= 0:
        errors[field] = _("Enter an amount above zero.")
        return None
    return amount


@transaction.atomic
def start_application(
    *,
    participant: Participant,
    product: FinancingProduct | None,
    amount,
    tenor_months,
    purpose: str,
    by: User | None,
) -> Application:
    """A new application for a product in force today. A participant has at most one open
    application (being prepared or referred) per product; the amount's range is checked by
    readiness, so an application may be saved and corrected before it is referred."""
    require_applicant_side(by, participant)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if product is None:
        errors["product"] = _("Choose a product.")
    elif not product.in_force_on(today):
        errors["product"] = _("This product is not offered today: choose another one.")
    amount = _parse_amount(amount, "amount", errors)
    try:
        tenor = int(tenor_months)
    except (TypeError, ValueError):
        tenor = None
    if tenor is None or tenor <= 0:
        errors["tenor_months"] = _("Enter the tenor in whole months, for example 12.")
    elif product is not None and product.max_tenor_months and tenor > product.max_tenor_months:
        errors["tenor_months"] = _("The longest tenor of this product is %(months)s months.") % {
            "months": product.max_tenor_months
        }
    purpose = (purpose or "").strip()
    if not purpose:
        errors["purpose"] = _("Say what the money is for.")
    elif len(purpose) > PURPOSE_MAX:
        errors["purpose"] = _("Keep the purpose under %(count)s characters.") % {"count": PURPOSE_MAX}
    if errors:
        raise InvalidInput(errors)
    # One open application per product: the participant's row is the lock two requests share.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if Application.objects.filter(
        participant=participant,
        product__code=product.code,
        status__in=[Application.Status.PREPARING, Application.Status.REFERRED],
    ).exists():
        raise InvalidInput({"product": _("You already have an open application for this product.")})
    application = Application.objects.create(
        participant=participant,
        product=product,
        amount=amount,
        tenor_months=tenor,
        purpose=purpose,
        created_by=by,
    )
    record_event(
        by,
        "finance_application.started",
        application,
        changes={"product": [None, product.code], "amount": [None, amount], "tenor_months": [None, tenor]},
    )
    return application


def check_document(upload) -> tuple[str, str]:
    """(extension, content type) of an upload that is really a PDF, JPEG or PNG of at most 5 MB,
    whatever its name says; else InvalidInput on the field `file`."""
    if upload is None:
        raise InvalidInput({"file": _("Choose a file to upload.")})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise InvalidInput(
            {
                "file": _("The file is %(size).1f MB; the limit is %(limit)s MB.")
                % {"size": upload.size / 1024 / 1024, "limit": MAX_DOCUMENT_BYTES // (1024 * 1024)}
            }
        )
    if upload.size == 0:
        raise InvalidInput({"file": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    raise InvalidInput({"file": _("Upload a PDF, JPEG or PNG file (a scan or a photo of the document).")})


def accepts_documents(application: Application) -> bool:
    """Documents are added while the application is prepared, or when the partner asked for more."""
    if application.status == Application.Status.PREPARING:
        return True
    return application.referrals.filter(status=Referral.Status.MORE_DOCUMENTS).exists()


@transaction.atomic
def upload_document(*, application: Application, kind: str, upload, by: User | None) -> ApplicationDocument:
    """Store one document of the application (replacing an earlier one of the same kind)."""
    require_applicant_side(by, application.participant)
    if kind not in ApplicationDocument.Kind.values:
        raise InvalidInput({"kind": _("Choose which document this is.")})
    extension, content_type = check_document(upload)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not accepts_documents(locked):
        raise StateError(_("Documents can no longer be changed: the application is with the partner."))
    earlier = ApplicationDocument.objects.filter(application=locked, kind=kind).first()
    if earlier is not None:
        old_name, storage = earlier.file.name, earlier.file.storage
        earlier.delete()
        transaction.on_commit(lambda: storage.delete(old_name))
    document = ApplicationDocument(
        application=locked,
        kind=kind,
        extension=extension,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    document.file.save(f"upload.{extension}", upload, save=False)
    name = document.file.name
    try:
        document.save()
    except Exception:
        document.file.storage.delete(name)
        raise
    record_event(
        by,
        "finance_application.document_uploaded",
        locked,
        changes={"document": [None, kind], "replaced": [None, earlier is not None]},
    )
    return document


@transaction.atomic
def withdraw_application(*, application: Application, by: User | None, reason: str = "") -> Application:
    require_applicant_side(by, application.participant)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Application.Status.PREPARING:
        raise StateError(_("Only an application being prepared can be withdrawn."))
    locked.status = Application.Status.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    record_event(
        by,
        "finance_application.withdrawn",
        locked,
        reason=reason,
        changes={"status": [Application.Status.PREPARING, Application.Status.WITHDRAWN]},
    )
    return locked
