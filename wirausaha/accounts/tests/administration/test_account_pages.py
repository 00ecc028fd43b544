"""A national admin manages accounts and organisations on pages of the app, every change audited;
nobody else sees these pages; a new person chooses their own password through a one-time link."""

import re
from http import HTTPStatus

import pytest

from wirausaha.accounts.models import Organisation, Role, User
from wirausaha.common.models import AuditEvent

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Kopi-Tubruk-2026!"


def one_time_link(response) -> str:
    return re.search(r'value="https?://[^/"]+(/akun/atur-sandi/[^"]+)"', response.content.decode()).group(1)


def test_an_admin_creates_an_officer_who_sets_her_own_password_through_a_link_that_works_once(
    client, national_admin
):
    client.force_login(national_admin)

    created = client.post(
        "/akun/kelola/baru/",
        {
            "username": "disnaker.bogor",
            "first_name": "Rina",
            "role": Role.REGENCY_OFFICER,
            "scope_region": "32.01",
        },
    )

    assert created.status_code == HTTPStatus.OK
    officer = User.objects.get(username="disnaker.bogor")
    assert (officer.role, officer.scope_region_id, officer.has_usable_password()) == (
        Role.REGENCY_OFFICER,
        "32.01",
        False,
    )
    assert AuditEvent.objects.filter(
        verb="user.created", target_id=str(officer.pk), actor=national_admin
    ).exists()
    link = one_time_link(created)
    client.logout()

    form = client.get(link, follow=True)
    saved = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert saved.status_code == HTTPStatus.FOUND
    signed_in = client.post("/masuk/", {"username": "disnaker.bogor", "password": NEW_PASSWORD})
    assert (signed_in.status_code, signed_in["Location"]) == (HTTPStatus.FOUND, "/")
    client.post("/keluar/")
    again = client.get(link, follow=True)
    assert "no longer works" in again.content.decode() or "tidak berlaku" in again.content.decode()


def test_a_role_that_needs_a_region_is_refused_without_one_and_nothing_is_created(client, national_admin):
    client.force_login(national_admin)

    refused = client.post(
        "/akun/kelola/baru/",
        {"username": "tanpa.wilayah", "first_name": "Budi", "role": Role.REGENCY_OFFICER},
    )

    assert refused.status_code == HTTPStatus.OK
    assert "form-errors" in refused.content.decode()
    assert not User.objects.filter(username="tanpa.wilayah").exists()


def test_an_unknown_region_or_organisation_is_named(client, national_admin):
    client.force_login(national_admin)

    response = client.post(
        "/akun/kelola/baru/",
        {
            "username": "bank.baru",
            "first_name": "Sari",
            "role": Role.FINANCING_PARTNER,
            "organisation": "Bank Yang Tidak Ada",
            "scope_region": "99.99",
        },
    )

    page = response.content.decode()
    assert "Bank Yang Tidak Ada" not in Organisation.objects.values_list("name", flat=True)
    assert ("No organisation has this name." in page) or ("Tidak ada organisasi dengan nama ini." in page)
    assert not User.objects.filter(username="bank.baru").exists()


def test_deactivating_needs_a_reason_stops_sign_in_and_is_audited(client, national_admin, bekasi_officer):
    client.force_login(national_admin)
    url = f"/akun/kelola/{bekasi_officer.pk}/"

    refused = client.post(url, {"action": "deactivate", "reason": " "})
    assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    bekasi_officer.refresh_from_db()
    assert bekasi_officer.is_active

    client.post(url, {"action": "deactivate", "reason": "Pindah tugas"})
    bekasi_officer.refresh_from_db()
    assert not bekasi_officer.is_active
    event = AuditEvent.objects.get(verb="user.deactivated", target_id=str(bekasi_officer.pk))
    assert event.reason == "Pindah tugas"


def test_an_admin_cannot_deactivate_herself(client, national_admin):
    client.force_login(national_admin)

    response = client.post(f"/akun/kelola/{national_admin.pk}/", {"action": "deactivate", "reason": "uji"})

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    national_admin.refresh_from_db()
    assert national_admin.is_active


def test_a_new_password_link_stops_the_old_password(client, national_admin, bekasi_officer):
    client.force_login(national_admin)

    response = client.post(f"/akun/kelola/{bekasi_officer.pk}/", {"action": "password_link"})

    assert "/akun/atur-sandi/" in response.content.decode()
    bekasi_officer.refresh_from_db()
    assert not bekasi_officer.has_usable_password()
    assert AuditEvent.objects.filter(
        verb="user.password_link_issued", target_id=str(bekasi_officer.pk)
    ).exists()


def test_organisations_are_created_with_unique_names(client, national_admin):
    client.force_login(national_admin)

    client.post(
        "/akun/organisasi/", {"name": "BPR Sejahtera", "kind": "financing_partner", "region": "32.16"}
    )
    twice = client.post("/akun/organisasi/", {"name": "BPR  Sejahtera", "kind": "financing_partner"})

    assert Organisation.objects.filter(name="BPR Sejahtera").count() == 1
    assert twice.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert AuditEvent.objects.filter(verb="organisation.created").count() == 1


@pytest.mark.parametrize("path", ["/akun/kelola/", "/akun/kelola/baru/", "/akun/organisasi/"])
def test_nobody_but_a_national_admin_sees_the_account_pages(client, jabar_officer, path):
    client.force_login(jabar_officer)
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND
