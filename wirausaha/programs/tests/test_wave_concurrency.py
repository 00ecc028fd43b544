"""Seats stay exact when people withdraw at the same moment: each withdrawal hands its seat to the
next person on the waitlist under the quota's row lock. Real concurrent transactions need
PostgreSQL (CI runs it); SQLite serialises every write, so there is nothing to race there."""

import pytest
from django.db import connection

from wirausaha.programs.actions import IllegalTransition, withdraw_enrolment
from wirausaha.programs.models import Enrolment, EnrolmentEvent, EnrolmentState
from wirausaha.programs.tests.support import ACEH, BANDUNG, BEKASI, DENPASAR, crowd, drawn, make_wave
from wirausaha.testing import all_at_once

S = EnrolmentState

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent row locks need PostgreSQL (set DATABASE_URL; CI runs it)",
    ),
]


def withdraw_all_at_once(enrolment_ids: list[int]) -> tuple[list[int | None], list[BaseException]]:
    """One thread per enrolment, all released together; each thread has its own connection. Returns
    the promoted enrolment's id (or None) of each withdrawal that went through, and the failures."""

    def withdraw(pk: int):
        def call() -> int | None:
            result = withdraw_enrolment(
                Enrolment.objects.get(pk=pk), by=None, reason="withdrew at the same time"
            )
            return result.pk if result else None

        return call

    return all_at_once([withdraw(pk) for pk in enrolment_ids])


def test_concurrent_withdrawals_promote_one_each_while_the_waitlist_lasts(reference_regions):
    """Bekasi: all six selected leave at once, fourteen wait. Bali: all four selected leave at once,
    two wait. Each quota hands on as many seats as people leave, as long as its waitlist lasts."""
    cases = {BEKASI: (6, 20), DENPASAR: (4, 6)}  # village: (seats, applicants)
    wave = make_wave(quotas={"32.16": 6, "51": 4}, priorities=[])
    for village, (_seats, applicants) in cases.items():
        crowd(wave, village, applicants)
    drawn(wave)
    of = {village: wave.enrolments.filter(participant__domicile_id=village) for village in cases}
    selected = {v: list(of[v].filter(state=S.SELECTED).values_list("pk", flat=True)) for v in cases}
    waitlist = {
        v: list(of[v].filter(state=S.WAITLISTED).order_by("rank").values_list("pk", flat=True)) for v in cases
    }

    promoted, failures = withdraw_all_at_once([pk for pks in selected.values() for pk in pks])

    assert failures == []
    handed_on = [pk for pk in promoted if pk is not None]
    assert len(handed_on) == len(set(handed_on)) == 6 + 2
    for village, (seats, _applicants) in cases.items():
        # The first of the waitlist, in lottery order, whatever order the threads ran in.
        expected = waitlist[village][:seats]
        assert set(handed_on) & set(waitlist[village]) == set(expected)
        assert set(of[village].filter(state=S.SELECTED).values_list("pk", flat=True)) == set(expected)
        assert of[village].filter(state=S.WITHDRAWN).count() == seats
    promotions = EnrolmentEvent.objects.filter(
        enrolment__wave=wave, from_state=S.WAITLISTED, to_state=S.SELECTED
    )
    assert sorted(promotions.values_list("enrolment_id", flat=True)) == sorted(handed_on)


def test_waitlisted_people_leaving_while_seats_are_handed_on_lose_no_seat(reference_regions):
    """In each of four quotas, the four selected and the next three on the waitlist all withdraw at
    once. Whoever a seat is handed to may be leaving too, and then hands it on: in the end each
    quota's four seats are held by the first four people still there."""
    villages = [BEKASI, BANDUNG, DENPASAR, ACEH]
    wave = make_wave(quotas={"32.16": 4, "32.73": 4, "51": 4, "11": 4}, priorities=[])
    for village in villages:
        crowd(wave, village, 12)
    drawn(wave)
    by_quota = {
        village: list(
            wave.enrolments.filter(participant__domicile_id=village)
            .order_by("rank")
            .values_list("pk", flat=True)
        )
        for village in villages
    }

    promoted, failures = withdraw_all_at_once([pk for ranked in by_quota.values() for pk in ranked[:7]])

    assert failures == []
    assert len([pk for pk in promoted if pk is not None]) >= 4 * 4
    for ranked in by_quota.values():
        still = wave.enrolments.filter(pk__in=ranked)
        assert set(still.filter(state=S.SELECTED).values_list("pk", flat=True)) == set(ranked[7:11])
        assert still.get(state=S.WAITLISTED).pk == ranked[11]


def test_the_same_withdrawal_sent_twice_at_once_hands_on_one_seat(reference_regions):
    wave = make_wave(quotas={"32": 2}, priorities=[])
    crowd(wave, BEKASI, 6)
    drawn(wave)
    leaving = wave.enrolments.get(rank=1)

    promoted, failures = withdraw_all_at_once([leaving.pk] * 4)

    assert [pk for pk in promoted if pk is not None] == [wave.enrolments.get(rank=3).pk]
    assert len(failures) == 3
    assert all(isinstance(failure, IllegalTransition) for failure in failures)
    assert wave.enrolments.filter(state=S.SELECTED).count() == 2
    assert leaving.events.filter(to_state=S.WITHDRAWN).count() == 1
