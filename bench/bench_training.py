"""`make bench ONLY=training`: completing 500 cohorts (8,000 participants, 30 sessions each with
attendance and a final assessment) and drawing every graduate's certificate, on SQLite and, when a
PostgreSQL server answers, on a fresh PostgreSQL database: seconds and peak memory, in total and
per certificate.

What is timed, each step in its own process (`python -m bench.bench_training STEP`, one line of
JSON out), so that its peak memory (the process's maximum RSS) is its own:
- `build` (not in the table): reference data, 8,000 participants with accounts, a running wave,
  500 + SAMPLE cohorts at 50 centres with 30 sessions of 4 JP each, every attendance mark (240,000
  rows, a few people below the minimum) and assessment, bulk-created;
- `complete`: `training.actions.complete_cohort` on each of the 500 cohorts, as the operator's
  button or the `complete_cohort` command runs it: graduation by attendance and assessment, drop-outs,
  the certificates issued (`issue_certificates`), audited and the graduates told; the render
  tasks are queued (the dummy task backend keeps them, so no rendering happens in this step);
- `render`: the queued work, one `render_documents_pdf` task per cohort run as the worker runs
  it: every PDF drawn and written to private storage, each row marked rendered.

Seconds are wall time; "CPU s" is the step process's own CPU time (PostgreSQL's work is not in it).

The baseline, measured in the same run on the same database, on SAMPLE extra cohorts built alike
and extrapolated to the 500: the per-row first version. Completion loops over the roster with one
attendance sum and one assessment query per person, moves each through `transition` and issues each
certificate with `issue_certificate` (one render task per certificate); rendering runs that one task
per certificate, once with the project's drawing and once with ReportLab's stock QR widget (one
rectangle object per module) instead of the run-length path that `documents/pdf.py` writes.
BENCH_TRAINING_COHORTS / _SEATS / _SESSIONS / _SAMPLE change the sizes; BENCH_TRAINING_PG=0 skips
PostgreSQL.
"""

import json
import os
import random
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.bench_reference import PG_ADMIN, drop, postgres_database, run_steps

ROOT = Path(__file__).resolve().parent.parent
COHORTS = int(os.environ.get("BENCH_TRAINING_COHORTS", "500"))
SEATS = int(os.environ.get("BENCH_TRAINING_SEATS", "16"))
SESSIONS = int(os.environ.get("BENCH_TRAINING_SESSIONS", "30"))
SAMPLE = int(os.environ.get("BENCH_TRAINING_SAMPLE", "20"))
CENTRES = 50
JP = 4
SEED = 20250804
STARTS = date(2025, 8, 4)
MAIN, NAIVE = "BENCH-K", "BENCH-N"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Steps (run in a child process) ----------------------------------------------------------------


