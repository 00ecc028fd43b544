"""The demo's comparison wave: drawn by the real actions with half the seats, its 6-month round
answered by most of each arm, so that the impact page shows an estimate in every lottery group."""

import random

import pytest
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from wirausaha.demo import monitoring as demo
from wirausaha.demo.people import make_participants
from wirausaha.monitoring import actions, impact
from wirausaha.monitoring.models import FollowUpAnswer
from wirausaha.monitoring.queries import impact_rows
from wirausaha.registry.models import Participant, Verification

pytestmark = pytest.mark.django_db


def _people(count: int, seed: int, regency: str) -> None:
    people = make_participants(count, seed, set(), regency=regency)
    for person in people:
        person.verification = Verification.VERIFIED
    bulk_create_with_history(people, Participant, batch_size=100, default_change_reason="test")


def test_the_comparison_wave_gives_the_impact_page_an_estimate(national_admin, client):
    today = timezone.localdate()
    assert demo._comparison_wave(national_admin, today) is None  # nobody to draw yet
    _people(24, 1, "32.16")
    _people(16, 2, "31.71")
    wave = demo._comparison_wave(national_admin, today)
    wave.refresh_from_db()
    assert wave.status == "selected"
    assert wave.enrolments.filter(lottery_outcome="S").count() == 20
    assert wave.enrolments.filter(lottery_outcome="W").count() == 20
    round_ = actions.open_round(wave=wave, months=demo.COMPARISON_MONTHS, by=national_admin, today=today)
    demo._answer(round_, random.Random(7), skip=None, share=demo.COMPARISON_SHARE)
    assert 0.6 * 40 <= FollowUpAnswer.objects.filter(round=round_).count() < 40
    result = impact.estimate(impact_rows(round_))
    assert result["dropped_strata"] == []
    assert result["operating"]["effect"] is not None and result["income"]["effect"] is not None
    assert result["operating"]["n_selected"] >= 2 and result["operating"]["n_waitlisted"] >= 4
    client.force_login(national_admin)
    page = client.get(reverse("monitoring:impact", args=[round_.pk]))
    assert page.status_code == 200
    assert page.context["result"]["operating"]["effect"] == result["operating"]["effect"]
    assert demo._comparison_wave(national_admin, today) is None  # once only
