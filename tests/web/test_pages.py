"""The web shell through Django's test client: home pages per role, language, errors, audit."""

import re
from datetime import UTC, datetime
from http import HTTPStatus

import pytest

from wirausaha.accounts.models import Organisation, Role
from wirausaha.common.models import AuditEvent
from wirausaha.registry.models import Participant
from wirausaha.testing import make_organisation, make_participant, make_user

pytestmark = pytest.mark.django_db


def one_user_per_role():
    partner = make_organisation("Bank Contoh", Organisation.Kind.FINANCING_PARTNER)
    centre = make_organisation("BBPVP Bekasi", Organisation.Kind.TRAINING_CENTRE, "32.75")
    scope = {
        Role.PROVINCIAL_OFFICER: {"region": "32"},
        Role.REGENCY_OFFICER: {"region": "32.16"},
        Role.CENTRE_OPERATOR: {"organisation": centre},
        Role.TRAINER: {"organisation": centre},
        Role.MINISTRY_PARTNER: {"organisation": partner},
        Role.FINANCING_PARTNER: {"organisation": partner},
        Role.MARKET_PARTNER: {"organisation": partner},
    }
    users = [make_user(role.value.replace("_", "."), role, **scope.get(role, {})) for role in Role]
    participant = next(user for user in users if user.role == Role.PARTICIPANT)
    make_participant("Siti Rahmawati", user=participant)
    return users


def internal_links(html: str) -> set[str]:
    links = set(re.findall(r'href="(/[^"#]*)"', html))
    return {link for link in links if not link.startswith("/static/")}


def test_every_role_has_a_home_page_whose_links_all_work(client):
    for user in one_user_per_role():
        client.force_login(user)
        home = client.get("/")
        assert home.status_code == HTTPStatus.OK, user.role
        html = home.content.decode()
        assert str(user.get_role_display()) in html
        links = internal_links(html)
        assert len(links) >= 3, user.role
        for link in links:
            response = client.get(link)
            assert response.status_code == HTTPStatus.OK, (user.role, link, response.status_code)


def test_home_pages_say_what_each_role_does(client):
    users = {user.role: user for user in one_user_per_role()}
    client.force_login(users[Role.REGENCY_OFFICER])
    assert "/peserta/" in client.get("/").content.decode()
    client.force_login(users[Role.AUDITOR])
    assert "/akun/audit/" in client.get("/").content.decode()
    client.force_login(users[Role.PARTICIPANT])
    html = client.get("/").content.decode()
    assert "/peserta/saya/" in html
    assert '/peserta/"' not in html
    assert "gratis" in html


