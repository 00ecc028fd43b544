"""`make bench ONLY=finance_referrals`: readiness of applications for capital and the referral
dossier (issue #19), on a fresh PostgreSQL database of its own (dropped afterwards).

Readiness: BENCH_REFERRALS_APPLICANTS (100,000) applications for KUR Super Mikro, each of its own
participant, with a mix of what earlier stages recorded (a business with a declared NIB for 70 %,
an approved plan for 60 %, an active coaching assignment for half, uploaded e-KTP / KK / bank book
for 80 % each). Measured: `finance.facts.readiness_of` over all of them (facts gathered in bulk in a
fixed number of queries, then the pure `readiness.assess`). Baseline in the same run: the
per-applicant ORM loop (`readiness_for` one application at a time: its own queries each) on a
sample of BENCH_REFERRALS_SAMPLE (1,000), extrapolated to all. Both give the same verdicts (checked).

Dossier: BENCH_REFERRALS_DOSSIERS (1,000) referrals, each numbered (its check code and QR code are
drawn on it) and with three uploaded scans, drawn the way
the background task draws them (`dossier.store.dossier_files`: the records read, the PDF drawn, the
ZIP of the PDF and the scans built), in memory; the time per referral is split into its parts.
Every figure of a product comes from the seeded product data."""

import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta

from bench.bench_reference import PG_ADMIN, drop, postgres_database, run

APPLICANTS = int(os.environ.get("BENCH_REFERRALS_APPLICANTS", "100000"))
SAMPLE = int(os.environ.get("BENCH_REFERRALS_SAMPLE", "1000"))
DOSSIERS = int(os.environ.get("BENCH_REFERRALS_DOSSIERS", "1000"))
PRODUCT = "kur_super_mikro"
SEED = 20261207
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40  # a 10 KB "scan"


def _world(count: int, rng: random.Random):
    """`count` participants with applications and what earlier stages recorded, in bulk."""
    from django.utils import timezone

    from bench.bench_finance_grants import _regions
    from wirausaha.accounts.models import Role
    from wirausaha.coaching.models import Assignment, BusinessPlan, Counselor
    from wirausaha.finance.models import Application, ApplicationDocument
    from wirausaha.finance.queries.products import product_in_force
    from wirausaha.licensing.models import Business
    from wirausaha.registry.models import Participant
    from wirausaha.registry.nik import build_nik
    from wirausaha.testing import make_user

    _regions()
    today = timezone.localdate()
    product = product_in_force(PRODUCT, today)
    coach_user = make_user("bench.pendamping", Role.COUNSELOR)
    coach = Counselor.objects.create(
        user=coach_user, organisation_kind="community", base_district_id="32.16.01"
    )
    now = timezone.now()
    people = []
    for index in range(count):
        born = date(1970, 1, 1) + timedelta(days=index % 9000)
        sex = "F" if index % 2 else "M"
        nik = build_nik(district="32.16.01", birth_date=born, sex=sex, serial=1 + index // 9000)
        people.append(
            Participant(
                nik=nik,
                full_name=f"Peserta Uji {index}",
                birth_place="Bekasi",
                birth_date=born,
                sex=sex,
                phone="",
                domicile_id="32.16.01.2001",
                layoff_date=date(2025, 3, 1),
                consent_version="bench",
                consent_at=now,
            )
        )
    people = Participant.objects.bulk_create(people, batch_size=5000)
    applications = Application.objects.bulk_create(
        [
            Application(
                participant=p,
                product=product,
                amount=rng.randint(product.min_amount, product.max_amount),
                tenor_months=12,
                purpose="Modal kerja",
            )
            for p in people
        ],
        batch_size=5000,
    )
    Business.objects.bulk_create(
        [
            Business(
                participant=p,
                name=f"Usaha {p.pk}",
                kbli_code="10794",
                village_code="32.16.01.2001",
                started_on=today - timedelta(days=rng.randint(0, 400)),
                nib=f"9{p.pk:012d}",
                nib_status=Business.NibStatus.DECLARED,
            )
            for p in people
            if rng.random() < 0.7
        ],
        batch_size=5000,
    )
    BusinessPlan.objects.bulk_create(
        [
            BusinessPlan(participant=p, status=BusinessPlan.Status.APPROVED)
            for p in people
            if rng.random() < 0.6
        ],
        batch_size=5000,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(participant=p, counselor=coach, status=Assignment.Status.ACTIVE)
            for p in people
            if rng.random() < 0.5
        ],
        batch_size=5000,
    )
    documents = []
    for application in applications:
        for kind in ("ektp", "kk", "bank_account"):
            if rng.random() < 0.8:
                documents.append(
                    ApplicationDocument(
                        application=application,
                        kind=kind,
                        file=f"finance/bench/{kind}.png",
                        extension="png",
                        content_type="image/png",
                        size=len(PNG),
                    )
                )
    ApplicationDocument.objects.bulk_create(documents, batch_size=10000)
    return applications, today


