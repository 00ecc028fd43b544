"""The demo's coaching: counselors spread over the demo provinces, the demo counselor `pendamping`
with a caseload of the completed class's graduates assigned by an explained run, the demo graduate
`lulusan` (whose class waits for completion) given to `pendamping` by hand with a reason, one held
session and one planned, an action item, and `lulusan`'s business plan submitted for review.

Everything goes through coaching's actions; nothing runs when `pendamping` has a profile already."""

from datetime import date, time, timedelta

from django.db import transaction

from wirausaha.accounts.actions import create_user
from wirausaha.accounts.models import Role, User
from wirausaha.coaching import actions
from wirausaha.coaching.models import CoachingSession, Counselor
from wirausaha.reference.models import Region
from wirausaha.registry.models import Participant

COUNSELOR, ADMIN, GRADUATE = "pendamping", "admin", "lulusan"
PASSWORD = "demo-wirausaha-2025"
# (username, name, province, organisation kind, sectors, remote)
OTHERS = [
    ("pendamping.jatim", "Rina Pendamping Jatim", "35", "plut", ["10", "47"], True),
    ("pendamping.jateng", "Agus Pendamping Jateng", "33", "university", ["13", "14", "47"], False),
    ("pendamping.bali", "Made Pendamping Bali", "51", "community", ["56", "55"], True),
    ("pendamping.sulsel", "Andi Pendamping Sulsel", "73", "kemenumkm", ["10", "03"], True),
    ("pendamping.sumut", "Butet Pendamping Sumut", "12", "company", ["47", "96"], False),
]
HOME_DISTRICT = "32.16.01"  # Kabupaten Bekasi, near the demo's training centres
PLAN = {
    "entrepreneur": {
        "experience": "Delapan tahun operator produksi makanan ringan; terbiasa menjaga mutu dan kebersihan.",
        "motivation": "Setelah PHK, ingin membuka usaha sendiri dengan keterampilan yang dimiliki.",
        "support": "Suami membantu pengemasan; keluarga meminjamkan dapur.",
    },
    "idea": {
        "what": "Keripik singkong aneka rasa dalam kemasan 150 gram.",
        "who": "Warung, kantin sekolah dan pembeli daring di Bekasi.",
        "need": "Camilan lokal yang murah, renyah dan tahan lama.",
    },
    "market": {
        "customers": "Sekitar 40 warung dan 6 kantin sekolah dalam radius 5 km.",
        "competitors": "Dua produsen rumahan; harga Rp 12.000-16.000 per bungkus.",
    },
    "marketing": {
        "product": "Tiga rasa: original, balado, keju.",
        "price": "Rp 15.000 per bungkus, Rp 13.500 untuk warung.",
        "place": "Produksi di rumah; diantar ke warung dua kali seminggu.",
        "promotion": "Contoh gratis untuk warung, katalog WhatsApp, marketplace.",
    },
    "staffing": {"people": "Saya produksi dan menjual; suami mengemas. Belum ada karyawan."},
    "legal_form": {"form": "Usaha perseorangan: sederhana dan cukup untuk usaha mikro."},
    "legal_environment": {
        "licences": "NIB melalui OSS, lalu SPP-IRT dan sertifikat halal (self-declare).",
        "insurance": "BPJS Ketenagakerjaan bukan penerima upah.",
    },
    "startup_capital": {
        "items": "Penggorengan, spinner peniris, sealer, timbangan, bahan awal.",
        "start_up_costs": "9500000",
        "opening_cash": "2000000",
    },
    "costing": {
        "price_per_unit": "15000",
        "variable_cost_per_unit": "9000",
        "fixed_costs_per_month": "1200000",
    },
    "sales_plan": {
        # About 13 bags a month for each of the 46 outlets of the market section, more as outlets
        # are won: the balance is lowest in month 3 and stays above zero thanks to the KUR loan, as
        # the cash-flow note says (break-even after the instalment is about 430 bags a month).
        "months": [
            {"units": str(units), "credit_share": "20", "owner_drawings": "500000"}
            for units in (300, 360, 420, 460, 500, 540, 560, 580, 600, 620, 640, 660)
        ]
    },
    "cash_flow": {"notes": "Saldo terendah di bulan-bulan awal; ditutup dengan pinjaman KUR Super Mikro."},
    "financing": {
        "sources": "Uang sendiri Rp 2.000.000 dan KUR Super Mikro.",
        "loan_principal": "10000000",
        "loan_annual_rate": "6",
        "loan_months": "12",
    },
}


