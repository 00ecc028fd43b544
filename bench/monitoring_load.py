"""The monitoring benchmark's steps, each in its own process on the PostgreSQL database named by
DATABASE_URL: `python -m bench.monitoring_load build N` and `python -m bench.monitoring_load measure`.

build: migrate, the reference data, ten waves (ORM), then N participants, N enrolments (80 % of
the people once in one of eight waves, a fifth of those again in one of two later waves) and the
enrolment event log (every step from `applied` to the enrolment's state: about 5 N events), plus
coaching milestones (NIB for a tenth of the people, a first sale for a twentieth), each one
INSERT ... SELECT generate_series with the table's secondary indexes dropped and made again,
then VACUUM ANALYZE.

measure: the dashboard's numbers (the national funnel, i.e. every indicator's total, and the
province breakdown) counted live by the indicators' definitions (the baseline: a COUNT per step
over the people), the summary's refresh, and the same numbers read from the summary, repeated;
then the whole dashboard page as the national admin; the counts of both ways must be equal.
Prints one JSON line."""

import json
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta

import psycopg

from bench.pages_data import run_sql

WAVES = 10
SECTORS_SQL = "SELECT code FROM reference_sector WHERE level = 'kelompok' AND code ~ '^(10|14|47|56|95|96)'"

PARTICIPANTS_SQL = (
    """
WITH d AS (SELECT array_agg(code ORDER BY code) AS codes FROM reference_region WHERE level = 'district'),
     s AS (SELECT array_agg(code ORDER BY code) AS codes FROM ("""
    + SECTORS_SQL
    + """) k)
INSERT INTO registry_participant (id, created_at, updated_at, nik, full_name, birth_place, birth_date,
    sex, phone, email, education, disability, last_employer, job_title, layoff_date, layoff_reason,
    layoff_evidence, jkp_recipient, business_interest, existing_business, consent_version, consent_at,
    verification,
    verification_note, verified_at, source, nik_flags, is_synthetic, domicile_id, employer_sector_id,
    open_duplicate)
SELECT g, %(now)s - make_interval(hours => ((g * 7) %% 8760)::int), %(now)s,
    lpad(g::text, 16, '0'), 'Peserta ' || g, 'Kota', date '1966-01-01' + ((g * 7919) %% 14600)::int,
    CASE WHEN g %% 2 = 0 THEN 'M' ELSE 'F' END, '', '', 'sma',
    CASE WHEN g %% 41 = 0 THEN 'physical' WHEN g %% 97 = 0 THEN 'sensory' ELSE 'none' END,
    '', '', date '2025-01-01' + (g %% 300)::int, 'efisiensi', '', g %% 3 = 0, '', '', %(consent)s, %(now)s,
    CASE WHEN g %% 10 < 8 THEN 'verified' ELSE 'pending' END, '',
    CASE WHEN g %% 10 < 8 THEN %(now)s ELSE NULL END, 'self', '[]'::jsonb, true,
    d.codes[1 + (g * 31) %% array_length(d.codes, 1)], s.codes[1 + g %% array_length(s.codes, 1)], false
FROM generate_series(1::bigint, %(n)s::bigint) g, d, s
"""
)

# State by a hash of the enrolment's number: graduated 70 %, waitlisted 15 %, in training 5 %,
# eligible 5 %, applied 5 % (about 5 events per enrolment).
STATE_SQL = """CASE WHEN (i * 37) %% 100 < 70 THEN 'graduated'
    WHEN (i * 37) %% 100 < 85 THEN 'waitlisted' WHEN (i * 37) %% 100 < 90 THEN 'in_training'
    WHEN (i * 37) %% 100 < 95 THEN 'eligible' ELSE 'applied' END"""

