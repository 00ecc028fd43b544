"""Who may see which participant: one condition per test, as access rules deserve."""

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser

from wirausaha.accounts.models import Role
from wirausaha.registry.queries import participants_visible_to
from wirausaha.testing import make_user

pytestmark = pytest.mark.django_db


def visible(user) -> set[str]:
    return set(participants_visible_to(user).values_list("full_name", flat=True))


@pytest.fixture
def everyone(participant_user, bekasi_participant, bandung_participant, bali_participant):
    return {"Siti Rahmawati", "Budi Santoso", "Dewi Lestari", "Made Wirawan"}


def test_national_admin_sees_every_participant(national_admin, everyone):
    assert visible(national_admin) == everyone


def test_auditor_sees_every_participant(auditor, everyone):
    assert visible(auditor) == everyone


def test_provincial_officer_sees_the_whole_province(jabar_officer, everyone):
    assert visible(jabar_officer) == {"Siti Rahmawati", "Budi Santoso", "Dewi Lestari"}


def test_regency_officer_sees_only_the_regency(bekasi_officer, everyone):
    assert visible(bekasi_officer) == {"Siti Rahmawati", "Budi Santoso"}


def test_officer_of_another_province_sees_none_of_west_java(bali_officer, everyone):
    assert visible(bali_officer) == {"Made Wirawan"}


def test_participant_sees_only_themself(participant_user, everyone):
    assert visible(participant_user) == {"Siti Rahmawati"}


def test_centre_operator_sees_no_participant_without_an_assignment(centre_operator, everyone):
    assert visible(centre_operator) == set()


def test_counselor_sees_no_participant_without_an_assignment(counselor, everyone):
    assert visible(counselor) == set()


def test_anonymous_sees_nothing(everyone):
    assert visible(AnonymousUser()) == set()


def test_deactivated_officer_sees_nothing(jabar_officer, everyone):
    jabar_officer.is_active = False
    jabar_officer.save()
    assert visible(jabar_officer) == set()


def test_scope_prefix_does_not_leak_into_a_code_that_only_starts_alike(everyone, bekasi_participant):
    # Scope 32.1 must not match 32.16: prefixes are matched on whole dotted segments.
    officer = make_user("tasik", Role.REGENCY_OFFICER, region="32.06")
    assert visible(officer) == set()


def test_officer_opening_a_participant_out_of_scope_gets_404(client, bali_officer, bekasi_participant):
    client.force_login(bali_officer)
    response = client.get(f"/peserta/{bekasi_participant.pk}/")
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_officer_opening_a_participant_in_scope_gets_the_page(client, bekasi_officer, bekasi_participant):
    client.force_login(bekasi_officer)
    response = client.get(f"/peserta/{bekasi_participant.pk}/")
    assert response.status_code == HTTPStatus.OK
    assert bekasi_participant.nik in response.content.decode()


def test_missing_and_out_of_scope_participants_look_the_same(client, bali_officer, bekasi_participant):
    client.force_login(bali_officer)
    out_of_scope = client.get(f"/peserta/{bekasi_participant.pk}/")
    missing = client.get("/peserta/999999/")
    assert out_of_scope.status_code == missing.status_code == HTTPStatus.NOT_FOUND
    # The pages are the same but for the per-response CSRF token and the requested path.
    pages = [
        re.sub(rb"[A-Za-z0-9]{64}", b"", r.content).replace(path.encode(), b"")
        for r, path in ((out_of_scope, f"/peserta/{bekasi_participant.pk}/"), (missing, "/peserta/999999/"))
    ]
    assert pages[0] == pages[1]


def test_auditor_sees_niks_masked_in_the_list(client, auditor, bekasi_participant):
    client.force_login(auditor)
    html = client.get("/peserta/").content.decode()
    assert "Budi Santoso" in html
    assert bekasi_participant.nik not in html
    assert bekasi_participant.nik[:6] + "******" + bekasi_participant.nik[-4:] in html


def test_officer_sees_niks_in_full_in_the_list(client, bekasi_officer, bekasi_participant):
    client.force_login(bekasi_officer)
    assert bekasi_participant.nik in client.get("/peserta/").content.decode()


def test_officer_reads_and_dials_the_phone_as_people_write_it(
    client, bekasi_officer, auditor, bekasi_participant
):
    bekasi_participant.phone = "+6281234567890"
    bekasi_participant.save(update_fields=["phone"])
    client.force_login(bekasi_officer)
    html = client.get(f"/peserta/{bekasi_participant.pk}/").content.decode()
    assert '<a href="tel:+6281234567890">0812-3456-7890</a>' in html
    client.force_login(auditor)
    html = client.get(f"/peserta/{bekasi_participant.pk}/").content.decode()
    assert "+6281234567890" not in html and "0812-3456-7890" not in html  # masked for the auditor


def test_participant_list_is_not_for_partners(client, centre_operator):
    client.force_login(centre_operator)
    assert client.get("/peserta/").status_code == HTTPStatus.NOT_FOUND


def test_participant_list_searches_by_name_and_nik_prefix(
    client, jabar_officer, bekasi_participant, bandung_participant
):
    client.force_login(jabar_officer)
    by_name = client.get("/peserta/", {"q": "dewi"}).content.decode()
    assert "Dewi Lestari" in by_name and "Budi Santoso" not in by_name
    by_nik = client.get("/peserta/", {"q": bekasi_participant.nik[:8]}).content.decode()
    assert "Budi Santoso" in by_nik and "Dewi Lestari" not in by_nik
