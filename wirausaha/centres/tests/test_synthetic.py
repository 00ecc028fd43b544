"""The plan of synthetic centres and demo cohorts, on plain data: no database."""

from datetime import date

import pytest

from wirausaha.centres.synthetic import (
    COMMUNITY,
    UPTD_PROVINCE,
    UPTD_REGENCY,
    CourseOffer,
    District,
    Regency,
    add_weekdays,
    cohort_code,
    cohort_number,
    government_sites,
    largest_remainder,
    plan_centres,
    plan_cohorts,
    training_days,
)


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (10, {"a": 1, "b": 1}, {"a": 5, "b": 5}),
        # Exact shares 3.33.., 3.33.., 3.33..: the one seat left goes to the smallest key.
        (10, {"a": 1, "b": 1, "c": 1}, {"a": 4, "b": 3, "c": 3}),
        # Shares 6.5, 2.6, 0.9: floors 6, 2, 0; the two seats left go to .9 and .6.
        (10, {"a": 65, "b": 26, "c": 9}, {"a": 6, "b": 3, "c": 1}),
        (0, {"a": 1}, {"a": 0}),
        (5, {"a": 0, "b": 0}, {"a": 0, "b": 0}),
    ],
)
def test_largest_remainder_gives_each_key_its_share_rounded_down_or_up(total, weights, expected):
    assert largest_remainder(total, weights) == expected


def test_largest_remainder_always_hands_out_the_whole_total():
    weights = {f"{i:02d}": (i * 7919) % 1000 + 1 for i in range(97)}
    counts = largest_remainder(4000, weights)
    whole = sum(weights.values())
    assert sum(counts.values()) == 4000
    for key, weight in weights.items():
        assert abs(counts[key] - 4000 * weight / whole) < 1


REGENCIES = [
    Regency("11.01", "Kabupaten Satu", 100_000, 3.0, 97.0),
    Regency("11.71", "Kota Banda Aceh", 250_000, 5.55, 95.32),
    Regency("12.01", "Kabupaten Tiga", 600_000, 2.0, 99.0),
    Regency("12.71", "Kota Medan", 2_500_000, 3.6, 98.67),
    Regency("31.71", "Kota Administrasi Jakarta Pusat", 1_000_000, -6.18, 106.83),
]
PROVINCES = {"11": "Aceh", "12": "Sumatera Utara", "31": "Daerah Khusus Ibukota Jakarta"}
DISTRICTS = [
    District(
        f"{regency.code}.{n:02d}",
        f"Kecamatan {regency.code}-{n}",
        regency.latitude + n / 100,
        regency.longitude,
    )
    for regency in REGENCIES
    for n in range(1, 4)
]


def test_each_province_gets_a_provincial_uptd_at_its_capital_then_the_most_populous_regencies():
    sites = government_sites(REGENCIES, PROVINCES, 5)
    assert [(kind, regency.code) for kind, regency in sites] == [
        (UPTD_PROVINCE, "11.71"),  # Banda Aceh, although Aceh's list has a regency first
        (UPTD_PROVINCE, "12.71"),
        (UPTD_PROVINCE, "31.71"),
        (UPTD_REGENCY, "12.01"),  # the most populous regency without a UPTD yet
        (UPTD_REGENCY, "11.01"),
    ]


def test_the_plan_has_unique_names_real_districts_and_small_jitter():
    plans = plan_centres(REGENCIES, DISTRICTS, PROVINCES, uptd_count=4, community_count=40)
    districts = {district.code: district for district in DISTRICTS}
    assert len({plan.short_name for plan in plans}) == len(plans) == 44
    assert all(len(plan.short_name) <= 80 for plan in plans)
    for plan in plans:
        district = districts[plan.district]
        assert district.regency == plan.regency
        assert abs(plan.latitude - district.latitude) <= 0.015
        assert abs(plan.longitude - district.longitude) <= 0.015
        assert "Synthetic demo record" in plan.source_note
    community = [plan for plan in plans if plan.kind == COMMUNITY]
    assert len(community) == 40
    # Medan has 2.5 of the 4.45 million people: 22.47 of the 40 community centres, rounded.
    assert sum(plan.regency == "12.71" for plan in community) in (22, 23)
    assert {plan.operated_by for plan in plans if plan.kind == UPTD_PROVINCE} == {
        "Pemerintah Provinsi Aceh",
        "Pemerintah Provinsi Sumatera Utara",
        "Pemerintah Provinsi Daerah Khusus Ibukota Jakarta",
    }
    assert {plan.operated_by for plan in plans if plan.kind == UPTD_REGENCY} == {"Pemerintah Kabupaten Tiga"}


