"""A national admin defines a wave on a page: dates, seats per region, rules and the lottery's
randomness source, all checked at once; a draft is written whole or not at all."""

from http import HTTPStatus

import pytest

from wirausaha.common.models import AuditEvent
from wirausaha.programs.models import EligibilityRule, PriorityRule, Programme, Wave

pytestmark = pytest.mark.django_db

FORM = {
    "code": "LK-PHK-2027-1",
    "name": "Gelombang 2027-1",
    "opens_on": "2027-02-01",
    "closes_on": "2027-02-28",
    "selection_date": "2027-03-05",
    "training_starts_on": "2027-03-15",
    "training_ends_on": "2027-04-15",
    "quotas": "32.16=40\n51 : 20\n",
    "randomness_source": "Penutupan IHSG pada 1 Maret 2027",
    "laid_off_within_months": "12",
    "age_min": "18",
    "age_max": "60",
    "domicile_in_wave_regions": "on",
    "verified": "on",
    "women_points": "2",
    "long_unemployed_points": "1",
    "long_unemployed_months": "6",
}


@pytest.fixture
def programme(db):
    return Programme.objects.create(code="LK-PHK-2027", name="Layanan Kewirausahaan 2027")


def test_an_admin_defines_a_draft_wave_with_its_quotas_and_rules(client, national_admin, programme):
    client.force_login(national_admin)

    response = client.post("/gelombang/baru/", {**FORM, "programme": programme.pk})

    assert response.status_code == HTTPStatus.FOUND
    wave = Wave.objects.get(code="LK-PHK-2027-1")
    assert response["Location"] == f"/gelombang/{wave.code}/"
    assert (wave.status, wave.target) == (Wave.Status.DRAFT, 60)
    assert dict(wave.quotas.values_list("region_id", "seats")) == {"32.16": 40, "51": 20}
    rules = dict(wave.eligibility_rules.values_list("kind", "params"))
    assert rules == {
        EligibilityRule.Kind.LAID_OFF_WITHIN_MONTHS: {"months": 12},
        EligibilityRule.Kind.AGE_BETWEEN: {"min": 18, "max": 60},
        EligibilityRule.Kind.DOMICILE_IN_WAVE_REGIONS: {},
        EligibilityRule.Kind.VERIFIED: {},
    }
    assert dict(wave.priority_rules.values_list("kind", "points")) == {
        PriorityRule.Kind.WOMEN: 2,
        PriorityRule.Kind.LONG_UNEMPLOYED: 1,
    }
    # The public value can only be known after the end of the closing day (WIB).
    assert wave.randomness_published_after.isoformat() == "2027-02-28T17:00:00+00:00"
    assert AuditEvent.objects.filter(
        verb="wave.defined", target_id=str(wave.pk), actor=national_admin
    ).exists()


def test_every_problem_is_named_at_once_and_nothing_is_written(client, national_admin, programme):
    client.force_login(national_admin)

    response = client.post(
        "/gelombang/baru/",
        {
            **FORM,
            "programme": programme.pk,
            "code": "x",
            "selection_date": "2027-02-10",
            "quotas": "32.16=40\n32.16=5\n99=3\nbekasi 40",
        },
    )

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    page = response.content.decode()
    for expected in ("32.16", "99", "Line 4", "LK-PHK-2027-1"):
        assert expected in page or expected.replace("Line", "Baris") in page
    assert 'id="id_selection_date_error"' in page
    assert not Wave.objects.exists()


def test_a_province_and_one_of_its_regencies_cannot_both_have_quotas(client, national_admin, programme):
    client.force_login(national_admin)

    response = client.post(
        "/gelombang/baru/", {**FORM, "programme": programme.pk, "quotas": "32=100\n32.16=10"}
    )

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert not Wave.objects.exists()


def test_a_code_in_use_is_refused(client, national_admin, programme):
    client.force_login(national_admin)
    client.post("/gelombang/baru/", {**FORM, "programme": programme.pk})

    again = client.post("/gelombang/baru/", {**FORM, "programme": programme.pk, "code": "lk-phk-2027-1"})

    assert again.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert Wave.objects.count() == 1


def test_only_a_national_admin_defines_waves(client, jabar_officer):
    client.force_login(jabar_officer)
    assert client.get("/gelombang/baru/").status_code == HTTPStatus.NOT_FOUND
