"""Each indicator against the counts written by hand for the history in support.py."""

from datetime import date

import pytest

from wirausaha.accounts.models import Role
from wirausaha.monitoring.indicators import Filters, breakdown, conversions, totals
from wirausaha.testing import make_user

from .support import build_history, centre_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
EVERYONE = {
    "registered": 5,
    "verified": 3,
    "applied": 5,
    "eligible": 3,
    "selected": 2,
    "waitlisted": 1,
    "placed": 2,
    "in_training": 1,
    "graduated": 1,
    "counselor_assigned": 1,
    "plan_approved": 1,
    "nib": 1,
    "financing": 0,
    "first_sale": 1,
    "operating_3": 1,
    "operating_6": 0,
    "operating_12": 0,
    "workers_hired": 1,
    "monthly_revenue": 1,
}


@pytest.fixture
def history():
    return build_history()


def test_the_country_counts_each_indicator_in_people(history, national_admin):
    assert totals(national_admin, Filters(today=TODAY)) == EVERYONE


def test_the_ministry_partner_sees_the_same_country_numbers(history):
    partner = make_user("kemenumkm.test", Role.MINISTRY_PARTNER, organisation=history.centre.organisation)
    assert totals(partner, Filters(today=TODAY)) == EVERYONE


def test_a_person_who_reached_a_step_twice_counts_once(history, national_admin):
    from wirausaha.programs.models import EnrolmentEvent

    enrolment = history.people["ani"].enrolments.get()
    EnrolmentEvent.objects.create(enrolment=enrolment, from_state="graduated", to_state="graduated")
    assert totals(national_admin, Filters(today=TODAY))["graduated"] == 1


def test_a_provincial_office_counts_only_its_province(history, jabar_officer):
    counts = totals(jabar_officer, Filters(today=TODAY))
    # Citra (Bali) is out: registered 4, verified 2, applied 4, eligible 3.
    assert (counts["registered"], counts["verified"], counts["applied"], counts["eligible"]) == (4, 2, 4, 3)
    assert counts["selected"] == 2


def test_a_regency_office_counts_only_its_regency(history, bekasi_officer):
    counts = totals(bekasi_officer, Filters(today=TODAY))
    assert (counts["registered"], counts["verified"], counts["waitlisted"]) == (3, 2, 1)


def test_a_centre_counts_the_people_seated_in_its_classes(history):
    counts = totals(centre_user(history.centre), Filters(today=TODAY))
    assert (counts["registered"], counts["placed"], counts["graduated"], counts["first_sale"]) == (2, 2, 1, 1)
    assert counts["waitlisted"] == 0


def test_roles_without_a_dashboard_count_nothing(history, counselor, participant_user):
    for user in (counselor, participant_user):
        assert totals(user, Filters(today=TODAY))["registered"] == 0


def test_filters_by_wave_province_sex_and_age_band(history, national_admin):
    other = totals(national_admin, Filters(wave=history.other_wave.pk, today=TODAY))
    assert (other["registered"], other["applied"], other["selected"], other["operating_3"]) == (1, 1, 0, 0)
    assert totals(national_admin, Filters(province="51", today=TODAY))["registered"] == 1
    women = totals(national_admin, Filters(sex="F", today=TODAY))
    assert (women["registered"], women["selected"], women["waitlisted"]) == (3, 2, 0)
    # Bayu, born 1 March 1970, is 56 on 1 June 2026; the others are 36 or 40.
    assert totals(national_admin, Filters(age_band="55+", today=TODAY))["waitlisted"] == 1
    assert totals(national_admin, Filters(age_band="35-44", today=TODAY))["registered"] == 4
    assert totals(national_admin, Filters(age_band="18-24", today=TODAY))["registered"] == 0


def by_group(rows, key):
    return {row["group"]: row[key] for row in rows}


def test_breakdowns_by_each_dimension(history, national_admin):
    f = Filters(today=TODAY)
    assert by_group(breakdown(national_admin, f, "province"), "registered") == {"32": 4, "51": 1}
    assert by_group(breakdown(national_admin, f, "regency"), "registered") == {
        "32.16": 3,
        "32.73": 1,
        "51.71": 1,
    }
    assert by_group(breakdown(national_admin, f, "sex"), "selected") == {"F": 2, "M": 0}
    assert by_group(breakdown(national_admin, f, "age_band"), "registered") == {"35-44": 4, "55+": 1}
    assert by_group(breakdown(national_admin, f, "disability"), "registered") == {"none": 5}
    assert by_group(breakdown(national_admin, f, "wave"), "applied") == {"MON-1": 4, "MON-2": 1}
    assert by_group(breakdown(national_admin, f, "wave"), "selected") == {"MON-1": 2, "MON-2": 0}
    assert by_group(breakdown(national_admin, f, "centre"), "placed") == {"BLK Monitoring": 2, "-": 0}
    assert by_group(breakdown(national_admin, f, "centre"), "registered") == {"BLK Monitoring": 2, "-": 3}
    assert sum(by_group(breakdown(national_admin, f, "sector"), "registered").values()) == 5


def test_a_labour_office_breakdown_holds_no_other_region(history, jabar_officer):
    rows = breakdown(jabar_officer, Filters(today=TODAY), "province")
    assert by_group(rows, "registered") == {"32": 4}


def test_the_funnel_gives_the_share_of_the_previous_step():
    steps = conversions({"registered": 10, "verified": 5, "applied": 0, "eligible": 0})
    assert [s["conversion"] for s in steps[:4]] == [None, 50.0, 0.0, None]