def _readiness(count: int) -> dict:
    from django.db import connection

    from wirausaha.finance.facts import readiness_for, readiness_of
    from wirausaha.finance.models import Application

    rng = random.Random(SEED)
    started = time.perf_counter()
    applications, today = _world(count, rng)
    built = time.perf_counter() - started

    bulk_queries, loop_queries = [], []

    def counted(into):
        def wrapper(execute, sql, params, many, context):
            into.append(sql)
            return execute(sql, params, many, context)

        return connection.execute_wrapper(wrapper)

    with counted(bulk_queries):
        started = time.perf_counter()
        verdicts = readiness_of(Application.objects.all(), today)
        bulk_seconds = time.perf_counter() - started
    sample = rng.sample(applications, min(SAMPLE, len(applications)))
    with counted(loop_queries):
        started = time.perf_counter()
        looped = {
            a.pk: readiness_for(Application.objects.select_related("product").get(pk=a.pk), today)
            for a in sample
        }
        loop_seconds = time.perf_counter() - started
    agree = all(verdicts[pk] == verdict for pk, verdict in looped.items())
    ready = sum(1 for v in verdicts.values() if v.ready)
    return {
        "applicants": len(verdicts),
        "ready": ready,
        "build_seconds": built,
        "bulk_seconds": bulk_seconds,
        "bulk_queries": len(bulk_queries),
        "sample": len(sample),
        "loop_seconds": loop_seconds,
        "loop_queries": len(loop_queries),
        "agree": agree,
    }


def _dossiers(count: int) -> dict:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from wirausaha.accounts.models import Organisation
    from wirausaha.documents.actions import Draft, issue_documents
    from wirausaha.finance.dossier import content, pdf, verifiable
    from wirausaha.finance.dossier.archive import build_zip
    from wirausaha.finance.dossier.store import dossier_files
    from wirausaha.finance.models import Application, ApplicationDocument, Referral
    from wirausaha.testing import make_organisation

    bank = make_organisation("Bank Uji Bench", Organisation.Kind.FINANCING_PARTNER)
    storage = ApplicationDocument._meta.get_field("file").storage
    names = {
        kind: storage.save(f"finance/bench/{kind}.png", ContentFile(PNG))
        for kind in ("ektp", "kk", "bank_account")
    }
    chosen = list(Application.objects.order_by("pk")[:count])
    for kind, name in names.items():
        ApplicationDocument.objects.filter(application__in=chosen, kind=kind).update(file=name)
    referrals = Referral.objects.bulk_create(
        [Referral(application=a, partner=bank, referred_at=timezone.now()) for a in chosen]
    )
    # Each dossier numbered as refer_application numbers it (its code and QR code drawn on it).
    referrals = list(
        Referral.objects.filter(pk__in=[r.pk for r in referrals]).select_related(
            "application__participant", "application__product", "partner"
        )
    )
    documents = issue_documents(
        [
            Draft(
                kind=verifiable.KIND,
                holder_name=r.application.participant.full_name,
                title="Berkas rujukan pembiayaan",
                facts=verifiable.dossier_facts(r),
            )
            for r in referrals
        ]
    )
    for referral, document in zip(referrals, documents, strict=True):
        referral.document = document
    Referral.objects.bulk_update(referrals, ["document"])
    parts = {"text": 0.0, "pdf": 0.0, "zip": 0.0}
    sizes = {"pdf": 0, "zip": 0}
    started = time.perf_counter()
    for referral in Referral.objects.filter(pk__in=[r.pk for r in referrals]).select_related(
        "application__participant__domicile", "application__product", "partner", "document"
    ):
        t0 = time.perf_counter()
        documents = list(referral.application.documents.order_by("kind"))
        text = content.dossier_text(referral, documents)
        t1 = time.perf_counter()
        drawn = pdf.render_dossier(text)
        t2 = time.perf_counter()
        files = []
        for document in documents:
            with document.file.open("rb") as handle:
                files.append((content.file_name(document), handle.read()))
        archive = build_zip(f"berkas-rujukan-{referral.pk}.pdf", drawn, files)
        t3 = time.perf_counter()
        parts["text"] += t1 - t0
        parts["pdf"] += t2 - t1
        parts["zip"] += t3 - t2
        sizes["pdf"] += len(drawn)
        sizes["zip"] += len(archive)
    total = time.perf_counter() - started
    # The task's own path once, to check it draws the same kind of files.
    whole_pdf, whole_zip = dossier_files(referrals[0])
    return {
        "dossiers": len(referrals),
        "seconds": total,
        **{f"{k}_seconds": v for k, v in parts.items()},
        "pdf_kb": sizes["pdf"] / len(referrals) / 1024,
        "zip_kb": sizes["zip"] / len(referrals) / 1024,
        "task_path_ok": whole_pdf.startswith(b"%PDF") and whole_zip.startswith(b"PK"),
    }


