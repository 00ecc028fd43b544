"""The coaching slice through its actions and pages: a run assigns graduates to counselors with an
explanation, a counselor sees only their own participants (404 for the others), sessions and
action items with reminders, the business plan's review, milestones and the mentoring letter."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.coaching import actions
from wirausaha.coaching.models import Assignment, BusinessPlan, CoachingSession, Milestone
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.notifications.models import Message
from wirausaha.testing import make_user

from .support import PLAN, counselor, graduates

pytestmark = pytest.mark.django_db


@pytest.fixture
def siti_user(db):
    return make_user("siti", Role.PARTICIPANT)


@pytest.fixture
def assigned(national_admin, siti_user):
    """Two graduates in Kabupaten Bekasi and one in Bali; a counselor in Bekasi, one in Denpasar."""
    bekasi = graduates(("Siti", "Budi"), users={"Siti": siti_user})
    bali = graduates(("Made",), village="51.71.01.1001", wave_code="PHK-2025-B")
    near = counselor("dewi", district="32.16.01", by=national_admin)
    far = counselor("wayan", district="51.71.01", by=national_admin)
    run = actions.propose_assignment_run(by=national_admin)
    actions.confirm_assignment_run(run, by=national_admin)
    return {"bekasi": bekasi, "bali": bali, "near": near, "far": far, "run": run}


def test_a_run_assigns_each_graduate_to_the_nearest_counselor_with_its_explanation(assigned):
    run = assigned["run"]
    assert (run.graduates, run.assigned, run.unassigned) == (3, 3, 0)
    rows = {a.participant.full_name: a for a in Assignment.objects.filter(status=Assignment.Status.ACTIVE)}
    assert rows["Siti"].counselor == assigned["near"] and rows["Made"].counselor == assigned["far"]
    assert rows["Siti"].mode == Assignment.Mode.IN_PERSON and rows["Siti"].distance_km < 50
    assert rows["Siti"].explanation["next_best"]["counselor"] == str(assigned["far"].pk)
    assert AuditEvent.objects.filter(verb="coaching_run.confirmed", target_id=str(run.pk)).exists()
    assert (
        Message.objects.filter(recipient__username="siti", subject__icontains="pendamping").exists()
        or Message.objects.filter(recipient__username="siti").exists()
    )


def test_a_counselor_sees_only_their_own_participants(client, assigned):
    client.force_login(assigned["near"].user)
    siti, made = assigned["bekasi"][0], assigned["bali"][0]
    assert client.get("/pendampingan/kasus/").status_code == 200
    assert client.get(f"/pendampingan/kasus/{siti.pk}/").status_code == 200
    assert client.get(f"/pendampingan/kasus/{made.pk}/").status_code == 404
    assert client.get(f"/pendampingan/kasus/{made.pk}/rencana/").status_code == 404
    assert client.get("/pendampingan/kasus/999999/").status_code == 404


def test_reassignment_needs_a_reason_and_respects_capacity(national_admin, assigned):
    siti = assigned["bekasi"][0]
    full = counselor("penuh", capacity=0, by=national_admin)
    with pytest.raises(InvalidInput):
        actions.reassign_participant(
            participant=siti, counselor=assigned["far"], by=national_admin, reason=" "
        )
    with pytest.raises(actions.CapacityConflict):
        actions.reassign_participant(participant=siti, counselor=full, by=national_admin, reason="Pindah")
    moved = actions.reassign_participant(
        participant=siti, counselor=assigned["far"], by=national_admin, reason="Pindah kota"
    )
    assert moved.counselor == assigned["far"]
    assert Assignment.objects.filter(participant=siti, status=Assignment.Status.ACTIVE).count() == 1
    assert AuditEvent.objects.filter(verb="coaching.reassigned", reason="Pindah kota").exists()


def test_sessions_and_overdue_items_are_reminded_once(assigned):
    siti, dewi = assigned["bekasi"][0], assigned["near"].user
    tomorrow = timezone.localdate() + timedelta(days=1)
    session = actions.plan_session(
        participant=siti, by=dewi, day=tomorrow, start=time(1, 0), mode="in_person", topics=["idea"]
    )
    assert session.time_zone == "Asia/Jakarta"
    actions.add_action_item(
        participant=siti, by=dewi, text="Hitung modal", due_on=date.today() - timedelta(days=2)
    )
    now = session.starts_at - timedelta(hours=2)
    assert actions.send_due_reminders(now=now) == {"sessions": 1, "items": 1}
    assert actions.send_due_reminders(now=now) == {"sessions": 0, "items": 0}
    with pytest.raises(PermissionDenied):
        actions.plan_session(
            participant=siti, by=assigned["far"].user, day=tomorrow, start=time(9), mode="remote"
        )


def test_the_plan_is_written_returned_with_a_comment_then_approved(client, assigned, siti_user):
    siti, dewi = assigned["bekasi"][0], assigned["near"].user
    client.force_login(siti_user)
    response = client.post(
        "/pendampingan/saya/rencana/costing/", {"price_per_unit": "9000", "variable_cost_per_unit": "9000"}
    )
    assert response.status_code == 302  # saved; the figures refuse it on the plan page
    client.post("/pendampingan/saya/rencana/sales_plan/", {"m0_units": "10"})
    page = client.get("/pendampingan/saya/rencana/")
    assert "data-problems" in page.content.decode() and "price_per_unit" in page.content.decode()
    for key, data in PLAN.items():
        if key == "sales_plan":
            data = {f"m{n}_{name}": row[name] for n, row in enumerate(data["months"]) for name in row}
        assert client.post(f"/pendampingan/saya/rencana/{key}/", data).status_code == 302, key
    assert client.post("/pendampingan/saya/rencana/kirim/").status_code == 302
    plan = BusinessPlan.objects.get(participant=siti)
    assert plan.status == BusinessPlan.Status.SUBMITTED
    assert client.post("/pendampingan/saya/rencana/costing/", {"price_per_unit": "1"}).status_code == 422

    client.force_login(dewi)
    assert client.post(f"/pendampingan/kasus/{siti.pk}/rencana/", {"decision": "return"}).status_code == 422
    response = client.post(
        f"/pendampingan/kasus/{siti.pk}/rencana/",
        {"decision": "return", "comment_market": "Berapa pelanggan?"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (BusinessPlan.Status.RETURNED, 2)

    client.force_login(siti_user)
    assert "Berapa pelanggan?" in client.get("/pendampingan/saya/rencana/market/").content.decode()
    client.post("/pendampingan/saya/rencana/market/", {"customers": "200 warung", "competitors": "Dua"})
    client.post("/pendampingan/saya/rencana/kirim/")
    client.force_login(dewi)
    client.post(f"/pendampingan/kasus/{siti.pk}/rencana/", {"decision": "approve"})
    plan.refresh_from_db()
    assert plan.status == BusinessPlan.Status.APPROVED
    assert Milestone.objects.filter(participant=siti, kind=Milestone.Kind.PLAN_APPROVED).exists()
    assert plan.versions.count() == 2
    decisions = Message.objects.filter(recipient=siti_user, event="plan_decided").order_by("id")
    assert [m.params["decision"] for m in decisions] == [m.subject for m in decisions] and len(decisions) == 2


def test_the_plan_page_draws_the_closing_balance_and_warns_below_zero(client, assigned, siti_user):
    client.force_login(siti_user)
    client.post(
        "/pendampingan/saya/rencana/startup_capital/",
        {"start_up_costs": "9500000", "opening_cash": "2000000"},
    )
    client.post(
        "/pendampingan/saya/rencana/costing/",
        {"price_per_unit": "15000", "variable_cost_per_unit": "9000", "fixed_costs_per_month": "1200000"},
    )
    client.post("/pendampingan/saya/rencana/sales_plan/", {f"m{n}_units": "150" for n in range(12)})
    html = client.get("/pendampingan/saya/rencana/").content.decode()
    assert "<svg" in html and "data-negative" in html and "data-warning" in html


def test_a_mentoring_letter_is_a_verifiable_document(client, assigned, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    siti, dewi = assigned["bekasi"][0], assigned["near"].user
    session = actions.plan_session(
        participant=siti, by=dewi, day=date.today(), start=time(9), mode="in_person"
    )
    with pytest.raises(actions.StateError):
        actions.issue_mentoring_letter(participant=siti, by=dewi)
    actions.record_session(session, by=dewi, status=CoachingSession.Status.HELD, notes="Ide usaha")
    letter = actions.issue_mentoring_letter(participant=siti, by=dewi)
    assert letter.document.number.startswith("SKP/")
    response = client.get(f"/verify/{letter.document.code}")
    assert response.status_code == 200 and "Siti" in response.content.decode()
