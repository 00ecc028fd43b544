"""The audit trail names training records in people's words: a class by its code, a session by its
number and topic, a score by the person's name, never by internal ids (issue #23 item 9)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from wirausaha.common.audit_texts import changes_of
from wirausaha.common.models import AuditEvent
from wirausaha.training.actions import record_assessment

from .support import add_session, fast_password_hasher  # noqa: F401


def test_a_score_is_shown_under_the_persons_name_and_a_session_by_class_code_and_topic(
    ended, centre_operator, national_admin, client
):
    cohort, (ani, _budi, _citra, dewi, _eka) = ended  # Ani 70, Budi 90, Citra 69 from the fixture
    record_assessment(cohort, by=centre_operator, scores={ani.pk: 77, dewi.pk: 64})
    session = add_session(cohort, starts_at=timezone.now() - timedelta(days=3), topic="Pemasaran")

    event = AuditEvent.objects.filter(verb="assessment.recorded").latest("id")
    rows = {change.label: (change.before, change.after) for change in changes_of(event)}
    assert rows == {"Ani": ("70", "77"), "Dewi": ("—", "64")}
    assert str(session) == f"{cohort.code} · {session.number}. Pemasaran"

    client.force_login(national_admin)
    html = client.get(reverse("accounts:audit_log"), {"verb": "assessment.recorded"}).content.decode()
    assert "<strong>Ani</strong>: 70 → 77" in html and "<strong>Budi</strong>: 90" in html
    assert f"#{ani.pk}" not in html