def child() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        results = {"readiness": _readiness(APPLICANTS), "dossier": _dossiers(DOSSIERS)}
    results["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(results))


def main() -> None:
    name = postgres_database()
    if name is None:
        print("finance_referrals: no PostgreSQL server answers (BENCH_PG_URL); skipped")
        return
    try:
        r = run("bench.bench_finance_referrals", "run", f"{PG_ADMIN}/{name}")
    finally:
        drop(name)
    rd, ds = r["readiness"], r["dossier"]
    per_loop = rd["loop_seconds"] / rd["sample"]
    print(f"readiness of {rd['applicants']:,} applications for KUR Super Mikro, PostgreSQL")
    print(f"{'method':<44} {'applicants':>10} {'queries':>8} {'seconds':>9} {'per 100k (s)':>12}")
    print(
        f"{'bulk facts + assess (readiness_of)':<44} {rd['applicants']:>10,} {rd['bulk_queries']:>8} "
        f"{rd['bulk_seconds']:>9.2f} {rd['bulk_seconds'] * 100000 / rd['applicants']:>12.1f}"
    )
    print(
        f"{'baseline: per-applicant ORM loop (sample)':<44} {rd['sample']:>10,} {rd['loop_queries']:>8} "
        f"{rd['loop_seconds']:>9.2f} {per_loop * 100000:>12.1f}"
    )
    print(
        f"speed-up {per_loop * rd['applicants'] / rd['bulk_seconds']:.0f}x; same verdicts: "
        f"{'yes' if rd['agree'] else 'NO'}; ready: {rd['ready']:,}; data built in {rd['build_seconds']:.0f} s"
    )
    n = ds["dossiers"]
    print(f"\ndossier (PDF + ZIP of 3 scans) for {n:,} referrals, in memory")
    print(f"{'part':<28} {'ms each':>8}")
    for label, key in (("records read + wording", "text"), ("PDF drawn", "pdf"), ("ZIP built", "zip")):
        print(f"{label:<28} {ds[key + '_seconds'] * 1000 / n:>8.1f}")
    print(f"{'total':<28} {ds['seconds'] * 1000 / n:>8.1f}")
    print(
        f"PDF {ds['pdf_kb']:.0f} KB, ZIP {ds['zip_kb']:.0f} KB on average; task path draws both: "
        f"{'yes' if ds['task_path_ok'] else 'NO'}; peak memory {r['peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        child()
    else:
        main()