def test_a_uptd_of_a_jakarta_administrative_city_is_run_by_the_province():
    east = Regency("31.75", "Kota Administrasi Jakarta Timur", 3_000_000, -6.25, 106.9)
    districts = [*DISTRICTS, District("31.75.01", "Matraman", -6.2, 106.86)]
    plans = plan_centres([*REGENCIES, east], districts, PROVINCES, uptd_count=4, community_count=0)
    (uptd,) = [plan for plan in plans if plan.kind == UPTD_REGENCY]
    assert (uptd.short_name, uptd.district) == ("UPTD BLK Kota Administrasi Jakarta Timur", "31.75.01")
    assert uptd.operated_by == "Pemerintah Provinsi Daerah Khusus Ibukota Jakarta"


def test_the_plan_is_the_same_for_the_same_inputs_and_differs_for_another_seed():
    first = plan_centres(REGENCIES, DISTRICTS, PROVINCES, uptd_count=4, community_count=40)
    again = plan_centres(
        list(reversed(REGENCIES)), list(reversed(DISTRICTS)), PROVINCES, uptd_count=4, community_count=40
    )
    other = plan_centres(REGENCIES, DISTRICTS, PROVINCES, uptd_count=4, community_count=40, seed=7)
    assert first == again
    assert first != other


def test_cohort_codes_carry_the_centre_and_a_number():
    assert cohort_code(42, 3) == "KLS-00042-003"
    assert cohort_number("KLS-00042-003", 42) == 3
    assert cohort_number("KLS-00042-003", 43) is None
    assert cohort_number("KLS-0001", 1) is None


def test_training_days_count_eight_lessons_a_day_on_weekdays():
    assert training_days(120) == 15
    assert training_days(121) == 16
    monday = date(2027, 1, 18)
    assert add_weekdays(monday, 1) == monday
    assert add_weekdays(monday, 5) == date(2027, 1, 22)
    assert add_weekdays(monday, 15) == date(2027, 2, 5)
    assert add_weekdays(date(2027, 1, 16), 1) == monday  # a Saturday start waits for Monday


def test_demo_cohorts_fit_the_window_and_government_centres_get_two():
    courses = [CourseOffer("A", 120, True), CourseOffer("B", 160, True), CourseOffer("C", 160, False)]
    centres = [(1, "BBPVP Bekasi", "bbpvp")] + [(n, f"BLK Komunitas {n}", COMMUNITY) for n in range(2, 60)]
    plans = plan_cohorts(centres, courses, window_start=date(2027, 1, 18), window_end=date(2027, 4, 30))
    assert sum(plan.centre_id == 1 for plan in plans) == 2
    for plan in plans:
        assert date(2027, 1, 18) <= plan.starts_on <= plan.ends_on <= date(2027, 4, 30)
        assert plan.seats == 16
        assert plan.centre_id == 1 or plan.course_code != "C"  # not offered at community centres
    per_centre = [sum(plan.centre_id == n for plan in plans) for n in range(2, 60)]
    assert set(per_centre) <= {0, 1, 2}
    assert sum(count > 0 for count in per_centre) >= 0.75 * len(per_centre)
    # A window too short for the second batch gets only the first.
    short = plan_cohorts(centres[:1], courses, window_start=date(2027, 1, 18), window_end=date(2027, 2, 28))
    assert [plan.starts_on for plan in short] == [date(2027, 1, 18)]
