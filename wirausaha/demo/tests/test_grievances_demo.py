"""The demo's complaint: an anonymous report about the demo centre reached the West Java grievance
desk (not the centre), was escalated when late, was resolved at the national level, and the
reporter reads the outcome with the demo's tracking code."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from wirausaha.accounts.models import User
from wirausaha.common.models import AuditEvent
from wirausaha.demo.grievances import DEMO_CODE
from wirausaha.grievances.models import EscalationReason, Grievance, Status

pytestmark = pytest.mark.django_db


def test_the_demo_complaint_is_escalated_resolved_and_followed_with_its_code(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--participants", "5", stdout=StringIO())
    case = Grievance.objects.get(category="illegal_fee")
    assert case.centre.short_name == "BBPVP Bekasi" and case.is_anonymous
    assert case.status == Status.RESOLVED and case.escalation_reason == EscalationReason.LATE_ACKNOWLEDGEMENT
    assert case.assigned_to.username == "pengaduan"
    first = AuditEvent.objects.get(verb="grievance.reported", target_id=str(case.pk))
    assert first.changes["assigned_to"][1] == User.objects.get(username="pengaduan.jabar").pk

    reporter = Client()
    assert reporter.post("/pengaduan/lacak/", {"code": DEMO_CODE}).status_code == 302
    page = reporter.get("/pengaduan/lacak/kasus/").content.decode()
    assert "uang dikembalikan" in page and 'data-outcome="upheld"' in page

    operator = Client()
    operator.force_login(User.objects.get(username="operator.bekasi"))
    assert operator.get(f"/pengaduan/kasus/{case.pk}/").status_code == 404
    officer = Client()
    officer.force_login(User.objects.get(username="pengaduan"))
    assert officer.get(f"/pengaduan/kasus/{case.pk}/").status_code == 200
    assert officer.get("/pengaduan/antrean/").status_code == 200

    call_command("seed_demo", "--participants", "5", stdout=StringIO())
    assert Grievance.objects.count() == 3
