"""The demo's coaching: `pendamping` has a caseload from an explained, confirmed run, has held a
session with `lulusan`, and has approved `lulusan`'s business plan (the capital demo starts from it:
wirausaha/demo/finance.py)."""

from io import StringIO

import pytest
from django.core.management import call_command

from wirausaha.accounts.models import User
from wirausaha.coaching.models import Assignment, AssignmentRun, BusinessPlan, CoachingSession, Counselor

pytestmark = pytest.mark.django_db


def test_the_demo_counselor_has_a_caseload_a_held_session_and_an_approved_plan(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--participants", "5", stdout=StringIO())
    run = AssignmentRun.objects.get()
    assert run.status == AssignmentRun.Status.CONFIRMED and run.assigned > 0
    pendamping = User.objects.get(username="pendamping")
    caseload = Assignment.objects.filter(counselor__user=pendamping, status=Assignment.Status.ACTIVE)
    assert (
        caseload.filter(run=run).exists() and caseload.filter(participant__user__username="lulusan").exists()
    )
    assert all(a.explanation.get("mode") for a in caseload.filter(run=run))
    assert Counselor.objects.values("base_district__parent__parent").distinct().count() >= 4
    assert CoachingSession.objects.filter(
        counselor__user=pendamping, status=CoachingSession.Status.HELD
    ).exists()
    plan = BusinessPlan.objects.get(participant__user__username="lulusan")
    assert plan.status == BusinessPlan.Status.APPROVED
    client.force_login(pendamping)
    page = client.get(f"/pendampingan/kasus/{plan.participant_id}/rencana/").content.decode()
    assert 'data-plan-status="approved"' in page and "<svg" in page
    call_command("seed_demo", "--participants", "5", stdout=StringIO())
    assert AssignmentRun.objects.count() == 1
