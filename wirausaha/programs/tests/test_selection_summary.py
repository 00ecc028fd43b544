"""The wave page's summary (issue #17): per state and per province, from one grouped pass over the
wave's enrolments, the same figures as counting each, in a number of queries that does not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wirausaha.programs.actions import selection_summary
from wirausaha.programs.models import Enrolment, EnrolmentState
from wirausaha.testing import make_participant, make_selected_wave

pytestmark = pytest.mark.django_db
S = EnrolmentState


def grow(wave, start: int, count: int) -> None:
    """`count` enrolments in Bekasi and Bali in several states, some seated on the other quota."""
    quotas = {quota.region_id: quota for quota in wave.quotas.all()}
    states = [S.SELECTED, S.WAITLISTED, S.INELIGIBLE, S.PLACED, S.APPLIED, S.WITHDRAWN]
    for n in range(start, start + count):
        bali = n % 3 == 0
        person = make_participant(f"Ringkas {n}", village="51.71.01.1001" if bali else "32.16.01.2001")
        state = states[n % len(states)]
        Enrolment.objects.create(
            wave=wave,
            participant=person,
            quota=quotas["51" if bali else "32"],
            state=state,
            rank=n,
            # One seat in four moved to the other province's quota.
            lottery_seat=("32" if bali else "51") if state == S.SELECTED and n % 4 == 0 else "",
        )


def expected(wave) -> dict:
    enrolments = list(Enrolment.objects.filter(wave=wave))
    counts = {state: sum(e.state == state for e in enrolments) for state in S.values}
    provinces = {}
    for quota in wave.quotas.all():
        province = provinces.setdefault(quota.region_id[:2], {"quota": 0, "selected": 0, "waitlisted": 0})
        province["quota"] += quota.seats
    for e in enrolments:
        if e.state == S.WAITLISTED:
            provinces[(e.quota_region or "--")[:2]]["waitlisted"] += 1
        elif e.state in (S.SELECTED, S.PLACED, S.IN_TRAINING, S.GRADUATED, S.NOT_PASSED, S.DROPPED_OUT):
            provinces[(e.lottery_seat or e.quota_region or "--")[:2]]["selected"] += 1
    return {"counts": counts, "provinces": dict(sorted(provinces.items()))}


def test_the_summary_counts_every_state_and_province_in_two_queries():
    wave = make_selected_wave("RINGKAS-1", quotas={"32": 10, "51": 5})
    grow(wave, 0, 6)
    with CaptureQueriesContext(connection) as few:
        small = selection_summary(wave)
    grow(wave, 6, 30)
    with CaptureQueriesContext(connection) as many:
        large = selection_summary(wave)
    assert {key: small[key] for key in ("counts", "provinces")} != {
        key: large[key] for key in ("counts", "provinces")
    }
    assert {key: large[key] for key in ("counts", "provinces")} == expected(wave)
    assert len(many) == len(few) == 2
