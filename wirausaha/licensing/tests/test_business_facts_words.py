"""The business's facts read as sentences, never as a raw "ya"/"tidak" (issue #23): home-made food
is "Ya, dikemas…" or "Tidak", with a capital, in the page's language."""

import pytest
from django.test import Client

from .support import business, owner


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "home_food", "said", "not_said"),
    [
        ({}, "yes", "Ya, dikemas dan tahan di suhu ruang", ": ya"),
        ({"shelf_stable_packaged": False}, "yes", "Ya, tetapi tidak tahan di suhu ruang", ">ya · "),
        ({"home_produced_food": False, "shelf_stable_packaged": False}, "no", ">Tidak</dd>", ">tidak</dd>"),
    ],
)
def test_home_made_food_is_said_in_words(values, home_food, said, not_said):
    person = owner()
    business(person, **values)
    client = Client()
    client.force_login(person.user)
    page = client.get("/usaha/saya/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert f'data-home-food="{home_food}"' in page
    assert said in page and not_said not in page
    assert ">ya</dd>" not in page and ">ya ·" not in page


@pytest.mark.django_db
def test_the_place_is_said_by_its_names_not_its_code():
    person = owner()
    made = business(person)
    client = Client()
    client.force_login(person.user)
    page = client.get("/usaha/saya/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert f'data-village="{made.village_code}"' in page
    assert "Desa " in page and "Kabupaten Bekasi, Jawa Barat" in page
    assert f">{made.village_code}" not in page
