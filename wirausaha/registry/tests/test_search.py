"""Searching the registry: by NIK prefix, by part of a name (ranked, at least three letters), by
region; the same rules on the page and in the API."""

import pytest

from wirausaha.common.errors import InvalidInput
from wirausaha.registry.queries import search_participants, search_participants_filtered
from wirausaha.testing import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        name: make_participant(name, village=village, phone=f"+62812000000{n:02}")
        for n, (name, village) in enumerate(
            [
                ("Nursiti Handayani", "32.16.01.2001"),
                ("Siti Aminah", "32.16.02.2001"),
                ("Ahmad Sitompul", "32.16.01.2001"),
                ("Budi Santoso", "32.73.01.1001"),
                ("Siti Badriah", "51.71.01.1001"),
            ]
        )
    }


def test_a_part_of_a_name_finds_names_starting_with_it_first(people, national_admin):
    found = [p.full_name for p in search_participants(national_admin, "  siti ")]
    assert found == [
        "Siti Aminah",
        "Siti Badriah",
        "Nursiti Handayani",
    ]


def test_digits_search_the_nik_by_prefix(people, national_admin):
    person = people["Budi Santoso"]
    assert list(search_participants(national_admin, person.nik[:10])) == [person]


def test_a_region_filter_takes_a_province_a_regency_or_a_district(people, national_admin):
    def names(region):
        return sorted(p.full_name for p in search_participants_filtered(national_admin, region=region))

    assert names("51") == ["Siti Badriah"]
    assert names("32.16") == ["Ahmad Sitompul", "Nursiti Handayani", "Siti Aminah"]
    assert names("32.16.01") == ["Ahmad Sitompul", "Nursiti Handayani"]
    assert names("32.16.01.2001") == ["Ahmad Sitompul", "Nursiti Handayani"]


def test_the_officers_scope_still_applies(people, bekasi_officer):
    assert [p.full_name for p in search_participants(bekasi_officer, "siti")] == [
        "Siti Aminah",
        "Nursiti Handayani",
    ]


def test_two_letters_of_a_name_are_refused_on_the_page_and_in_the_api(people, client, national_admin):
    with pytest.raises(InvalidInput) as refused:
        search_participants(national_admin, "si")
    assert "3" in refused.value.errors["q"]
    client.force_login(national_admin)
    page = client.get("/peserta/", {"q": "si"}, HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200
    assert 'aria-invalid="true"' in page.content.decode()
    assert len(page.context["page"].object_list) == 5  # the list without the refused search
    api = client.get("/api/v1/participants", {"q": "si"})
    assert api.status_code == 422
    assert "q" in api.content.decode()


def test_a_region_filter_never_widens_an_officers_scope(people, jabar_officer, bekasi_officer):
    def names(user, region):
        return sorted(p.full_name for p in search_participants_filtered(user, region=region))

    assert names(jabar_officer, "32.16") == ["Ahmad Sitompul", "Nursiti Handayani", "Siti Aminah"]
    assert names(jabar_officer, "51") == []  # Bali is outside West Java
    assert names(bekasi_officer, "32") == ["Ahmad Sitompul", "Nursiti Handayani", "Siti Aminah"]
    assert names(bekasi_officer, "32.73") == []  # Kota Bandung is West Java, not Bekasi