def build() -> dict:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from wirausaha.accounts.models import Organisation, Role, User
    from wirausaha.allocation.models import AllocationRun, Placement
    from wirausaha.centres.models import Cohort, Course, TrainingCentre
    from wirausaha.programs.models import Enrolment, EnrolmentState, Programme, Wave
    from wirausaha.reference.loaders import load_regions, load_sectors
    from wirausaha.reference.models import Region
    from wirausaha.registry.consent import CONSENT_VERSION
    from wirausaha.registry.models import Participant, Sex
    from wirausaha.registry.nik import build_nik
    from wirausaha.training.models import Assessment, Attendance, Session

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_regions()
    load_sectors()
    rng = random.Random(SEED)
    now = timezone.now()
    regencies = list(
        Region.objects.filter(level=Region.Level.REGENCY).order_by("code").values_list("code", flat=True)
    )[:CENTRES]
    villages = {
        code: list(Region.objects.filter(code__startswith=f"{code}.", level=Region.Level.VILLAGE)[:20])
        for code in regencies
    }
    course = Course.objects.create(
        code="BENCH-PANGAN",
        title="Pengolahan Pangan dan Kewirausahaan",
        sector_id="10",
        technical_jp=SESSIONS * JP * 3 // 4,
        entrepreneurship_jp=SESSIONS * JP - SESSIONS * JP * 3 // 4,
    )
    centres = []
    for number, code in enumerate(regencies, 1):
        organisation = Organisation.objects.create(
            name=f"BLK Uji {number:02d}", kind=Organisation.Kind.TRAINING_CENTRE, region_id=code
        )
        centres.append(
            TrainingCentre.objects.create(
                organisation=organisation,
                short_name=f"BLK Uji {number:02d}",
                name=f"Balai Latihan Kerja Uji {number:02d}",
                kind=TrainingCentre.Kind.UPTD_REGENCY,
                region_id=code,
                latitude=-6.2,
                longitude=106.8,
                is_synthetic=True,
            )
        )
    programme = Programme.objects.create(code="BENCH", name="Benchmark programme")
    wave = Wave.objects.create(
        programme=programme,
        code="BENCH-2025-1",
        name="Bench",
        opens_on=date(2025, 6, 1),
        closes_on=date(2025, 6, 30),
        selection_date=date(2025, 7, 5),
        target=(COHORTS + SAMPLE) * SEATS,
        status=Wave.Status.RUNNING,
    )
    run = AllocationRun.objects.create(
        wave=wave, status=AllocationRun.Status.CONFIRMED, max_km=75, sector_mismatch_km=25, decided_at=now
    )
    password = make_password(None)
    days = [STARTS + timedelta(days=offset) for offset in range(SESSIONS * 2) if offset % 7 < 5][:SESSIONS]
    ends_on = days[-1]
    serial = 0
    for index in range(COHORTS + SAMPLE):
        prefix, number = (MAIN, index + 1) if index < COHORTS else (NAIVE, index - COHORTS + 1)
        centre = centres[index % len(centres)]
        with transaction.atomic():
            cohort = Cohort.objects.create(
                centre=centre,
                course=course,
                code=f"{prefix}-{number:04d}",
                starts_on=STARTS,
                ends_on=ends_on,
                seats=SEATS,
                status=Cohort.Status.RUNNING,
            )
            sessions = Session.objects.bulk_create(
                [
                    Session(
                        cohort=cohort,
                        number=n,
                        kind=Session.Kind.TECHNICAL if n % 4 else Session.Kind.ENTREPRENEURSHIP,
                        topic=f"Materi {n}",
                        starts_at=datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC),
                        ends_at=datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC),
                        jp=JP,
                    )
                    for n, day in enumerate(days, 1)
                ]
            )
            users, people = [], []
            for _ in range(SEATS):
                serial += 1
                village = rng.choice(villages[centre.region_id])
                birth = date(1970, 1, 1) + timedelta(days=rng.randrange(30 * 365))
                sex = rng.choice([Sex.MALE, Sex.FEMALE])
                users.append(User(username=f"peserta{serial:05d}", password=password, role=Role.PARTICIPANT))
                people.append(
                    Participant(
                        nik=build_nik(district=village.code[:8], birth_date=birth, sex=sex, serial=serial),
                        full_name=f"Peserta Uji {serial:05d}",
                        birth_place="Bekasi",
                        birth_date=birth,
                        sex=sex,
                        phone=f"+62812{serial:08d}",
                        domicile_id=village.code,
                        layoff_date=date(2025, 3, 1),
                        consent_version=CONSENT_VERSION,
                        consent_at=now,
                        is_synthetic=True,
                    )
                )
            for user, person in zip(User.objects.bulk_create(users), people, strict=True):
                person.user = user
            people = Participant.objects.bulk_create(people)
            enrolments = Enrolment.objects.bulk_create(
                [
                    Enrolment(
                        wave=wave,
                        participant=person,
                        state=EnrolmentState.IN_TRAINING,
                        rank=rank,
                        lottery_outcome="S",
                    )
                    for rank, person in enumerate(people, 1)
                ]
            )
            Placement.objects.bulk_create(
                [
                    Placement(run=run, enrolment=enrolment, cohort=cohort, distance_km=5.0, cost=5.0)
                    for enrolment in enrolments
                ]
            )
            marks = []
            for enrolment in enrolments:
                # About one in twenty comes to fewer than the course's 80 % of the hours.
                rate = 0.6 if rng.random() < 0.05 else 0.97
                for session in sessions:
                    status = Attendance.Status.PRESENT if rng.random() < rate else Attendance.Status.ABSENT
                    marks.append(
                        Attendance(
                            session=session, enrolment=enrolment, status=status, marked_at=session.starts_at
                        )
                    )
            Attendance.objects.bulk_create(marks, batch_size=2000)
            Assessment.objects.bulk_create(
                [
                    Assessment(
                        cohort=cohort,
                        enrolment=enrolment,
                        score=(score := rng.randint(66, 100)),
                        passed=score >= course.pass_score,
                        assessed_at=sessions[-1].ends_at,
                    )
                    for enrolment in enrolments
                ]
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "build_s": time.perf_counter() - started,
        "participants": serial,
        "attendance": Attendance.objects.count(),
    }


def complete() -> dict:
    from wirausaha.centres.models import Cohort
    from wirausaha.training.actions import complete_cohort

    cohorts = list(Cohort.objects.filter(code__startswith=MAIN).order_by("pk"))
    now = datetime.now(UTC)
    started, cpu = time.perf_counter(), time.process_time()
    graduated = dropped = certificates = 0
    for cohort in cohorts:
        outcome = complete_cohort(cohort, by=None, now=now)
        graduated += outcome["graduated"]
        dropped += sum(outcome["dropped_out"].values())
        certificates += outcome["certificates"]
    return {
        "seconds": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,
        "cohorts": len(cohorts),
        "graduated": graduated,
        "dropped_out": dropped,
        "certificates": certificates,
    }