def test_the_language_switch_turns_the_interface_to_english_and_back(client, bekasi_officer):
    client.force_login(bekasi_officer)
    assert "Yang dapat Anda lakukan" in client.get("/").content.decode()

    response = client.post("/bahasa/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "What you can do next" in html

    client.post("/bahasa/", {"language": "id", "next": "/"})
    assert 'lang="id"' in client.get("/").content.decode()


def test_the_language_switch_works_before_logging_in(client):
    response = client.post("/bahasa/", {"language": "en", "next": "/masuk/"}, follow=True)
    assert "Log in to Wirausaha" in response.content.decode()


def test_an_unknown_page_is_a_404_in_indonesian(client, bekasi_officer):
    client.force_login(bekasi_officer)
    response = client.get("/tidak-ada/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_the_audit_trail_is_for_auditors_only(client, auditor, bekasi_officer):
    client.force_login(bekasi_officer)
    assert client.get("/akun/audit/").status_code == HTTPStatus.FORBIDDEN
    client.force_login(auditor)
    response = client.get("/akun/audit/", {"verb": "user.created"})
    assert response.status_code == HTTPStatus.OK
    assert "user.created" in response.content.decode()


def audit_rows(response) -> str:
    """The audit trail's table body: what the page lists, without the filter's list of actions."""
    html = response.content.decode()
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""


def test_the_audit_trail_reads_as_words_and_filters_by_action_and_day(client, auditor, national_admin):
    make_user("baru", Role.AUDITOR)
    person = make_participant("Budi Santoso", village="32.16.02.2001", sex="M")
    AuditEvent.objects.create(
        actor_label="disnaker.bekasi",
        verb="participant.updated",
        target_type="registry.participant",
        target_id=str(person.pk),
        target_label=str(person),
        changes={"sex": ["M", "F"]},
    )
    old = AuditEvent.objects.create(actor_label="system", verb="wave.drawn", changes={"selected": [0, 63]})
    AuditEvent.objects.filter(pk=old.pk).update(created_at=datetime(2026, 1, 5, 3, 0, tzinfo=UTC))
    client.force_login(auditor)

    html = audit_rows(client.get("/akun/audit/"))
    assert "Akun dibuat" in html and "<code" in html  # the label, with its code beside it
    assert "<strong>Peran</strong>: Auditor" in html  # a creation: the value alone, its choice named
    assert "<strong>Jenis kelamin</strong>: Laki-laki → Perempuan" in html
    assert f'<a href="/peserta/{person.pk}/">' in html  # the record's page
    assert client.get(f"/peserta/{person.pk}/").status_code == HTTPStatus.OK
    assert "<strong>Terpilih</strong>: 63<" in html  # counted from nothing: the count alone

    html = audit_rows(client.get("/akun/audit/", {"verb": "participant.updated"}))
    assert "Data peserta diubah" in html and "Akun dibuat" not in html
    for verb in ("participant.merged", "participant.merged_into"):
        AuditEvent.objects.create(actor_label="admin", verb=verb)
    html = audit_rows(client.get("/akun/audit/", {"verb": "participant.merged"}))
    assert "Data ganda digabungkan" in html
    assert "Data digabungkan ke data lain" not in html  # the chosen action only

    response = client.get("/akun/audit/", {"since": "2026-01-05", "until": "2026-01-05"})
    assert "1 kejadian" in response.content.decode()
    html = audit_rows(response)
    assert "Undian dilakukan" in html and "Akun dibuat" not in html


def test_wrong_audit_filters_are_named_and_the_others_still_apply(client, auditor, national_admin):
    make_user("baru", Role.AUDITOR)
    client.force_login(auditor)
    response = client.get("/akun/audit/", {"verb": "user.created", "since": "31/02/2026", "actor": ""})
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_since_error"' in response.content.decode()
    assert "Akun dibuat" in audit_rows(response)  # the action filter applies; the wrong date is left out
    response = client.get("/akun/audit/", {"since": "2026-03-01", "until": "2026-02-01"})
    assert "Tanggal akhir lebih awal dari tanggal mulai." in response.content.decode()
    response = client.get("/akun/audit/", {"verb": "no.such"})
    assert 'id="id_verb_error"' in response.content.decode()


def test_auditors_read_a_participants_field_history_with_the_nik_masked(client, auditor, bekasi_officer):
    person = make_participant("Budi Santoso", village="32.16.02.2001", sex="M")
    old_nik = person.nik
    person.full_name = "Budi Santoso Wijaya"
    person.nik = old_nik[:-4] + "9999"
    person.save()

    client.force_login(auditor)
    html = client.get(f"/peserta/{person.pk}/").content.decode()
    assert "Budi Santoso → Budi Santoso Wijaya" in html
    assert old_nik not in html and person.nik not in html
    assert old_nik[:6] + "******" + old_nik[-4:] in html

    client.force_login(bekasi_officer)
    assert "Riwayat perubahan" not in client.get(f"/peserta/{person.pk}/").content.decode()


def test_a_participant_sees_their_own_record_in_full(client, participant_user):
    client.force_login(participant_user)
    response = client.get("/peserta/saya/")
    person = Participant.objects.get(user=participant_user)
    assert response.status_code == HTTPStatus.OK
    assert person.nik in response.content.decode()
    assert client.get(f"/peserta/{person.pk}/").status_code == HTTPStatus.OK


def test_a_participant_cannot_open_someone_else(client, participant_user, bekasi_participant):
    client.force_login(participant_user)
    assert client.get(f"/peserta/{bekasi_participant.pk}/").status_code == HTTPStatus.NOT_FOUND


def test_region_pages_walk_down_from_provinces_to_villages(client, bekasi_officer):
    client.force_login(bekasi_officer)
    assert "Jawa Barat" in client.get("/referensi/wilayah/").content.decode()
    html = client.get("/referensi/wilayah/32.16.01/").content.decode()
    assert "Tarumajaya" in html and "Sagara Makmur" in html
    assert client.get("/referensi/wilayah/99.99/").status_code == HTTPStatus.NOT_FOUND


def test_kbli_search_finds_coffee(client, bekasi_officer):
    client.force_login(bekasi_officer)
    html = client.get("/referensi/kbli/", {"q": "kopi"}).content.decode()
    assert "Kopi" in html or "kopi" in html


def test_a_page_number_out_of_range_shows_the_last_page(client, jabar_officer):
    for index in range(30):
        make_participant(f"Peserta {index:02d}", village="32.73.01.1001")
    client.force_login(jabar_officer)
    response = client.get("/peserta/", {"page": "999"})
    assert response.status_code == HTTPStatus.OK
    assert "Halaman 2 dari 2" in response.content.decode()


def test_htmx_and_the_stylesheet_are_served_by_the_application(client, bekasi_officer):
    client.force_login(bekasi_officer)
    html = client.get("/").content.decode()
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert "django_htmx/htmx" in scripts[0]
    for src in scripts + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
        assert client.get(src).status_code == HTTPStatus.OK


def test_creating_a_user_leaves_an_audit_event(national_admin):
    make_user("baru", Role.AUDITOR)
    assert AuditEvent.objects.filter(verb="user.created", target_label="baru").exists()


def test_indonesian_is_shown_even_to_a_browser_set_to_english(client):
    html = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in html
    assert "Masuk ke Wirausaha" in html
