"""A document whose PDF was never drawn (its worker stopped) is queued again by the sweep, unless a
rendering task still waits in the queue or a worker drew a PDF recently (it is making progress)."""

from datetime import timedelta

from django.utils import timezone

from wirausaha.documents.actions import issue_documents, rerender_stale_documents
from wirausaha.documents.models import Document
from wirausaha.documents.tests.test_documents import draft


def undrawn(count: int, *, issued_seconds_ago: float) -> list[int]:
    # Issued in a test transaction that never commits: the rendering task is never enqueued.
    ids = [document.pk for document in issue_documents([draft() for _ in range(count)])]
    Document.objects.filter(pk__in=ids).update(
        issued_at=timezone.now() - timedelta(seconds=issued_seconds_ago)
    )
    return ids


def test_documents_never_drawn_are_drawn_again(db, settings, tmp_path):
    settings.STALE_JOB_SECONDS, settings.MEDIA_ROOT = 60, str(tmp_path)
    old = undrawn(2, issued_seconds_ago=61)
    recent = undrawn(1, issued_seconds_ago=10)

    assert rerender_stale_documents() == 2

    assert Document.objects.filter(pk__in=old, rendered_at__isnull=False).count() == 2
    assert Document.objects.get(pk=recent[0]).rendered_at is None  # its task may still be coming
    assert rerender_stale_documents() == 0


def test_a_worker_that_drew_recently_is_left_to_go_on(db, settings, tmp_path):
    settings.STALE_JOB_SECONDS, settings.MEDIA_ROOT = 60, str(tmp_path)
    old = undrawn(2, issued_seconds_ago=61)
    Document.objects.filter(pk=old[0]).update(rendered_at=timezone.now() - timedelta(seconds=5))

    assert rerender_stale_documents() == 0
    assert Document.objects.get(pk=old[1]).rendered_at is None
