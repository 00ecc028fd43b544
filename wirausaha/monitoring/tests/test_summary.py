"""The indicator summary against the live counts: after a refresh every total and every breakdown the
dashboard reads is the same as counted live, in every scope that reads it; a follow-up answer counts
at once, other steps at the next refresh (the page says when the data is from)."""

from datetime import date

import pytest
from django.urls import reverse

from wirausaha.accounts.models import Role
from wirausaha.monitoring import indicators, summary
from wirausaha.monitoring.actions import submit_answer
from wirausaha.monitoring.models import Arm, FollowUpInvite, IndicatorCell, IndicatorRefresh
from wirausaha.monitoring.stale import sweep
from wirausaha.programs.models import EnrolmentEvent, EnrolmentState
from wirausaha.testing import make_user

from .support import _enrol, build_history, centre_user
from .test_indicators import EVERYONE

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
DIMENSIONS = ("province", "regency", "sex", "age_band", "disability", "sector", "wave")


@pytest.fixture
def history():
    built = build_history()
    S = EnrolmentState
    # Ani applies again in the other wave: all waves together still count her once.
    _enrol(built.other_wave, built.people["ani"], [S.APPLIED, S.ELIGIBLE])
    return built


def _users(history, national_admin):
    return [
        national_admin,
        make_user("kemenumkm.t", Role.MINISTRY_PARTNER, organisation=history.centre.organisation),
        make_user("jabar.t", Role.PROVINCIAL_OFFICER, region="32"),
        make_user("bekasi.t", Role.REGENCY_OFFICER, region="32.16"),
        make_user("bali.t", Role.PROVINCIAL_OFFICER, region="51"),
    ]


def test_after_a_refresh_every_total_and_breakdown_equals_the_live_count(history, national_admin):
    summary.refresh(today=TODAY)
    assert IndicatorRefresh.objects.get().finished_at is not None
    filters = [
        indicators.Filters(today=TODAY),
        indicators.Filters(wave=history.wave.pk, today=TODAY),
        indicators.Filters(wave=history.other_wave.pk, today=TODAY),
        indicators.Filters(province="32", sex="F", today=TODAY),
        indicators.Filters(age_band="35-44", today=TODAY),
    ]
    answered = 0
    for user in _users(history, national_admin):
        for f in filters:
            found = summary.totals(user, f)
            assert found == indicators.totals(user, f), (user.username, f)
            for dimension in DIMENSIONS:
                rows = summary.breakdown(user, f, dimension)
                if rows is None:  # a regency's officer by disability or sector: counted live
                    assert user.role == Role.REGENCY_OFFICER and dimension in ("disability", "sector")
                    continue
                assert rows == indicators.breakdown(user, f, dimension), (user.username, f, dimension)
                answered += 1
    assert answered > 100
    assert summary.totals(national_admin, indicators.Filters(today=TODAY)) == EVERYONE
    assert (
        summary.totals(national_admin, indicators.Filters(wave=history.other_wave.pk, today=TODAY))["applied"]
        == 2
    )


def test_what_the_summary_cannot_say_is_counted_live(history, national_admin):
    summary.refresh(today=TODAY)
    f = indicators.Filters(today=TODAY)
    assert summary.breakdown(national_admin, f, "centre") is None
    operator = centre_user(history.centre)
    assert summary.totals(operator, f) is None
    assert summary.read_totals(operator, f) == indicators.totals(operator, f)
    assert summary.read_totals(operator, f)["registered"] == 2  # Ani and Eka sit in its class


def test_without_a_refresh_the_counts_are_live(history, national_admin):
    f = indicators.Filters(today=TODAY)
    assert summary.totals(national_admin, f) is None
    assert summary.read_totals(national_admin, f) == EVERYONE


def test_an_answer_counts_at_once_other_steps_at_the_next_refresh(history, national_admin):
    summary.refresh(today=TODAY)
    f = indicators.Filters(today=TODAY)
    eka = history.people["eka"]
    FollowUpInvite.objects.create(round=history.round3, participant=eka, arm=Arm.SELECTED, stratum="32|1")
    submit_answer(
        round_=history.round3,
        participant_id=eka.pk,
        data={"operating": True, "monthly_revenue": 1_000_000, "workers_paid": 2},
        channel="phone",
        by=national_admin,
    )
    for wave in (None, history.wave.pk):
        g = indicators.Filters(wave=wave, today=TODAY)
        assert summary.totals(national_admin, g) == indicators.totals(national_admin, g)
    assert summary.totals(national_admin, f)["operating_3"] == 2
    assert summary.totals(national_admin, f)["workers_hired"] == 2
    # A second submission that changes the answer back takes it away again.
    submit_answer(
        round_=history.round3, participant_id=eka.pk, data={"operating": False}, channel="phone", by=None
    )
    assert summary.totals(national_admin, f) == indicators.totals(national_admin, f)
    # A step of the event log shows at the next refresh.
    enrolment = history.people["bayu"].enrolments.get()
    EnrolmentEvent.objects.create(enrolment=enrolment, from_state="waitlisted", to_state="selected")
    assert summary.totals(national_admin, f)["selected"] == 2
    assert indicators.totals(national_admin, f)["selected"] == 3
    summary.refresh(today=TODAY)
    assert summary.totals(national_admin, f)["selected"] == 3
    assert IndicatorRefresh.objects.count() == 1


def test_the_dashboard_says_how_fresh_its_numbers_are(history, national_admin, client):
    client.force_login(national_admin)
    page = client.get(reverse("monitoring:dashboard"))
    assert page.context["data_as_of"] is None
    run = summary.refresh()
    page = client.get(reverse("monitoring:dashboard"))
    assert page.context["data_as_of"] == run.finished_at
    assert b"data-freshness" in page.content
    assert page.context["funnel"][0]["count"] == 5


def test_the_sweep_queues_a_refresh_when_the_summary_is_old_and_not_twice(history, settings):
    assert sweep()["indicator summary refreshes queued"] == 1
    assert sweep()["indicator summary refreshes queued"] == 0  # claimed, or done: not again
    assert IndicatorRefresh.objects.count() == 1
    settings.SUMMARY_MAX_AGE = 0
    assert summary.is_due()


def test_a_queued_refresh_fills_the_row_the_sweep_claimed(history):
    claimed = summary.claim()
    assert not summary.is_due()
    assert summary.latest() is None  # not finished: the pages still count live
    run = summary.refresh(run_id=claimed.pk)
    assert run.pk == claimed.pk and run.finished_at and IndicatorCell.objects.exists()
    assert summary.latest() == run
