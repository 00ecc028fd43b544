"""A small history built by hand, whose every count the tests write down: five people, two waves."""

from dataclasses import dataclass
from datetime import date

from wirausaha.accounts.models import Role
from wirausaha.allocation.models import AllocationRun, Placement
from wirausaha.coaching.models import Assignment, Milestone
from wirausaha.coaching.tests.support import counselor
from wirausaha.monitoring.models import Arm, FollowUpAnswer, FollowUpRound
from wirausaha.programs.models import Enrolment, EnrolmentEvent, EnrolmentState
from wirausaha.registry.models import Sex
from wirausaha.testing import make_centre, make_cohort, make_participant, make_selected_wave, make_user

S = EnrolmentState


@dataclass
class History:
    wave: object
    other_wave: object
    round3: object
    people: dict
    centre: object


def _enrol(wave, participant, steps, outcome=""):
    enrolment = Enrolment.objects.create(
        wave=wave, participant=participant, state=steps[-1], lottery_outcome=outcome, points=0
    )
    previous = ""
    for step in steps:
        EnrolmentEvent.objects.create(enrolment=enrolment, from_state=previous, to_state=step)
        previous = step
    return enrolment


def build_history() -> History:
    """
    ani   Bekasi  F 1990  verified  applied>eligible>selected>placed>in_training>graduated; counselor,
                                    plan approved, NIB; 3 months: operating, Rp 2 juta, 1 paid worker
    bayu  Bekasi  M 1970  verified  applied>eligible>waitlisted; 3 months: not operating
    citra Bali    F 1985  verified  applied>ineligible
    dodi  Bandung M 1985  pending   (other wave) applied
    eka   Bekasi  F 1985  pending   applied>eligible>selected>placed>dropped_out; first sale
    """
    ani = make_participant("Ani", village="32.16.01.2001", sex=Sex.FEMALE, birth_date=date(1990, 3, 1))
    bayu = make_participant("Bayu", village="32.16.02.2001", sex=Sex.MALE, birth_date=date(1970, 3, 1))
    citra = make_participant("Citra", village="51.71.01.1001", sex=Sex.FEMALE)
    dodi = make_participant("Dodi", village="32.73.01.1001", sex=Sex.MALE)
    eka = make_participant("Eka", village="32.16.01.2001", sex=Sex.FEMALE)
    for person in (ani, bayu, citra):
        person.verification = "verified"
        person.save(update_fields=["verification"])
    wave = make_selected_wave("MON-1", quotas={"32": 5, "51": 5})
    other = make_selected_wave("MON-2", quotas={"32": 5})
    e_ani = _enrol(wave, ani, [S.APPLIED, S.ELIGIBLE, S.SELECTED, S.PLACED, S.IN_TRAINING, S.GRADUATED], "S")
    _enrol(wave, bayu, [S.APPLIED, S.ELIGIBLE, S.WAITLISTED], "W")
    _enrol(wave, citra, [S.APPLIED, S.INELIGIBLE])
    _enrol(other, dodi, [S.APPLIED])
    e_eka = _enrol(wave, eka, [S.APPLIED, S.ELIGIBLE, S.SELECTED, S.PLACED, S.DROPPED_OUT], "S")
    centre = make_centre("BLK Monitoring")
    cohort = make_cohort(centre)
    run = AllocationRun.objects.create(
        wave=wave, status=AllocationRun.Status.CONFIRMED, max_km=75, sector_mismatch_km=25
    )
    for enrolment in (e_ani, e_eka):
        Placement.objects.create(run=run, enrolment=enrolment, cohort=cohort, distance_km=1, cost=1)
    coach = counselor("pendamping.monitoring")
    Assignment.objects.create(participant=ani, counselor=coach, status=Assignment.Status.ACTIVE)
    Assignment.objects.create(participant=bayu, status=Assignment.Status.DISCARDED)
    for kind in (Milestone.Kind.PLAN_APPROVED, Milestone.Kind.NIB):
        Milestone.objects.create(participant=ani, kind=kind, reached_on=date(2025, 11, 1))
    Milestone.objects.create(participant=eka, kind=Milestone.Kind.FIRST_SALE, reached_on=date(2025, 12, 1))
    round3 = FollowUpRound.objects.create(
        wave=wave, months=3, opens_on=date(2025, 12, 30), closes_on=date(2026, 1, 30)
    )
    FollowUpAnswer.objects.create(
        round=round3,
        participant=ani,
        arm=Arm.SELECTED,
        operating=True,
        monthly_revenue=2_000_000,
        workers_paid=1,
        household_income=4_000_000,
        channel=FollowUpAnswer.Channel.LINK,
    )
    FollowUpAnswer.objects.create(
        round=round3,
        participant=bayu,
        arm=Arm.WAITLISTED,
        operating=False,
        channel=FollowUpAnswer.Channel.PHONE,
    )
    people = {"ani": ani, "bayu": bayu, "citra": citra, "dodi": dodi, "eka": eka}
    return History(wave=wave, other_wave=other, round3=round3, people=people, centre=centre)


def centre_user(centre, username="operator.monitoring"):
    return make_user(username, Role.CENTRE_OPERATOR, organisation=centre.organisation)
