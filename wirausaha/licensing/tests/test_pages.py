"""The pages: the participant's "Usaha saya" from an empty business to a recorded NIB, the
counselor's clients, the officers' queue, the admins' rules; out of scope is 404."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wirausaha.licensing.models import Business, LicensingRule

from .support import business, coach, owner, pdf


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_participant_records_the_business_then_the_nib_in_indonesian():
    person = owner()
    client = signed_in(person.user)
    empty = client.get("/usaha/saya/").content.decode()
    assert 'href="/usaha/saya/ubah/"' in empty
    assert "Catat usaha saya" in empty
    assert "Ceritakan usaha Anda" in client.get("/usaha/saya/ubah/").content.decode()
    form = {
        "name": "Keripik Ani",
        "kbli_code": "10794",
        "village_code": "32.16.01.2001",
        "scale": "micro",
        "workers": "0",
        "home_produced_food": "on",
        "shelf_stable_packaged": "on",
    }
    response = client.post("/usaha/saya/ubah/", form, follow=True)
    page = response.content.decode()
    assert "Yang diperlukan agar usaha saya legal" in page and "oss.go.id" in page
    assert "Wirausaha tidak memeriksa ke sistem OSS" in page
    response = client.post(
        "/usaha/saya/nib/",
        {"nib": "91200A1234567", "issued_on": "2026-01-05", "risk_level": "rendah", "document": pdf()},
    )
    assert "karakter ke-6 adalah “A”" in response.content.decode()
    response = client.post(
        "/usaha/saya/nib/",
        {"nib": "9120001234567", "issued_on": "2026-01-05", "risk_level": "rendah", "document": pdf()},
        follow=True,
    )
    assert 'data-item="nib" data-status="done"' in response.content.decode()
    assert Business.objects.get().nib == "9120001234567"


@pytest.mark.django_db
def test_a_fake_document_is_refused_with_a_clear_message():
    person = owner()
    business(person)
    fake = SimpleUploadedFile("nib.pdf", b"<html>bukan pdf</html>", "application/pdf")
    response = signed_in(person.user).post(
        "/usaha/saya/nib/",
        {"nib": "9120001234567", "issued_on": "2026-01-05", "risk_level": "rendah", "document": fake},
    )
    assert response.status_code == 200
    assert "Unggah berkas PDF, JPEG atau PNG" in response.content.decode()
    assert Business.objects.get().nib == ""


@pytest.mark.django_db
def test_a_participant_marks_an_item_done_with_its_certificate():
    person = owner()
    pkp = business(person).checklist_items.get(kind="pkp")
    response = signed_in(person.user).post(
        f"/usaha/saya/izin/{pkp.pk}/",
        {"status": "done", "number": "PKP-9", "done_on": "2026-02-01", "document": pdf("pkp.pdf")},
    )
    assert response.status_code == 302
    pkp.refresh_from_db()
    assert (pkp.status, pkp.number, pkp.done_on) == ("done", "PKP-9", date(2026, 2, 1))


@pytest.mark.django_db
def test_another_participants_item_is_missing():
    person, other = owner("ani"), owner("budi", "Budi Santoso")
    item = business(other).checklist_items.get(kind="pkp")
    business(person)
    client = signed_in(person.user)
    assert client.get(f"/usaha/saya/izin/{item.pk}/").status_code == 404
    assert client.get(f"/usaha/izin/{item.pk}/dokumen/").status_code == 404


@pytest.mark.django_db
def test_a_counselor_sees_clients_only_and_sets_a_due_date(counselor):
    person, other = owner("ani"), owner("budi", "Budi Santoso")
    mine = coach(person)
    b, theirs = business(person), business(other)
    client = signed_in(mine)
    page = client.get("/usaha/daftar/").content.decode()
    assert b.name in page and f'data-business="{theirs.pk}"' not in page
    assert client.get(f"/usaha/daftar/{theirs.pk}/").status_code == 404
    pkp = b.checklist_items.get(kind="pkp")
    client.post(f"/usaha/izin/{pkp.pk}/tenggat/", {"due_on": "2099-01-31"})
    pkp.refresh_from_db()
    assert pkp.due_on == date(2099, 1, 31)
    assert signed_in(counselor).get(f"/usaha/daftar/{b.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_officer_verifies_in_scope_and_sees_nothing_outside(bekasi_officer, bali_officer):
    from wirausaha.licensing.actions import declare_nib

    b = business(owner())
    declare_nib(
        business=b,
        by=None,
        nib="9120001234567",
        issued_on=date(2026, 1, 5),
        risk_level="rendah",
        document=pdf(),
    )
    assert signed_in(bali_officer).get(f"/usaha/nib/{b.pk}/").status_code == 404
    client = signed_in(bekasi_officer)
    assert "9120001234567" in client.get("/usaha/nib/").content.decode()
    assert client.get(f"/usaha/daftar/{b.pk}/nib/").status_code == 200
    response = client.post(f"/usaha/nib/{b.pk}/", {"decision": "verify", "note": ""})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.nib_status == "verified"


@pytest.mark.django_db
def test_an_admin_edits_a_rule_on_the_page(national_admin):
    from wirausaha.licensing.loaders import load_rules

    load_rules()
    rule = LicensingRule.objects.get(code="izin-risiko-tinggi")
    client = signed_in(national_admin)
    assert "Aturan perizinan" in client.get("/usaha/aturan/").content.decode()
    data = {
        "kind": "izin",
        "order": "25",
        "kbli_prefix": "",
        "risk_levels": ["tinggi"],
        "title": rule.title,
        "legal_basis": rule.legal_basis,
        "guidance": rule.guidance,
        "is_active": "on",
        "reason": "",
    }
    response = client.post(f"/usaha/aturan/{rule.pk}/", data)
    assert response.status_code == 200 and "Alasan perubahan" in response.content.decode()
    response = client.post(f"/usaha/aturan/{rule.pk}/", {**data, "reason": "Urutan baru"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.order == 25