def _district(province: str) -> str | None:
    return (
        Region.objects.filter(
            level=Region.Level.DISTRICT, code__startswith=f"{province}.", latitude__isnull=False
        )
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )


def _profile(
    user: User, *, admin: User, district: str, kind: str, sectors: list[str], remote: bool, capacity: int
):
    return actions.save_counselor(
        by=admin,
        user=user,
        data={
            "organisation_kind": kind,
            "organisation_name": user.organisation.name if user.organisation_id else "",
            "base_district_id": district,
            "sectors": sectors,
            "in_person": True,
            "remote": remote,
            "languages": "Bahasa Indonesia",
            "capacity": capacity,
            "is_active": True,
        },
    )


@transaction.atomic
def seed_coaching(*, today: date | None = None) -> dict[str, int] | None:
    """Build the demo's coaching (see the module docstring). Returns what was made, or None when it
    exists already or the demo accounts are missing."""
    users = {u.username: u for u in User.objects.filter(username__in=[COUNSELOR, ADMIN, GRADUATE])}
    if len(users) < 3 or Counselor.objects.filter(user=users[COUNSELOR]).exists():
        return None
    admin, today = users[ADMIN], today or date.today()
    main = _profile(
        users[COUNSELOR],
        admin=admin,
        district=HOME_DISTRICT,
        kind="community",
        sectors=["10", "47", "56", "96"],
        remote=True,
        capacity=25,
    )
    made = 1
    for username, name, province, kind, sectors, remote in OTHERS:
        district = _district(province)
        if district is None or User.objects.filter(username=username).exists():
            continue
        first, _, last = name.partition(" ")
        user = create_user(
            username=username,
            password=PASSWORD,
            role=Role.COUNSELOR,
            by=None,
            first_name=first,
            last_name=last,
            is_synthetic=True,
        )
        _profile(user, admin=admin, district=district, kind=kind, sectors=sectors, remote=remote, capacity=20)
        made += 1

    run = actions.propose_assignment_run(by=admin)
    actions.confirm_assignment_run(run, by=admin)

    graduate = Participant.objects.filter(user=users[GRADUATE]).first()
    if graduate is None:
        return {"counselors": made, "assigned": run.assigned}
    actions.reassign_participant(
        participant=graduate,
        counselor=main,
        by=admin,
        reason="Demo: lulusan kelas KWU-DIGITAL, didampingi sejak minggu terakhir pelatihan",
    )
    coach = users[COUNSELOR]
    held = actions.plan_session(
        participant=graduate,
        by=coach,
        day=today - timedelta(days=2),
        start=time(10, 0),
        mode="in_person",
        duration_minutes=90,
        topics=["idea", "costing", "plan"],
    )
    actions.record_session(
        held,
        by=coach,
        status=CoachingSession.Status.HELD,
        notes="Ide keripik singkong sudah jelas. Harga pokok dihitung bersama; rencana ditulis minggu ini.",
    )
    actions.plan_session(
        participant=graduate,
        by=coach,
        day=today + timedelta(days=5),
        start=time(10, 0),
        mode="remote",
        duration_minutes=60,
        topics=["licensing", "financing"],
    )
    actions.add_action_item(
        participant=graduate, by=coach, text="Daftar NIB di OSS (oss.go.id)", due_on=today + timedelta(days=7)
    )
    actions.record_milestone(
        participant=graduate, kind="idea", reached_on=today - timedelta(days=2), by=coach, source="coaching"
    )
    for key, data in PLAN.items():
        actions.save_plan_section(participant=graduate, key=key, data=data, by=users[GRADUATE])
    actions.submit_plan(participant=graduate, by=users[GRADUATE])
    return {"counselors": made, "assigned": run.assigned}