ENROLMENTS_SQL = (
    """
WITH e AS (
    SELECT i, CASE WHEN i <= %(first)s THEN i ELSE (i - %(first)s) * 4 END AS pid,
        CASE WHEN i <= %(first)s THEN i %% 8 ELSE 8 + i %% 2 END AS w, """
    + STATE_SQL
    + """ AS state
    FROM generate_series(1::bigint, %(n)s::bigint) i
)
INSERT INTO programs_enrolment (id, created_at, updated_at, state, verdict, points, pseudonym, rank,
    lottery_outcome, lottery_seat, participant_id, wave_id, regency_code, quota_region)
SELECT e.i, %(now)s, %(now)s, e.state, '{}'::jsonb, e.i %% 8, left(md5(e.i::text), 12), NULL,
    CASE WHEN e.state = 'waitlisted' THEN 'W'
        WHEN e.state IN ('graduated', 'in_training') THEN 'S' ELSE '' END,
    '', e.pid, (%(waves)s::bigint[])[1 + e.w], p.regency_code, p.province_code
FROM e JOIN registry_participant p ON p.id = e.pid
"""
)

PATHS = {
    "applied": ["applied"],
    "eligible": ["applied", "eligible"],
    "waitlisted": ["applied", "eligible", "waitlisted"],
    "in_training": ["applied", "eligible", "selected", "placed", "in_training"],
    "graduated": ["applied", "eligible", "selected", "placed", "in_training", "graduated"],
}
EVENTS_SQL = (
    """
INSERT INTO programs_enrolmentevent (enrolment_id, from_state, to_state, reason, created_at)
SELECT e.id, COALESCE(path[k - 1], ''), path[k], '', w.opens_on + make_interval(days => 14 * k::int)
FROM programs_enrolment e JOIN programs_wave w ON w.id = e.wave_id
CROSS JOIN LATERAL (SELECT CASE e.state """
    + " ".join(f"WHEN '{state}' THEN ARRAY{path}::text[]" for state, path in PATHS.items())
    + """ END AS path) p
CROSS JOIN LATERAL generate_subscripts(p.path, 1) k
"""
)

MILESTONES_SQL = """
INSERT INTO coaching_milestone (participant_id, kind, reached_on, note, source, recorded_at)
SELECT g, CASE WHEN g %% 10 = 0 THEN 'nib' ELSE 'first_sale' END, date '2026-01-01' + (g %% 300)::int, '',
    'bench', %(now)s
FROM generate_series(1::bigint, %(n)s::bigint) g WHERE g %% 10 = 0 OR g %% 20 = 3
"""


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()


def build(n: int) -> dict:
    _setup()
    from django.core.management import call_command

    from wirausaha.accounts.models import Role
    from wirausaha.programs.models import Programme, Wave
    from wirausaha.registry.consent import CONSENT_VERSION
    from wirausaha.testing import make_user

    steps = {}

    def timed(name, fn):
        started = time.perf_counter()
        result = fn()
        steps[name] = round(time.perf_counter() - started, 1)
        print(f"  build {name}: {steps[name]} s", file=sys.stderr, flush=True)
        return result

    from wirausaha.accounts.models import User
    from wirausaha.reference.models import Region

    timed("migrate", lambda: call_command("migrate", verbosity=0))
    if not Region.objects.exists():
        timed("load_reference", lambda: call_command("load_reference"))
    if not User.objects.filter(username="admin").exists():
        make_user("admin", Role.NATIONAL_ADMIN)
        make_user("jabar", Role.PROVINCIAL_OFFICER, region="32")
    programme, _ = Programme.objects.get_or_create(code="BENCH", defaults={"name": "Bench"})
    start = date(2025, 1, 6)
    waves = [
        Wave.objects.get_or_create(
            programme=programme,
            code=f"BENCH-{k:02d}",
            defaults=dict(
                name=f"Gelombang {k}",
                opens_on=start + timedelta(weeks=6 * k),
                closes_on=start + timedelta(weeks=6 * k + 2),
                selection_date=start + timedelta(weeks=6 * k + 3),
                target=1000,
                status="closed",
            ),
        )[0].pk
        for k in range(WAVES)
    ]
    now = datetime.now(UTC)
    conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    conn.execute("SET maintenance_work_mem = '256MB'")
    conn.execute("TRUNCATE registry_participant CASCADE")  # a build again on the same database
    params = {"n": n, "now": now, "consent": CONSENT_VERSION, "first": int(n * 0.8), "waves": waves}
    counts = {}
    counts["participants"] = timed(
        "participants", lambda: run_sql(conn, "registry_participant", PARTICIPANTS_SQL, params, rebuild=True)
    )
    counts["enrolments"] = timed(
        "enrolments", lambda: run_sql(conn, "programs_enrolment", ENROLMENTS_SQL, params, rebuild=True)
    )
    counts["events"] = timed(
        "events", lambda: run_sql(conn, "programs_enrolmentevent", EVENTS_SQL, rebuild=True)
    )
    counts["milestones"] = timed(
        "milestones", lambda: run_sql(conn, "coaching_milestone", MILESTONES_SQL, params, rebuild=True)
    )
    for table in ("registry_participant", "programs_enrolment", "programs_enrolmentevent"):
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    timed("vacuum analyze", lambda: conn.execute("VACUUM ANALYZE"))
    return {"counts": counts, "build_seconds": steps}


