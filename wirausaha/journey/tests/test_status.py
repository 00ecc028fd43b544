"""The participant's status page: where they stand, what comes next, their waves and messages."""

import pytest
from django.conf import settings

from wirausaha.registry.actions import request_correction


@pytest.fixture
def client(client):
    # Messages are checked in the English source text, whatever the Indonesian translation says.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def siti(participant_user):
    return participant_user.participant


def test_once_verified_what_next_follows_the_furthest_wave_step(client, siti, bekasi_officer):
    from wirausaha.programs.models import EnrolmentState
    from wirausaha.registry.actions import verify_participant
    from wirausaha.testing import make_selected_wave

    verify_participant(siti, by=bekasi_officer)
    client.force_login(siti.user)
    assert "You can take part in the next wave" in client.get("/peserta/saya/status/").content.decode()

    make_selected_wave("PHK-2025-8", participants=[siti])
    later = make_selected_wave("PHK-2026-1", participants=[siti])
    later.enrolments.update(state=EnrolmentState.IN_TRAINING)
    html = client.get("/peserta/saya/status/").content.decode()

    assert "You are in training in Gelombang PHK-2026-1." in html
    assert "You can take part in the next wave" not in html
    assert html.index("Gelombang PHK-2026-1") < html.index("Gelombang PHK-2025-8")  # newest wave first
    for url in ("/gelombang/PHK-2026-1/", "/pelatihan/jadwal/", "/pelatihan/sertifikat/saya/"):
        assert f'href="{url}"' in html


def test_status_page_says_the_state_the_officers_note_what_next_and_shows_messages(
    client, siti, bekasi_officer
):
    request_correction(siti, by=bekasi_officer, reason="Foto surat PHK tidak terbaca.")
    client.force_login(siti.user)

    html = client.get("/peserta/saya/status/").content.decode()

    assert "Correction requested" in html
    assert "Foto surat PHK tidak terbaca." in html
    assert "The labour office asks you to correct your data." in html
    assert "Mohon perbaiki pendaftaran Anda" in html  # the message sent by the action, in Indonesian
    for url in ("/peserta/saya/ubah/", "/peserta/saya/nik/", "/peserta/saya/data/", "/peserta/saya/"):
        assert f'href="{url}"' in html
