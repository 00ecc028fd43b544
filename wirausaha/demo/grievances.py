"""The demo's complaints: the national grievance officer `pengaduan` and a West Java desk
`pengaduan.jabar`; an anonymous report of a fee asked for at the demo's training centre (BBPVP
Bekasi) that went to the West Java desk (never to the centre), was not acknowledged within two
working days, was escalated by the sweep to `pengaduan`, and was resolved; the reporter follows it
with DEMO_CODE. Two more cases wait in the queues.

Everything goes through the grievance actions (the story's clock is moved back by rewriting the
case's times before the sweep runs); nothing runs when `pengaduan` has a desk already."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wirausaha.accounts.actions import create_user
from wirausaha.accounts.models import Role, User
from wirausaha.centres.models import TrainingCentre
from wirausaha.grievances import actions
from wirausaha.grievances.actions.rules import set_deadlines
from wirausaha.grievances.codes import hash_code
from wirausaha.grievances.models import Desk, Grievance, Update
from wirausaha.reference.models import Region

NATIONAL, REGIONAL = "pengaduan", "pengaduan.jabar"
PASSWORD = "demo-wirausaha-2025"
CENTRE = "BBPVP Bekasi"
# The story case's tracking code, printed in the README: the demo's reporter "kept" it.
DEMO_CODE = "ADU-PUNG-DEMA-BEKA-S2AB"


def _regional_officer() -> User:
    user = User.objects.filter(username=REGIONAL).first()
    if user is None:
        user = create_user(
            username=REGIONAL,
            password=PASSWORD,
            role=Role.GRIEVANCE_OFFICER,
            by=None,
            first_name="Petugas",
            last_name="Pengaduan Jawa Barat",
            is_synthetic=True,
        )
    return user


def _backdate(case: Grievance, days: int) -> None:
    """Move the case's report `days` back: its time, its first steps and its deadlines."""
    start = timezone.now() - timedelta(days=days)
    set_deadlines(case, start)
    Grievance.objects.filter(pk=case.pk).update(
        created_at=start, acknowledge_due_at=case.acknowledge_due_at, resolve_due_at=case.resolve_due_at
    )
    Update.objects.filter(grievance=case).update(created_at=start)
    case.refresh_from_db()


@transaction.atomic
def seed_grievances() -> Grievance | None:
    national = User.objects.filter(username=NATIONAL, role=Role.GRIEVANCE_OFFICER).first()
    centre = TrainingCentre.objects.filter(short_name=CENTRE).select_related("region").first()
    if national is None or centre is None or Desk.objects.filter(officer=national).exists():
        return None
    regional = _regional_officer()
    actions.save_desk(officer=national, region=None, by=None)
    actions.save_desk(officer=regional, region=Region.objects.get(pk="32"), by=None)

    # The story: an anonymous fee report about the demo centre, late, escalated, resolved.
    case, _code = actions.report_grievance(
        category="illegal_fee",
        description=(
            "Saat daftar ulang di loket, petugas meminta Rp 250.000 untuk 'biaya seragam dan modul'. "
            "Katanya tanpa itu nama saya tidak masuk kelas. Beberapa teman juga diminta."
        ),
        centre=centre,
        person_concerned="Petugas loket pendaftaran",
        occurred_on=timezone.localdate() - timedelta(days=12),
    )
    Grievance.objects.filter(pk=case.pk).update(tracking_hash=hash_code(DEMO_CODE))
    _backdate(case, days=10)
    actions.escalate_late_cases()
    case.refresh_from_db()
    actions.acknowledge(
        grievance=case, by=national, text="Kami sudah menerima laporan Anda dan memeriksanya."
    )
    actions.add_note(
        grievance=case,
        by=national,
        text="Klarifikasi ke kepala balai dijadwalkan; identitas pelapor tidak dibagikan.",
        public=False,
    )
    actions.resolve(
        grievance=case,
        by=national,
        outcome="upheld",
        summary=(
            "Pungutan itu tidak sah. Petugas dibebastugaskan dari loket, uang dikembalikan kepada para "
            "peserta, dan balai memasang pengumuman bahwa layanan ini gratis."
        ),
    )

    # Waiting: a service not delivered at the same centre (West Java desk), and a complaint about
    # a labour office (national at once).
    actions.report_grievance(
        category="service_not_delivered",
        description="Modul pelatihan yang dijanjikan belum dibagikan sampai minggu ketiga.",
        centre=centre,
    )
    actions.report_grievance(
        category="discrimination",
        description="Petugas dinas menolak memverifikasi pendaftaran saya karena usia saya di atas 50 tahun.",
        region=centre.region,
        about_labour_office=True,
    )
    return case
