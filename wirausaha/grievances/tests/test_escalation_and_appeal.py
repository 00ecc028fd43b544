"""Service levels in working days, automatic escalation by the sweep, the outcome and one appeal."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.test import Client

from wirausaha.common.errors import PermissionDenied
from wirausaha.grievances import actions
from wirausaha.grievances.actions import StateError
from wirausaha.grievances.models import EscalationReason, Level, ServiceLevel, Status, Update
from wirausaha.notifications.models import Message
from wirausaha.registry.management.commands.sweep_stale_jobs import sweep_stale_jobs

from .support import bekasi_centre, officer, report

pytestmark = pytest.mark.django_db

# Friday 4 December 2026, 10:00 in Jakarta.
FRIDAY = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_deadlines_count_working_days_in_the_places_zone():
    officer("aduan.jabar", region="32")
    with at(FRIDAY):
        case, _ = report(bekasi_centre())
    # Acknowledge by the end of Tuesday 8 December, resolve by the end of Thursday 24 December (WIB).
    assert case.acknowledge_due_at == datetime(2026, 12, 8, 17, 0, tzinfo=UTC)
    assert case.resolve_due_at == datetime(2026, 12, 24, 17, 0, tzinfo=UTC)


def test_the_service_level_is_data():
    ServiceLevel.objects.create(category="illegal_fee", acknowledge_working_days=1, resolve_working_days=5)
    officer("aduan.jabar", region="32")
    with at(FRIDAY):
        case, _ = report(bekasi_centre())
    assert case.acknowledge_due_at == datetime(2026, 12, 7, 17, 0, tzinfo=UTC)  # Monday's end


def test_the_sweep_escalates_a_case_not_acknowledged_in_time_and_only_once():
    national = officer("aduan.pusat")
    officer("aduan.jabar", region="32")
    with at(FRIDAY):
        case, _ = report(bekasi_centre())
    with at(datetime(2026, 12, 8, 16, 59, tzinfo=UTC)):  # Tuesday 23:59 WIB: still in time
        assert sweep_stale_jobs()["late complaints escalated"] == 0
    with at(datetime(2026, 12, 8, 17, 1, tzinfo=UTC)):
        assert sweep_stale_jobs()["late complaints escalated"] == 1
        assert sweep_stale_jobs()["late complaints escalated"] == 0
    case.refresh_from_db()
    assert case.level == Level.NATIONAL and case.assigned_to == national
    assert case.escalation_reason == EscalationReason.LATE_ACKNOWLEDGEMENT
    assert case.updates.filter(kind=Update.Kind.ESCALATED, public=True).count() == 1
    assert Message.objects.filter(recipient=national).exists()


def test_an_acknowledged_case_escalates_when_not_resolved_in_fourteen_working_days():
    officer("aduan.pusat")
    jabar = officer("aduan.jabar", region="32")
    with at(FRIDAY):
        case, _ = report(bekasi_centre())
        actions.acknowledge(grievance=case, by=jabar)
    with at(datetime(2026, 12, 24, 16, 0, tzinfo=UTC)):
        assert sweep_stale_jobs()["late complaints escalated"] == 0
    with at(datetime(2026, 12, 24, 17, 0, 1, tzinfo=UTC)):
        assert sweep_stale_jobs()["late complaints escalated"] == 1
    case.refresh_from_db()
    assert case.escalation_reason == EscalationReason.LATE_RESOLUTION


def test_the_outcome_is_recorded_and_the_reporter_may_appeal_once():
    national = officer("aduan.pusat")
    jabar = officer("aduan.jabar", region="32")
    case, code = report(bekasi_centre())
    actions.acknowledge(grievance=case, by=jabar, text="Kami sedang memeriksa.")
    actions.resolve(
        grievance=case, by=jabar, outcome="upheld", summary="Petugas diberi sanksi; uang dikembalikan."
    )
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and case.outcome == "upheld"

    client = Client()
    client.post("/pengaduan/lacak/", {"code": code})
    page = client.get("/pengaduan/lacak/kasus/")
    assert b"uang dikembalikan" in page.content and page.context["can_appeal"]
    assert (
        client.post("/pengaduan/lacak/banding/", {"reason": "Uang saya belum dikembalikan."}).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == Status.APPEALED and case.level == Level.NATIONAL and case.assigned_to == national

    # The regional officer can no longer decide it; the national level closes it.
    with pytest.raises(PermissionDenied):
        actions.resolve(grievance=case, by=jabar, outcome="upheld", summary="Sudah dikembalikan kemarin.")
    actions.resolve(
        grievance=case, by=national, outcome="upheld", summary="Dikembalikan tunai, ada kuitansi."
    )
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    with pytest.raises(StateError):
        actions.appeal(grievance=case, reason="Saya masih tidak setuju sama sekali.")
    response = client.post("/pengaduan/lacak/banding/", {"reason": "Saya masih tidak setuju sama sekali."})
    assert response.status_code == 422
    assert case.updates.filter(kind=Update.Kind.APPEALED).count() == 1


def test_an_appeal_needs_a_resolved_case():
    officer("aduan.jabar", region="32")
    case, _ = report(bekasi_centre())
    with pytest.raises(StateError):
        actions.appeal(grievance=case, reason="Belum ada hasil tapi saya banding.")


def test_a_national_admin_reads_but_does_not_handle():
    from wirausaha.accounts.models import Role
    from wirausaha.testing import make_user

    officer("aduan.jabar", region="32")
    admin = make_user("admin.aduan", Role.NATIONAL_ADMIN)
    case, _ = report(bekasi_centre())
    client = Client()
    client.force_login(admin)
    assert client.get(f"/pengaduan/kasus/{case.pk}/").status_code == 200
    response = client.post(f"/pengaduan/kasus/{case.pk}/langkah/", {"step": "acknowledge"})
    assert response.status_code == 422
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_an_officer_escalates_by_hand_and_the_public_history_says_so_without_names():
    officer("aduan.pusat")
    jabar = officer("aduan.jabar", region="32")
    case, code = report(bekasi_centre())
    client = Client()
    client.force_login(jabar)
    response = client.post(
        f"/pengaduan/kasus/{case.pk}/langkah/", {"step": "escalate", "text": "Melibatkan kepala balai."}
    )
    assert response.status_code == 302
    body = Client().get(f"/api/v1/grievances/{code}").json()
    assert [s["step"] for s in body["history"]] == ["reported", "escalated"]
    assert "aduan.jabar" not in str(body)
    assert timedelta(0) < case.resolve_due_at - case.created_at
