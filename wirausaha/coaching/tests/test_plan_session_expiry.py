"""Nothing typed in a plan section is lost when the login expires: the post is kept in the new
session, the login page is asked for, and after logging in again the section's form shows it."""

import pytest
from django.test import Client

from wirausaha.coaching.models import BusinessPlan
from wirausaha.testing import make_user

from .support import graduates

pytestmark = pytest.mark.django_db


@pytest.fixture
def siti(db):
    user = make_user("siti", "participant")
    graduates(("Siti",), users={"Siti": user})
    return user


def test_a_section_posted_after_the_login_expired_comes_back_after_logging_in(siti):
    browser = Client()
    browser.force_login(siti)
    assert browser.get("/pendampingan/saya/rencana/idea/").status_code == 200
    browser.session.flush()  # the session expires (as after SESSION_COOKIE_AGE)
    browser.cookies.pop("sessionid", None)
    typed = {"what": "Keripik singkong pedas", "who": "Warung sekolah", "need": "Camilan murah"}

    response = browser.post("/pendampingan/saya/rencana/idea/", typed)
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/") and "rencana/idea" in response["Location"]
    assert not BusinessPlan.objects.filter(content__idea__what="Keripik singkong pedas").exists()

    browser.force_login(siti)  # logging in keeps the anonymous session's data (cycle_key)
    html = browser.get("/pendampingan/saya/rencana/idea/").content.decode()
    assert "Keripik singkong pedas" in html and "Warung sekolah" in html
    # Shown once, then saved by the person like any other section.
    assert "Keripik singkong pedas" not in browser.get("/pendampingan/saya/rencana/idea/").content.decode()
    assert browser.post("/pendampingan/saya/rencana/idea/", typed).status_code == 302
    assert (
        BusinessPlan.objects.get(participant__user=siti).content["idea"]["what"] == "Keripik singkong pedas"
    )


def test_only_the_sections_fields_are_kept_and_not_for_another_section(siti):
    browser = Client()
    browser.post("/pendampingan/saya/rencana/idea/", {"what": "Es teh", "evil": "x" * 10})
    kept = browser.session["coaching.kept_section"]
    assert kept["key"] == "idea" and kept["data"] == {"what": "Es teh"}
    browser.force_login(siti)
    assert "Es teh" not in browser.get("/pendampingan/saya/rencana/market/").content.decode()
    assert "Es teh" in browser.get("/pendampingan/saya/rencana/idea/").content.decode()


def test_an_anonymous_visit_to_a_section_is_sent_to_the_login(db):
    response = Client().get("/pendampingan/saya/rencana/idea/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    assert Client().get("/pendampingan/saya/rencana/nothing/").status_code == 404
