"""The real Kemnaker centres, the synthetic demo centres, the course catalogue and the demo
cohorts, loaded into the database."""

from collections import Counter
from datetime import date

import pytest
from django.db.models import Count

from wirausaha.accounts.models import Organisation
from wirausaha.centres.catalogue import COURSES
from wirausaha.centres.loaders import (
    KEMNAKER,
    load_courses,
    load_demo_centres,
    load_demo_cohorts,
    load_kemnaker_centres,
)
from wirausaha.centres.models import Cohort, Course, TrainingCentre
from wirausaha.centres.synthetic import largest_remainder
from wirausaha.reference.models import Region, Sector

pytestmark = pytest.mark.django_db

Kind = TrainingCentre.Kind


def test_the_kemnaker_centres_are_loaded_once_and_marked_as_run_by_the_ministry():
    assert load_kemnaker_centres() == (21, 21)
    TrainingCentre.objects.filter(short_name="BBPVP Medan").update(operated_by="")

    assert load_kemnaker_centres() == (0, 21)

    centres = TrainingCentre.objects.all()
    assert Counter(centres.values_list("kind", flat=True)) == {Kind.BBPVP: 6, Kind.BPVP: 15}
    assert set(centres.values_list("operated_by", flat=True)) == {KEMNAKER}
    assert not centres.filter(is_synthetic=True).exists()


def test_demo_centres_complete_the_government_network_and_spread_community_centres_by_population():
    load_kemnaker_centres()
    created = load_demo_centres()

    synthetic = TrainingCentre.objects.filter(is_synthetic=True)
    kinds = Counter(synthetic.values_list("kind", flat=True))
    assert created == synthetic.count() == 309 + 4000
    assert kinds == {Kind.UPTD_PROVINCE: 38, Kind.UPTD_REGENCY: 271, Kind.COMMUNITY: 4000}
    assert TrainingCentre.objects.exclude(kind=Kind.COMMUNITY).count() == 330
    # One provincial UPTD per province, in its capital: Bandung for West Java.
    west_java = synthetic.get(kind=Kind.UPTD_PROVINCE, region__parent__parent="32")
    assert west_java.region.parent_id == "32.73"
    assert west_java.operated_by == "Pemerintah Provinsi Jawa Barat"
    # Every synthetic centre and its organisation are flagged, and each organisation is one centre.
    assert not synthetic.filter(organisation__is_synthetic=False).exists()
    assert "Synthetic demo record" in synthetic.first().source_note
    assert Organisation.objects.filter(centre__in=synthetic).count() == synthetic.count()

    # Each centre sits in a district, inside Indonesia.
    assert set(synthetic.values_list("region__level", flat=True)) == {Region.Level.DISTRICT}
    assert not synthetic.exclude(latitude__range=(-11.5, 6.5), longitude__range=(94.5, 141.5)).exists()
    assert all(synthetic.values_list("operated_by", flat=True))

    # Community centres per regency: the population share of 4,000, rounded down or up.
    population = dict(Region.objects.filter(level=Region.Level.REGENCY).values_list("code", "population"))
    per_regency = Counter(
        dict(
            synthetic.filter(kind=Kind.COMMUNITY)
            .values("region__parent")
            .annotate(n=Count("id"))
            .values_list("region__parent", "n")
        )
    )
    whole = sum(population.values())
    for code, people in population.items():
        assert abs(per_regency[code] - 4000 * people / whole) < 1, code
    assert per_regency == Counter({k: v for k, v in largest_remainder(4000, population).items() if v})
    assert per_regency["32.01"] == 82  # Kabupaten Bogor, the most populous regency


def test_loading_the_demo_centres_again_creates_nothing():
    load_demo_centres()
    before = (TrainingCentre.objects.count(), Organisation.objects.count())

    assert load_demo_centres() == 0
    assert (TrainingCentre.objects.count(), Organisation.objects.count()) == before


def test_the_course_catalogue_is_loaded_once_with_real_kbli_sectors():
    assert load_courses() == len(COURSES)
    Course.objects.filter(code="KWU-BARISTA").update(title="Barista (diubah)")

    assert load_courses() == 0

    assert Course.objects.get(code="KWU-BARISTA").title == "Barista (diubah)"
    assert 10 <= Course.objects.count() <= 14
    for course in Course.objects.all():
        assert Sector.objects.filter(pk=course.sector_id).exists()
        assert course.entrepreneurship_jp > 0 and course.technical_jp > 0
        assert (course.min_attendance_percent, course.assessment_required, course.pass_score) == (
            80,
            True,
            70,
        )
        assert "rencana usaha" in course.description
    assert Course.objects.get(code="KWU-ROTI").sector_id.startswith("107")


def test_demo_cohorts_sit_in_the_window_and_are_made_once():
    load_kemnaker_centres()
    load_courses()
    window = {"window_start": date(2027, 1, 18), "window_end": date(2027, 4, 30)}

    created = load_demo_cohorts(**window)

    assert len(created) == Cohort.objects.count() == 42  # two at each of the 21 centres
    assert not Cohort.objects.exclude(
        starts_on__gte=date(2027, 1, 18), ends_on__lte=date(2027, 4, 30)
    ).exists()
    assert set(Cohort.objects.values_list("seats", "status")) == {(16, Cohort.Status.PLANNED)}
    bekasi = TrainingCentre.objects.get(short_name="BBPVP Bekasi")
    assert sorted(bekasi.cohorts.values_list("code", flat=True)) == [
        f"KLS-{bekasi.pk:05d}-001",
        f"KLS-{bekasi.pk:05d}-002",
    ]
    assert load_demo_cohorts(**window) == []