def _times(fn, repeat: int) -> tuple[list[float], object]:
    result, times = None, []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def _stats(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return {"n": len(times), "p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def measure(live_repeat: int, summary_repeat: int) -> dict:
    _setup()
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client, override_settings

    from wirausaha.accounts.models import User
    from wirausaha.monitoring import indicators, summary
    from wirausaha.monitoring.indicators import Filters

    admin = User.objects.get(username="admin")
    jabar = User.objects.get(username="jabar")
    f = Filters()

    people = indicators.people(admin, f)

    def live():
        """The baseline: one COUNT per step, and one per step grouped by province."""
        totals = {i.key: people.filter(i.condition(f)).count() for i in indicators.INDICATORS}
        provinces = {
            i.key: dict(
                people.filter(i.condition(f)).order_by().values_list("province_code").annotate(n=Count("pk"))
            )
            for i in indicators.INDICATORS
        }
        return totals, provinces

    def read(user, filters):
        return lambda: (summary.totals(user, filters), summary.breakdown(user, filters, "province"))

    def as_live(result):
        totals, rows = result
        return totals, {k: {r["group"]: r[k] for r in rows if r[k]} for k in totals}

    live_times, live_result = _times(live, live_repeat)
    started = time.perf_counter()
    run = summary.refresh()
    refresh_s = time.perf_counter() - started
    summary_times, summary_result = _times(read(admin, f), summary_repeat)
    wave = (
        summary.IndicatorCell.objects.filter(wave_id__isnull=False).values_list("wave_id", flat=True).first()
    )
    filtered = Filters(wave=wave, sex="F", age_band="35-44")
    filtered_times, _ = _times(read(admin, filtered), summary_repeat)
    region_times, _ = _times(read(jabar, Filters()), summary_repeat)
    client = Client()
    client.force_login(admin)
    plain = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain):  # the page without `collectstatic`'s manifest
        page_times, response = _times(
            lambda: client.get("/pemantauan/", secure=True), max(5, summary_repeat // 10)
        )
    return {
        "live": _stats(live_times),
        "summary": _stats(summary_times),
        "summary_filtered": _stats(filtered_times),
        "summary_region": _stats(region_times),
        "page": _stats(page_times),
        "page_status": response.status_code,
        "refresh_seconds": round(refresh_s, 1),
        "cells": run.cells,
        "same": live_result == as_live(summary_result),
        "registered": live_result[0]["registered"],
    }


def main() -> None:
    step = sys.argv[1]
    if step == "build":
        result = build(int(sys.argv[2]))
    else:
        result = measure(
            int(os.environ.get("LIVE_REPEAT", "3")), int(os.environ.get("SUMMARY_REPEAT", "200"))
        )
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
