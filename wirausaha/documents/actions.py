"""Documents: issued by a stage (a certificate to each graduate, at once), drawn as a PDF in the
background (rendering.py), checked by anyone at /verify/<code>, and revoked (audited) when one was
issued by mistake.

The printed number (WRS/<year>/<series>/<serial>) is for people and filing; the code in the QR code
and the verification address is a random 120-bit token, so documents cannot be enumerated. This app
knows no stage: the stage says who holds the document and what it states, and words its own errors
and messages to the holder.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wirausaha.accounts.models import Role, User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput, PermissionDenied

from .codes import document_number, new_code
from .kinds import kind_spec
from .models import Document
from .tasks import render_document_pdf, render_documents_pdf


class AlreadyRevoked(DomainError):
    code = "already_revoked"


@dataclass(frozen=True)
class Draft:
    """What a stage asks to issue: the holder, the title and the facts the document states (see
    Document.facts), who issues it, the zone its dates are read in, and the series of its number."""

    kind: str
    holder_name: str
    title: str
    facts: list[dict] = field(default_factory=list)
    organisation_id: int | None = None
    time_zone: str = settings.TIME_ZONE
    series: int = 0
    language: str = settings.LANGUAGE_CODE  # the holder's: their PDF is written in it


def _unsaved(draft: Draft, issued_at: datetime) -> Document:
    code = new_code()
    # The serial in the number is the row's own id, so the number is unique without a counter to
    # lock; the code stands in for it (it is unique too) until the row exists.
    return Document(
        kind=draft.kind,
        number=code,
        code=code,
        holder_name=draft.holder_name,
        title=draft.title,
        facts=draft.facts,
        organisation_id=draft.organisation_id,
        time_zone=draft.time_zone,
        language=draft.language,
        issued_at=issued_at,
    )


@transaction.atomic
def issue_documents(
    drafts: Sequence[Draft], *, now: datetime | None = None, also_draw: Iterable[int] = ()
) -> list[Document]:
    """One document per draft, in the drafts' order, each with its number and a fresh code: a few
    statements for any number of them. Their PDFs are drawn in one background task after commit,
    with those of `also_draw` (ids of earlier documents) that still have none.
    The stage that issues records the audit event on its own record, which it knows."""
    if not drafts:
        return []
    prefixes = {draft.kind: kind_spec(draft.kind).prefix for draft in drafts}
    now = now or timezone.now()
    created = Document.objects.bulk_create([_unsaved(draft, now) for draft in drafts])
    for document, draft in zip(created, drafts, strict=True):
        year = timezone.localtime(now, ZoneInfo(draft.time_zone)).year
        document.number = document_number(
            prefix=prefixes[draft.kind], year=year, series=draft.series, serial=document.pk
        )
    Document.objects.bulk_update(created, ["number"])
    ids = sorted({*also_draw, *(document.pk for document in created)})
    transaction.on_commit(lambda: render_documents_pdf.enqueue(document_ids=ids))
    return created


def may_revoke(user: User, document: Document) -> bool:
    """National admins, and the staff of the organisation that issued it."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.role == Role.NATIONAL_ADMIN:
        return True
    return (
        user.role != Role.PARTICIPANT
        and user.organisation_id is not None
        and user.organisation_id == document.organisation_id
    )


@transaction.atomic
def revoke_document(
    document: Document, *, by: User, reason: str, about: models.Model | None = None
) -> Document:
    """Withdraw a document issued by mistake. The reason is required and kept in the audit trail
    (the event `<kind>.revoked`, on `about`: the stage's record the document is for, or else the
    document); the public check then says the document is revoked, and since when."""
    if not may_revoke(by, document):
        raise PermissionDenied(
            _("Only a national admin or the issuing organisation may revoke this document.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": _("Say why the document is revoked.")})
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.revoked_at is not None:
        raise AlreadyRevoked(_("This document was revoked already."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.revoke_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    record_event(
        by, f"{locked.kind}.revoked", about or locked, reason=reason, changes={"revoked": [False, True]}
    )
    document.revoked_at, document.revoked_by, document.revoke_reason = locked.revoked_at, by, reason
    return locked


# Documents per re-queued rendering task.
RERENDER_BATCH = 1000


def rerender_stale_documents() -> int:
    """Queue again the drawing of documents issued more than settings.STALE_JOB_SECONDS ago and
    still without their PDF, when their worker stopped: no rendering task waits in the queue and no
    document was drawn within that time (a worker drawing marks a batch every few seconds).
    Returns how many documents were queued again."""
    cutoff = timezone.now() - timedelta(seconds=settings.STALE_JOB_SECONDS)
    undrawn = Document.objects.filter(rendered_at__isnull=True, revoked_at__isnull=True, issued_at__lt=cutoff)
    if not undrawn.exists():
        return 0
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path__in=[render_documents_pdf.module_path, render_document_pdf.module_path],
    )
    if waiting.exists() or Document.objects.filter(rendered_at__gte=cutoff).exists():
        return 0
    ids = list(undrawn.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), RERENDER_BATCH):
        render_documents_pdf.enqueue(document_ids=ids[start : start + RERENDER_BATCH])
    return len(ids)
