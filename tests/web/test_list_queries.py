"""Every list page and API list costs the same number of queries whatever the number of rows it shows
or has behind it: measured on the access matrix's world, then again after many more rows of every
kind were added in the personas' reach. A query per row shown (a missing select_related, a count
per person) would make the second figure larger. The national-scale timings are in
`make bench ONLY=pages`."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.access.world import _graduate, build_world
from wirausaha.accounts.models import Role
from wirausaha.common.audit import record_event
from wirausaha.finance.tests.applicants import grow_referrals
from wirausaha.finance.tests.grant_support import grow_grants
from wirausaha.grievances.tests.support import grow_grievances
from wirausaha.licensing.tests.support import grow_businesses
from wirausaha.market.tests.support import grow_market
from wirausaha.notifications.models import Message
from wirausaha.operations.tests.support import grow_failed_tasks
from wirausaha.programs.models import Enrolment, EnrolmentState, Wave
from wirausaha.registry.duplicates.actions import sync_pairs
from wirausaha.registry.models import DuplicateCandidate, Participant
from wirausaha.testing import make_centre, make_cohort, make_participant, make_selected_wave, place_in_cohort

pytestmark = pytest.mark.django_db

R = Role
LISTS = [
    (R.NATIONAL_ADMIN, "/peserta/"),
    (R.NATIONAL_ADMIN, "/peserta/?q=Tumbuh"),
    (R.NATIONAL_ADMIN, "/peserta/?region=32.16&page=2"),
    (R.PROVINCIAL_OFFICER, "/peserta/"),
    (R.REGENCY_OFFICER, "/peserta/"),
    (R.REGENCY_OFFICER, "/peserta/verifikasi/"),
    (R.NATIONAL_ADMIN, "/peserta/verifikasi/?page=2"),
    (R.REGENCY_OFFICER, "/peserta/duplikat/"),
    (R.REGENCY_OFFICER, "/peserta/impor/"),
    (R.NATIONAL_ADMIN, "/gelombang/"),
    (R.NATIONAL_ADMIN, "/gelombang/TUMBUH-1/peserta/"),
    (R.NATIONAL_ADMIN, "/gelombang/TUMBUH-1/hasil/"),
    (R.NATIONAL_ADMIN, "/balai/"),
    (R.NATIONAL_ADMIN, "/balai/kelas/"),
    (R.NATIONAL_ADMIN, "/penempatan/"),
    (R.CENTRE_OPERATOR, "/pelatihan/kelas/"),
    (R.NATIONAL_ADMIN, "/pelatihan/sertifikat/"),
    # One kind of event: the trail names each kind's records with one query per kind on the page.
    (R.NATIONAL_ADMIN, "/akun/audit/?verb=participant.registered"),
    (R.PARTICIPANT, "/pelatihan/jadwal/"),
    (R.PARTICIPANT, "/pelatihan/sertifikat/saya/"),
    (R.NATIONAL_ADMIN, "/akun/pesan/templat/"),
    (R.NATIONAL_ADMIN, "/akun/pesan/pengiriman/"),
    (R.PARTICIPANT, "/akun/saluran/"),
    (R.NATIONAL_ADMIN, "/api/v1/participants"),
    (R.REGENCY_OFFICER, "/api/v1/participants?region=32.16.01"),
    (R.NATIONAL_ADMIN, "/api/v1/waves"),
    (R.NATIONAL_ADMIN, "/api/v1/waves/TUMBUH-1/enrolments"),
    (R.REGENCY_OFFICER, "/api/v1/waves/TUMBUH-1/placements"),
    (R.PROVINCIAL_OFFICER, "/api/v1/participants?q=Tumbuh"),
    # Not a list, but its per-state counts are over the whole wave.
    (R.NATIONAL_ADMIN, "/gelombang/TUMBUH-1/"),
    (R.NATIONAL_ADMIN, "/usaha/daftar/"),
    (R.COUNSELOR, "/usaha/daftar/"),
    (R.REGENCY_OFFICER, "/usaha/nib/"),
    (R.NATIONAL_ADMIN, "/usaha/aturan/"),
    (R.NATIONAL_ADMIN, "/api/v1/licensing/businesses"),
    (R.NATIONAL_ADMIN, "/pemantauan/"),
    (R.REGENCY_OFFICER, "/pemantauan/?by=regency"),
    (R.NATIONAL_ADMIN, "/pemantauan/tindak-lanjut/"),
    (R.GRIEVANCE_OFFICER, "/pengaduan/antrean/"),
    (R.NATIONAL_ADMIN, "/pengaduan/antrean/?all=1"),
    (R.NATIONAL_ADMIN, "/pengaduan/eskalasi/"),
    (R.GRIEVANCE_OFFICER, "/api/v1/grievance-cases"),
    (R.PROVINCIAL_OFFICER, "/pembiayaan/hibah/"),
    (R.NATIONAL_ADMIN, "/pembiayaan/hibah/persetujuan/"),
    (R.NATIONAL_ADMIN, "/pembiayaan/anggaran/"),
    (R.PROVINCIAL_OFFICER, "/pembiayaan/produk/"),
    (R.NATIONAL_ADMIN, "/api/v1/finance/grants"),
    (R.NATIONAL_ADMIN, "/api/v1/finance/budgets"),
    (R.NATIONAL_ADMIN, "/pembiayaan/pengajuan/"),
    (R.PARTICIPANT, "/pembiayaan/pengajuan/"),
    (R.FINANCING_PARTNER, "/pembiayaan/rujukan/"),
    (R.NATIONAL_ADMIN, "/pembiayaan/rujukan/?terlambat=1"),
    (R.NATIONAL_ADMIN, "/api/v1/finance/applications"),
    (R.FINANCING_PARTNER, "/api/v1/finance/referrals"),
    (R.NATIONAL_ADMIN, "/operasi/"),
    (R.MARKET_PARTNER, "/pasar/permintaan/"),
    (R.MARKET_PARTNER, "/pasar/kesepakatan/"),
    (R.PARTICIPANT, "/pasar/kesepakatan/"),
    (R.COUNSELOR, "/pasar/kesepakatan/"),
    (R.NATIONAL_ADMIN, "/pasar/laporan/"),
    (R.NATIONAL_ADMIN, "/pasar/acara/"),
    (R.MARKET_PARTNER, "/pasar/acara/"),
    (R.PARTICIPANT, "/pasar/acara/"),
    (R.MARKET_PARTNER, "/api/v1/market/events"),
    (R.NATIONAL_ADMIN, "/api/v1/market/events"),
]


def grow(world, step: int, count: int) -> None:
    """`count` more of everything the lists show, in the scoped personas' reach (Kabupaten
    Bekasi, the Bekasi centre): pending people, some with flagged NIKs and open duplicate pairs,
    their audit events, a wave's enrolments, centres, cohorts, placements and certificates."""
    people = [
        make_participant(f"Tumbuh {step} {n}", village="32.16.01.2001", phone=f"+62812{step:03}{n:05}")
        for n in range(count)
    ]
    for person in people[::3]:
        Participant.objects.filter(pk=person.pk).update(nik_flags=["unknown_district"])
    for first, second in zip(people[::2], people[1::2], strict=False):
        DuplicateCandidate.objects.create(first=first, second=second, score=0.8, reasons=[])
    sync_pairs(person.pk for person in people)  # as the actions that queue pairs do
    for person in people:
        record_event(None, "participant.registered", person)
    Message.objects.bulk_create(
        Message(
            recipient=world.users[R.PARTICIPANT],
            subject=f"Gagal {step} {n}",
            body="…",
            channel="sms",
            status=Message.Status.FAILED,
            error="gateway error 503",
        )
        for n in range(count)
    )
    grow_businesses(people, step, world.users[R.COUNSELOR])
    grow_grievances(world.centre, count)
    grow_grants(people, step)
    grow_referrals(people, world.users[R.FINANCING_PARTNER].organisation)
    grow_failed_tasks(count)
    grow_market(world, people, step)
    if step == 1:
        wave = make_selected_wave("TUMBUH-1", participants=people, quotas={"32": 1000})
    else:
        wave = Wave.objects.get(code="TUMBUH-1")
        for person in people:
            Enrolment.objects.create(
                wave=wave, participant=person, quota=wave.quotas.first(), state=EnrolmentState.SELECTED
            )
    centre = world.centre
    for n in range(count):
        make_centre(f"BLK Tumbuh {step} {n}", region="32.16")
    cohort = make_cohort(centre, status="running")
    enrolments = list(Enrolment.objects.filter(wave=wave, participant__in=people).order_by("id"))
    place_in_cohort(cohort, enrolments[: max(1, count // 4)])
    for enrolment in enrolments[: max(1, count // 4)]:
        _graduate(enrolment, cohort)
    if step == 1:
        # The participant persona's own schedule and certificates grow too.
        own = world.users[R.PARTICIPANT].participant
        own_wave = make_selected_wave("TUMBUH-OWN", participants=[own], quotas={"32": 1})
        (own_enrolment,) = Enrolment.objects.filter(wave=own_wave)
        place_in_cohort(make_cohort(centre, status="running"), [own_enrolment])


def query_counts(world) -> dict[tuple, int]:
    counts = {}
    for role, url in LISTS:
        client = world.clients[role]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        counts[(role.value, url)] = len(queries)
    return counts


@pytest.fixture
def world():
    world = build_world()
    world.centre = make_centre("BLK Tumbuh Bekasi", region="32.16")
    for role, _url in LISTS:
        world.clients[role] = Client()
        world.clients[role].force_login(world.users[role.value])
    return world


def test_no_list_costs_more_queries_with_more_rows(world):
    grow(world, 1, 2)
    query_counts(world)  # a first visit fills the process's caches (content types, reference data)
    small = query_counts(world)
    grow(world, 2, 60)
    Participant.objects.filter(full_name__startswith="Tumbuh 2").update(full_name="Tumbuh kedua")
    large = query_counts(world)
    grown = {key: (small[key], large[key]) for key in small if large[key] != small[key]}
    assert grown == {}
