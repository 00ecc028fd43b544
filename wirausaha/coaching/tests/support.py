"""Builders of the coaching tests: graduates of a wave, counselors based in a district."""

from wirausaha.accounts.models import Role
from wirausaha.coaching.actions import save_counselor
from wirausaha.programs.models import EnrolmentState
from wirausaha.testing import make_participant, make_selected_wave, make_user

PLAN = {
    "entrepreneur": {
        "experience": "10 tahun operator produksi",
        "motivation": "Usaha sendiri",
        "support": "Keluarga",
    },
    "idea": {"what": "Keripik singkong", "who": "Warung", "need": "Camilan murah"},
    "market": {"customers": "Warung sekitar", "competitors": "Dua produsen"},
    "marketing": {"product": "Keripik", "price": "Rp 15.000", "place": "Rumah", "promotion": "WhatsApp"},
    "staffing": {"people": "Saya sendiri"},
    "legal_form": {"form": "Perseorangan"},
    "legal_environment": {"licences": "NIB, SPP-IRT", "insurance": "BPJS"},
    "startup_capital": {"items": "Penggorengan", "start_up_costs": "9500000", "opening_cash": "2000000"},
    "costing": {
        "price_per_unit": "15000",
        "variable_cost_per_unit": "9000",
        "fixed_costs_per_month": "1200000",
    },
    "sales_plan": {"months": [{"units": "150", "credit_share": "20", "owner_drawings": "500000"}] * 12},
    "cash_flow": {"notes": "-"},
    "financing": {
        "sources": "KUR",
        "loan_principal": "10000000",
        "loan_annual_rate": "6",
        "loan_months": "12",
    },
}


def graduates(names, *, village="32.16.01.2001", users=None, wave_code="PHK-2025-C"):
    users = users or {}
    people = [make_participant(name, village=village, user=users.get(name)) for name in names]
    wave = make_selected_wave(wave_code, participants=people)
    wave.enrolments.update(state=EnrolmentState.GRADUATED)
    return people


def counselor(
    username, *, district="32.16.01", capacity=5, sectors=("10",), remote=False, in_person=True, by=None
):
    user = make_user(username, Role.COUNSELOR)
    data = {
        "organisation_kind": "community",
        "organisation_name": "Komunitas",
        "base_district_id": district,
        "sectors": list(sectors),
        "in_person": in_person,
        "remote": remote,
        "languages": "Bahasa Indonesia",
        "capacity": capacity,
        "is_active": True,
    }
    return save_counselor(by=by, data=data, user=user)