def render() -> dict:
    from wirausaha.documents.models import Document
    from wirausaha.documents.tasks import render_documents_pdf
    from wirausaha.training.models import Certificate

    by_cohort: dict[int, list[int]] = {}
    for cohort_id, document_id in (
        Certificate.objects.filter(cohort__code__startswith=MAIN)
        .order_by("cohort_id", "pk")
        .values_list("cohort_id", "document_id")
    ):
        by_cohort.setdefault(cohort_id, []).append(document_id)
    started, cpu = time.perf_counter(), time.process_time()
    for document_ids in by_cohort.values():
        render_documents_pdf.call(document_ids=document_ids)
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    rendered = Document.objects.filter(certificate__cohort__code__startswith=MAIN, rendered_at__isnull=False)
    sizes = [document.pdf.size for document in rendered.only("pdf")[:200]]
    return {
        "seconds": seconds,
        "cpu_s": cpu_s,
        "rendered": rendered.count(),
        "missing": Certificate.objects.filter(
            cohort__code__startswith=MAIN, document__rendered_at__isnull=True
        ).count(),
        "mean_kb": sum(sizes) / len(sizes) / 1024 if sizes else 0,
        "pure_ms": _pure_render_ms(rendered[:100]),
    }


def _pure_render_ms(documents) -> float:
    """The drawing alone (pdf.render, no database or file), per certificate."""
    from wirausaha.documents import pdf
    from wirausaha.documents.rendering import certificate_text

    texts = [certificate_text(document) for document in documents]
    started = time.perf_counter()
    for text in texts:
        pdf.render(text)
    return (time.perf_counter() - started) / len(texts) * 1000


