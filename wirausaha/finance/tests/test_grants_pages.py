"""Programme money through its pages and API: an officer proposes, another approves from the queue,
the proposer cannot; budgets set by a national admin; the reconciliation workbook; the readiness
check and the grant operations of the API."""

import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from wirausaha.finance.models import GrantBudget, GrantProposal

from .grant_support import beneficiary, budget_for, officers, product

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people():
    maker, checker, admin = officers()
    budget_for("tkm_pemula", grants=2, admin=admin)
    return maker, checker, admin, beneficiary()


def test_an_officer_proposes_on_the_page_and_another_approves_from_the_queue(people):
    maker, checker, _admin, person = people
    ceiling = product("tkm_pemula").max_amount
    response = client_of(maker).post(
        "/pembiayaan/hibah/baru/",
        {
            "participant": person.pk,
            "product": "tkm_pemula",
            "amount": ceiling,
            "purpose": "Gerobak dan bahan",
        },
    )
    proposal = GrantProposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pembiayaan/hibah/{proposal.pk}/"

    own = client_of(maker).get(f"/pembiayaan/hibah/{proposal.pk}/")
    assert "Petugas lain yang harus memutuskannya" in own.content.decode()
    refused = client_of(maker).post(f"/pembiayaan/hibah/{proposal.pk}/putuskan/", {"decision": "approve"})
    assert refused.status_code == 422
    proposal.refresh_from_db()
    assert proposal.status == GrantProposal.Status.PROPOSED

    checker_client = client_of(checker)
    queue = checker_client.get("/pembiayaan/hibah/persetujuan/")
    assert f'data-grant="{proposal.pk}"' in queue.content.decode()
    assert (
        f'data-grant="{proposal.pk}"'
        not in client_of(maker).get("/pembiayaan/hibah/persetujuan/").content.decode()
    )
    approved = checker_client.post(f"/pembiayaan/hibah/{proposal.pk}/putuskan/", {"decision": "approve"})
    assert approved.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == GrantProposal.Status.APPROVED

    today = timezone.localdate().isoformat()
    paid = client_of(maker).post(
        f"/pembiayaan/hibah/{proposal.pk}/cairkan/", {"disbursed_on": today, "disbursed_amount": ceiling}
    )
    assert paid.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == GrantProposal.Status.DISBURSED and proposal.report_due_on


def test_a_proposal_above_the_ceiling_is_refused_on_the_page_with_the_field_named(people):
    maker, _checker, _admin, person = people
    response = client_of(maker).post(
        "/pembiayaan/hibah/baru/",
        {
            "participant": person.pk,
            "product": "tkm_pemula",
            "amount": product("tkm_pemula").max_amount + 1,
            "purpose": "Gerobak",
        },
    )
    assert response.status_code == 422
    assert "Melebihi plafon" in response.content.decode()
    assert not GrantProposal.objects.exists()


def test_a_participant_outside_the_officers_region_is_not_found_on_the_page(people):
    maker, _checker, _admin, _person = people
    balinese = beneficiary("Made Sukarta", village="51.71.01.1001")
    response = client_of(maker).post(
        "/pembiayaan/hibah/baru/",
        {"participant": balinese.pk, "product": "tkm_pemula", "amount": 1, "purpose": "Gerobak"},
    )
    assert response.status_code == 422
    assert "Tidak ada peserta dengan nomor ini" in response.content.decode()


def test_a_national_admin_sets_a_budget_and_officers_only_read_them(people):
    maker, _checker, admin, _person = people
    year = timezone.localdate().year
    units = {"product_code": "bantuan_peralatan", "province": "32", "year": year, "units": 12}
    assert client_of(maker).post("/pembiayaan/anggaran/", units).status_code == 404
    assert client_of(admin).post("/pembiayaan/anggaran/", units).status_code == 302
    assert GrantBudget.objects.get(product_code="bantuan_peralatan").units == 12
    page = client_of(maker).get("/pembiayaan/anggaran/").content.decode()
    assert "0 dari 12 unit terpakai; sisa 12" in page


def test_the_reconciliation_workbook_has_a_row_per_province_and_product(people):
    maker, checker, admin, person = people
    budget_for("tkm_pemula", grants=1, province="51", admin=admin)
    client_of(maker).post(
        "/pembiayaan/hibah/baru/",
        {"participant": person.pk, "product": "tkm_pemula", "amount": 1000, "purpose": "Gerobak"},
    )
    client_of(checker).post(
        f"/pembiayaan/hibah/{GrantProposal.objects.get().pk}/putuskan/", {"decision": "approve"}
    )

    response = client_of(admin).get("/pembiayaan/anggaran/rekonsiliasi.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Tahun", "Kode provinsi", "Provinsi", "Program")
    by_province = {row[1]: row for row in rows[1:]}
    assert set(by_province) == {"32", "51"}
    assert by_province["32"][6] == 1000 and by_province["32"][9] == 1  # committed, approved
    officer_rows = list(
        load_workbook(
            io.BytesIO(client_of(maker).get("/pembiayaan/anggaran/rekonsiliasi.xlsx").content)
        ).active.iter_rows(values_only=True)
    )
    assert [row[1] for row in officer_rows[1:]] == ["32"]


def test_the_api_readiness_check_answers_as_the_command_does(people):
    _maker, _checker, _admin, person = people
    ceiling = product("kur_super_mikro").max_amount
    body = {
        "date": "2026-12-01",
        "applicants": [
            {
                "id": "a1",
                "product": "kur_super_mikro",
                "amount": ceiling,
                "business_started": "2026-09-01",
                "documents": ["ektp", "kk", "nib", "bank_account"],
                "plan_approved": True,
                "evidence": ["mentoring"],
            },
            {"id": "a2", "product": "kur_super_mikro", "amount": ceiling + 1},
        ],
    }
    client = client_of(person.user)
    response = client.post("/api/v1/finance/readiness", body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["applicants"] == [
        {"id": "a1", "ready": True, "missing": []},
        {
            "id": "a2",
            "ready": False,
            "missing": [
                "amount_above_ceiling",
                "bank_account",
                "business_age",
                "ektp",
                "kk",
                "nib_or_sku",
                "plan_approved",
            ],
        },
    ]
    unknown = client.post(
        "/api/v1/finance/readiness",
        {"date": "2026-12-01", "applicants": [{"id": "x", "product": "kur_khayalan", "amount": 1}]},
        content_type="application/json",
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "applicants[0].product"


def test_the_api_proposes_and_refuses_self_approval(people):
    maker, checker, _admin, person = people
    body = {"participant_id": person.pk, "product": "tkm_pemula", "amount": 5000, "purpose": "Gerobak"}
    created = client_of(maker).post("/api/v1/finance/grants", body, content_type="application/json")
    assert created.status_code == 201
    grant_id = created.json()["id"]
    own = client_of(maker).post(
        f"/api/v1/finance/grants/{grant_id}/decision",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert own.status_code == 403
    other = client_of(checker).post(
        f"/api/v1/finance/grants/{grant_id}/decision",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert other.status_code == 200 and other.json()["status"] == "approved"
    listed = client_of(person.user).get("/api/v1/finance/grants").json()
    assert [item["id"] for item in listed["items"]] == [grant_id]
