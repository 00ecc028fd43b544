"""Anyone reports, with no account, on the page or through the API, and follows the case with the
tracking code; the code and the case's public face never name the reporter."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wirausaha.common.models import AuditEvent
from wirausaha.grievances.codes import hash_code
from wirausaha.grievances.models import Evidence, Grievance, Update

from .support import PDF, PNG, bekasi_centre, officer, report

pytestmark = pytest.mark.django_db


def _report_on_the_page(client, centre, **extra):
    data = {
        "category": "illegal_fee",
        "description": "Operator meminta Rp 150.000 untuk 'biaya seragam' sebelum pelatihan.",
        "province": "32",
        "centre": centre.pk,
        "occurred_on": "2026-11-30",
        "anonymous": "on",
        **extra,
    }
    return client.post("/pengaduan/", data)


def test_an_anonymous_visitor_reports_on_the_page_and_follows_the_case_with_the_code():
    centre = bekasi_centre()
    handler = officer("aduan.jabar", region="32")
    client = Client()
    assert client.get("/pengaduan/?province=32").status_code == 200
    receipt = SimpleUploadedFile("kuitansi.png", PNG, content_type="image/png")
    response = _report_on_the_page(client, centre, evidence=receipt)
    assert response.status_code == 302 and response["Location"] == "/pengaduan/terkirim/"
    page = client.get("/pengaduan/terkirim/")
    code = page.context["code"]
    assert code.encode() in page.content
    # Shown once only.
    assert client.get("/pengaduan/terkirim/").status_code == 302

    case = Grievance.objects.get()
    assert case.tracking_hash == hash_code(code) and code not in str(case.__dict__)
    assert case.is_anonymous and case.reporter is None and case.contact == ""
    assert case.assigned_to == handler and case.region_id == "32.16"
    assert case.concerned_organisation == centre.organisation
    assert Evidence.objects.get().content_type == "image/png"

    stranger = Client()
    assert stranger.post("/pengaduan/lacak/", {"code": "ADU-2345-6789-ABCD-EFGH"}).status_code == 404
    assert stranger.post("/pengaduan/lacak/", {"code": code.lower()}).status_code == 302
    followed = stranger.get("/pengaduan/lacak/kasus/")
    assert followed.status_code == 200 and followed.context["grievance"] == case
    added = stranger.post("/pengaduan/lacak/informasi/", {"text": "Nama petugasnya Pak B, loket 2."})
    assert added.status_code == 302
    assert case.updates.filter(kind=Update.Kind.INFORMATION).exists()
    stranger.post("/pengaduan/lacak/selesai/")
    assert stranger.get("/pengaduan/lacak/kasus/").status_code == 302


def test_a_file_that_is_not_a_pdf_jpeg_or_png_is_refused_and_nothing_is_stored():
    centre = bekasi_centre()
    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = _report_on_the_page(Client(), centre, evidence=fake)
    assert response.status_code == 422
    assert "bukti.pdf" in response.context["form"].errors["evidence"][0]
    assert not Grievance.objects.exists()


def test_an_anonymous_report_with_a_contact_is_refused_rather_than_silently_dropping_it():
    response = _report_on_the_page(Client(), bekasi_centre(), contact="0812345678")
    assert response.status_code == 422 and "contact" in response.context["form"].errors


def test_a_named_report_keeps_the_contact_for_the_officer_only():
    bekasi_centre()
    officer("aduan.jabar", region="32")
    client = Client()
    data = {"contact_name": "Siti", "contact": "081234567890"}
    response = client.post(
        "/pengaduan/",
        {"category": "harassment", "description": "Instruktur berkata kasar berulang kali.", **data},
    )
    assert response.status_code == 302
    case = Grievance.objects.get()
    assert not case.is_anonymous and case.contact == "081234567890"
    assert "Siti" not in case.updates.get().text and "Siti" not in str(case)


def test_the_api_takes_a_report_without_sign_in_and_shows_the_public_history():
    centre = bekasi_centre()
    officer("aduan.jabar", region="32")
    client = Client()
    payload = {
        "category": "illegal_fee",
        "description": "Diminta uang Rp 100.000 agar lolos seleksi.",
        "centre": centre.pk,
        "occurred_on": "2026-11-30",
        "contact": "siti@example.org",
    }
    response = client.post("/api/v1/grievances", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    code = response.json()["tracking_code"]
    shown = client.get(f"/api/v1/grievances/{code}")
    assert shown.status_code == 200
    body = shown.json()
    assert body["status"] == "received" and body["centre"] == centre.short_name
    assert [step["step"] for step in body["history"]] == ["reported"]
    assert "siti@example.org" not in shown.content.decode()
    assert client.get("/api/v1/grievances/ADU-2345-6789-ABCD-EFGH").status_code == 404
    assert client.get("/api/v1/grievances/nonsense").status_code == 404


def test_the_api_names_the_field_of_an_unknown_centre_or_wave():
    response = Client().post(
        "/api/v1/grievances",
        {"category": "other", "description": "Sesuatu yang cukup panjang.", "centre": 999999, "wave": "NOPE"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"centre", "wave"}
    assert not Grievance.objects.exists()


def test_the_public_endpoints_are_throttled_per_address():
    client = Client()
    codes = [client.get("/api/v1/grievances/ADU-2345-6789-ABCD-EFGH").status_code for _ in range(21)]
    assert codes[:20] == [404] * 20 and codes[20] == 429
    assert client.post("/pengaduan/lacak/", {"code": "x"}).status_code == 429


def test_the_reporters_steps_are_audited_without_an_actor():
    case, _code = report(bekasi_centre(), contact_name="Siti", contact="0812", anonymous=False)
    event = AuditEvent.objects.get(verb="grievance.reported")
    assert event.actor is None and event.target_label == case.number
    assert "0812" not in str(event.changes) and "Siti" not in str(event.changes)


def test_a_pdf_evidence_is_served_to_the_officer_and_to_nobody_else():
    centre = bekasi_centre()
    handler = officer("aduan.jabar", region="32")
    upload = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    case, _code = report(centre, files=[upload])
    evidence = case.evidence.get()
    client = Client()
    client.force_login(handler)
    response = client.get(f"/pengaduan/kasus/{case.pk}/bukti/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb="grievance.evidence_downloaded", actor=handler).exists()