@contextmanager
def stock_qr_widget():
    """The baseline's drawing: ReportLab's QR widget, one rectangle object per dark module, in
    place of documents/pdf.py's run-length path (swapped in this process only, for the baseline)."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    from wirausaha.documents import pdf

    def widget(canvas, value, x, y, side):
        code = QrCodeWidget(value, barLevel="M")
        x0, y0, x1, y1 = code.getBounds()
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
        drawing.add(code)
        renderPDF.draw(drawing, canvas, x, y)

    original = pdf._qr_path
    pdf._qr_path = widget
    try:
        yield
    finally:
        pdf._qr_path = original


def naive() -> dict:
    """The first version one would write: per person, per certificate."""
    from django.db import transaction
    from django.db.models import Sum

    from wirausaha.allocation.queries import cohort_roster
    from wirausaha.centres.models import Cohort
    from wirausaha.common.audit import record_event
    from wirausaha.documents.tasks import render_document_pdf
    from wirausaha.programs.actions import transition
    from wirausaha.programs.models import EnrolmentState
    from wirausaha.training import completion
    from wirausaha.training.certificates.actions import issue_certificate
    from wirausaha.training.models import Assessment, Attendance, Certificate

    cohorts = list(Cohort.objects.filter(code__startswith=NAIVE).select_related("course").order_by("pk"))
    started = time.perf_counter()
    for cohort in cohorts:
        course = cohort.course
        with transaction.atomic():
            total = cohort.sessions.aggregate(jp=Sum("jp"))["jp"] or 0
            for enrolment in cohort_roster(cohort).filter(state=EnrolmentState.IN_TRAINING):
                attended = (
                    Attendance.objects.filter(
                        enrolment=enrolment,
                        session__cohort=cohort,
                        status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE],
                    ).aggregate(jp=Sum("session__jp"))["jp"]
                    or 0
                )
                assessment = Assessment.objects.filter(cohort=cohort, enrolment=enrolment).first()
                outcome = completion.decide(
                    completion.Share(attended, total),
                    min_attendance_percent=course.min_attendance_percent,
                    assessment_required=course.assessment_required,
                    score=assessment.score if assessment else None,
                    pass_score=course.pass_score,
                )
                to = EnrolmentState.GRADUATED if outcome.graduates else EnrolmentState.DROPPED_OUT
                transition(enrolment, to, by=None, reason=outcome.reason or "completed")
                if outcome.graduates:
                    issue_certificate(enrolment=enrolment, cohort=cohort, by=None)
            cohort.status = Cohort.Status.FINISHED
            cohort.save(update_fields=["status", "updated_at"])
            record_event(None, "cohort.completed", cohort)
    complete_s = time.perf_counter() - started

    ids = list(
        Certificate.objects.filter(cohort__code__startswith=NAIVE)
        .order_by("pk")
        .values_list("document_id", flat=True)
    )
    half = len(ids) // 2
    started = time.perf_counter()
    for pk in ids[:half]:
        render_document_pdf.call(document_id=pk)
    per_task_s = time.perf_counter() - started
    started = time.perf_counter()
    with stock_qr_widget():
        for pk in ids[half:]:
            render_document_pdf.call(document_id=pk)
    widget_s = time.perf_counter() - started
    return {
        "complete_s": complete_s,
        "cohorts": len(cohorts),
        "certificates": len(ids),
        "per_task_ms": per_task_s / max(half, 1) * 1000,
        "widget_ms": widget_s / max(len(ids) - half, 1) * 1000,
    }


def step_main(step: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    result = {"build": build, "complete": complete, "render": render, "naive": naive}[step]()
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


# The driver --------------------------------------------------------------------------------------


def measure(database_url: str, media: str) -> dict:
    env = {
        "MEDIA_ROOT": media,
        # Tasks are queued and kept, not run: the render step runs them, and message delivery is
        # not part of this benchmark.
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "LOG_LEVEL": "WARNING",
    }
    return run_steps("bench.bench_training", ("build", "complete", "render", "naive"), database_url, env)


def main() -> None:

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite …", file=sys.stderr, flush=True)
        rows.append(("SQLite", measure(f"sqlite:///{tmp}/training.sqlite3", f"{tmp}/sqlite-media")))
        name = postgres_database() if os.environ.get("BENCH_TRAINING_PG", "1") != "0" else None
        if name is None:
            print("PostgreSQL skipped or did not answer: SQLite only.", file=sys.stderr)
        else:
            try:
                print("PostgreSQL …", file=sys.stderr, flush=True)
                rows.append(("PostgreSQL", measure(f"{PG_ADMIN}/{name}", f"{tmp}/pg-media")))
            finally:
                drop(name)

    print(
        f"training: {COHORTS} cohorts x {SEATS} participants ({COHORTS * SEATS:,}), {SESSIONS} sessions "
        f"each ({COHORTS * SEATS * SESSIONS:,} attendance marks); baseline: per-row completion and one "
        f"task per certificate on {SAMPLE} more cohorts, extrapolated (seconds are wall time; CPU s is "
        f"this process's own, which a busy machine does not inflate)"
    )
    print(
        f"{'database':<11} {'step':<22} {'count':>7} {'seconds':>8} {'CPU s':>7} {'ms/cert':>8} "
        f"{'peak MB':>8} {'baseline, all (est.)':>21} {'speed-up':>9}"
    )
    for engine, r in rows:
        complete, render, naive = r["complete"], r["render"], r["naive"]
        certificates = max(complete["certificates"], 1)
        naive_complete = naive["complete_s"] / max(naive["certificates"], 1) * certificates
        naive_widget = naive["widget_ms"] * certificates / 1000
        table = (
            (
                f"complete {COHORTS} cohorts",
                complete["certificates"],
                complete["seconds"],
                complete["cpu_s"],
                complete["peak_mb"],
                naive_complete,
            ),
            (
                "render certificates",
                render["rendered"],
                render["seconds"],
                render["cpu_s"],
                render["peak_mb"],
                naive_widget,
            ),
        )
        for label, count, seconds, cpu, peak, baseline in table:
            per_certificate = seconds / certificates * 1000
            print(
                f"{engine:<11} {label:<22} {count:>7,} {seconds:>7.1f}s {cpu:>6.1f}s {per_certificate:>7.1f} "
                f"{peak:>8.0f} {baseline:>20.0f}s {baseline / seconds:>8.1f}x"
            )
        total = complete["seconds"] + render["seconds"]
        cpu = complete["cpu_s"] + render["cpu_s"]
        per_certificate = total / certificates * 1000
        print(
            f"{engine:<11} {'total':<22} {certificates:>7,} {total:>7.1f}s {cpu:>6.1f}s "
            f"{per_certificate:>7.1f} {max(complete['peak_mb'], render['peak_mb']):>8.0f} "
            f"{naive_complete + naive_widget:>20.0f}s "
            f"{(naive_complete + naive_widget) / total:>8.1f}x"
        )
        print(
            f"{engine:<11} (graduated {complete['graduated']:,}, dropped out {complete['dropped_out']:,}; "
            f"PDF {render['mean_kb']:.1f} KB each, drawing alone {render['pure_ms']:.1f} ms; baseline "
            f"render one task per certificate {naive['per_task_ms']:.1f} ms with this drawing, "
            f"{naive['widget_ms']:.1f} ms with the stock QR widget; not rendered: {render['missing']}; "
            f"set-up not timed: {r['build']['build_s']:.0f} s)"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1:
        step_main(sys.argv[1])
    else:
        main()
