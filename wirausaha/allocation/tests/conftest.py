import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_messages():
    """Actions and commands speak the active language (Indonesian by default): the tests read the
    English source messages, except where a test says it reads Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture
def english(client):
    """Pages choose their language per request: this client reads them in English."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def three_provinces(db, centre_operator):
    """Wave PHK-2025-9, confirmed: two people in Kabupaten Bekasi, one in Kota Bandung and two in
    Denpasar. Classes: BBPVP Bekasi (the centre_operator's centre, 2 seats) and BLK Denpasar
    (1 seat), so one person in Denpasar and the one in Bandung (no class within 75 km) are unplaced.
    Returns the wave, the confirmed run and the two classes."""
    from wirausaha.allocation.actions import confirm_run, propose_run
    from wirausaha.allocation.tests.test_actions import BANDUNG, DENPASAR, TARUMAJAYA, centre, cohort, people
    from wirausaha.testing import make_selected_wave

    bekasi = centre("BBPVP Bekasi", region="32.75")
    denpasar = centre("BLK Denpasar", (-8.6705, 115.2126), region="51.71")
    in_bekasi, in_denpasar = cohort(bekasi, 2), cohort(denpasar, 1)
    wave_people = [*people(2, TARUMAJAYA), *people(1, BANDUNG), *people(2, DENPASAR, sector="47")]
    wave = make_selected_wave("PHK-2025-9", participants=wave_people, quotas={"32": 10, "51": 10})
    run = propose_run(wave=wave, by=None).run
    confirm_run(run, by=None)
    return wave, run, in_bekasi, in_denpasar
