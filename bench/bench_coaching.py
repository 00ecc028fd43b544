"""`make bench ONLY=coaching`: counselor assignment (issue #18) with the exact optimizer
(`wirausaha.coaching.matching.assign`: the placement min-cost flow with remote options) against a
greedy nearest-counselor baseline, in the same run, for 10,000 graduates over 1,000 counselors and
100,000 over 5,000. No database.

The instance is realistic in where people are: graduates and counselors' bases at real district
(kecamatan) centroids from wirausaha/reference/data, provinces weighted by 2024-2025 layoffs as in
the selection benchmark; graduates' business sectors from a few KBLI codes, 40 % accept remote
coaching; counselors know 1 to 3 KBLI divisions, half coach remotely, caseload capacity 10 to 30
(about as many places as graduates). max_km 50, remote_km 30, sector_mismatch_km 25.

Greedy baseline: graduates in input order each take the nearest counselor within max_km with
capacity left, else (if they accept remote) the first remote counselor with capacity left; its
cost is counted by the same rule. Each (size, method) runs in its own process so that its peak
memory (maximum RSS, the interpreter and numpy included) is its own; the instance is built in
that process and not timed. `BENCH_COACHING_SIZES` ("10000x1000,100000x5000") changes the sizes.

Plan PDFs: 1,000 approved 12-month plans (different names, prices and sales, a loan) drawn the way
the background task draws them (coaching.rendering.plan_text: the calculator and the wording; then
coaching.pdf.render_plan: the layout, tables and chart), in memory, no database or file. Baseline in
the same process: 1,000 certificates of wirausaha/training drawn the same way (documents.pdf.render,
one page with a QR code). `BENCH_COACHING_PDFS` (1000) changes the count.
"""

import csv
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "wirausaha" / "reference" / "data"
SIZES = os.environ.get("BENCH_COACHING_SIZES", "10000x1000,100000x5000")
PDFS = int(os.environ.get("BENCH_COACHING_PDFS", "1000"))
SEED = 20260118
INTERESTS = ["10710", "10794", "56101", "56210", "47111", "47911", "96", "13", "14", "01", "45", None]
DIVISIONS = ["10", "56", "47", "96", "13", "14", "01", "45", "16", "31"]
PARAMS = {"max_km": 50, "remote_km": 30, "sector_mismatch_km": 25}
EARTH_RADIUS_KM = 6371.0088


def districts() -> tuple[list[tuple[float, float]], list[float]]:
    layoffs: Counter = Counter()
    with open(DATA / "phk_per_provinsi_2024_2025.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            layoffs[row["province_code"]] += int(row["laid_off_workers"] or 0)
    per_province: Counter = Counter()
    rows = []
    with open(DATA / "wilayah_kecamatan.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["lat"] and row["lng"]:
                rows.append((row["province_code"], float(row["lat"]), float(row["lng"])))
                per_province[row["province_code"]] += 1
    # A province's weight (its layoffs, plus a floor) is shared by its districts.
    weights = [(layoffs.get(code, 0) + 500) / per_province[code] for code, _, _ in rows]
    return [(lat, lng) for _, lat, lng in rows], weights


def instance(graduates: int, counselors: int) -> dict:
    rng = random.Random(SEED + graduates)
    places, weights = districts()
    graduate_places = rng.choices(places, weights, k=graduates)
    counselor_places = rng.choices(places, weights, k=counselors)
    return {
        **PARAMS,
        "graduates": [
            {
                "id": f"g{i}",
                "lat": lat,
                "lng": lng,
                "sector": rng.choice(INTERESTS),
                "remote_ok": rng.random() < 0.4,
            }
            for i, (lat, lng) in enumerate(graduate_places)
        ],
        "counselors": [
            {
                "id": f"k{i}",
                "lat": lat,
                "lng": lng,
                "sectors": rng.sample(DIVISIONS, rng.randint(1, 3)),
                "capacity": rng.randint(10, 30),
                "remote": rng.random() < 0.5,
            }
            for i, (lat, lng) in enumerate(counselor_places)
        ],
    }


def _xyz(lat, lng):
    import numpy as np

    lat, lng = np.radians(lat), np.radians(lng)
    return np.column_stack([np.cos(lat) * np.cos(lng), np.cos(lat) * np.sin(lng), np.sin(lat)])


def greedy(data: dict) -> dict:
    """Each graduate in turn: the nearest counselor within max_km with room, else the first remote
    counselor with room if they accept remote; costed by the same rule as the optimizer."""
    import numpy as np
    from scipy.spatial import cKDTree

    graduates, counselors = data["graduates"], data["counselors"]
    max_km, remote_km, penalty = data["max_km"], data["remote_km"], data["sector_mismatch_km"]
    tree = cKDTree(_xyz([c["lat"] for c in counselors], [c["lng"] for c in counselors]))
    points = _xyz([g["lat"] for g in graduates], [g["lng"] for g in graduates])
    chord = 2 * math.sin(max_km / EARTH_RADIUS_KM / 2)
    k = min(64, len(counselors))
    chords, near = tree.query(points, k=k, distance_upper_bound=chord)
    near, chords = near.reshape(len(graduates), k), chords.reshape(len(graduates), k)
    room = [c["capacity"] for c in counselors]
    remote = [i for i, c in enumerate(counselors) if c["remote"]]
    first_remote = 0
    assigned, total = 0, 0.0
    for row, graduate in enumerate(graduates):
        chosen, km = None, None
        for column in range(k):
            i = int(near[row, column])
            if i >= len(counselors):
                break
            if room[i] > 0:
                chosen, km = i, 2 * EARTH_RADIUS_KM * math.asin(min(1.0, chords[row, column] / 2))
                break
        else:
            # All k nearest full: every counselor within max_km, nearest first.
            found = tree.query_ball_point(points[row], chord)
            found.sort(key=lambda i: float(np.linalg.norm(tree.data[i] - points[row])))
            for i in found:
                if room[i] > 0:
                    chosen = i
                    km = (
                        2
                        * EARTH_RADIUS_KM
                        * math.asin(min(1.0, float(np.linalg.norm(tree.data[i] - points[row])) / 2))
                    )
                    break
        if chosen is None and graduate["remote_ok"]:
            while first_remote < len(remote) and room[remote[first_remote]] == 0:
                first_remote += 1
            if first_remote < len(remote):
                chosen, km = remote[first_remote], math.inf
        if chosen is None:
            continue
        counselor = counselors[chosen]
        room[chosen] -= 1
        assigned += 1
        options = [km] if km <= max_km else []
        if graduate["remote_ok"] and counselor["remote"]:
            options.append(remote_km)
        sector = graduate["sector"]
        fits = not sector or any(sector.startswith(s) or s.startswith(sector) for s in counselor["sectors"])
        total += min(options) + (0 if fits else penalty)
    return {"assigned": assigned, "unassigned": len(graduates) - assigned, "total_cost": total}


def step(method: str, graduates: int, counselors: int) -> dict:
    data = instance(graduates, counselors)
    started = time.perf_counter()
    if method == "optimizer":
        from wirausaha.coaching.matching import assign

        result = assign(data)
        extra = {"remote": sum(e["mode"] == "remote" for e in result["explanations"].values())}
    else:
        result = greedy(data)
        extra = {}
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "assigned": result["assigned"],
        "unassigned": result["unassigned"],
        "total_cost": result["total_cost"],
        "capacity": sum(c["capacity"] for c in data["counselors"]),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **extra,
    }


def measure(method: str, graduates: int, counselors: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_coaching", method, str(graduates), str(counselors)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _plans(count: int) -> list:
    """Unsaved approved plans (no database): the content of the tests' plan, varied per person."""
    from datetime import UTC, datetime

    from wirausaha.coaching.actions.plans import clean_section
    from wirausaha.coaching.models import BusinessPlan
    from wirausaha.coaching.tests.support import PLAN
    from wirausaha.registry.models import Participant

    rng = random.Random(SEED)
    plans = []
    for i in range(count):
        content = json.loads(json.dumps(PLAN))
        content["costing"]["price_per_unit"] = str(rng.randrange(12000, 30000, 500))
        content["sales_plan"]["months"] = [
            {
                "units": str(rng.randint(60, 400)),
                "credit_share": str(rng.choice([0, 10, 20, 30])),
                "owner_drawings": "500000",
            }
            for _ in range(12)
        ]
        plans.append(
            BusinessPlan(
                participant=Participant(full_name=f"Peserta Rencana {i:04d} binti Contoh"),
                content={key: clean_section(key, data) for key, data in content.items()},
                version=1 + i % 3,
                status=BusinessPlan.Status.APPROVED,
                approved_at=datetime(2026, 1, 10, 3, 0, tzinfo=UTC),
            )
        )
    return plans


def _certificates(count: int) -> list:
    from wirausaha.documents import pdf

    return [
        pdf.CertificateText(
            issuer="KEMENTERIAN KETENAGAKERJAAN REPUBLIK INDONESIA",
            programme="Layanan Kewirausahaan bagi Pekerja Korban PHK",
            title="SERTIFIKAT",
            number_line=f"Nomor: WRS/2026/0012/{i:07d}",
            given_to="diberikan kepada",
            holder_name=f"Peserta Rencana {i:04d} binti Contoh",
            completed="yang telah menyelesaikan pelatihan",
            course_title="Pengolahan Makanan Ringan dan Pemasaran Digital",
            details=("sebanyak 60 JP, 5 Januari 2026 sampai 16 Januari 2026", "di BLK Bekasi"),
            issued="Diterbitkan pada 17 Januari 2026",
            code=f"{i:024d}",
            verify_url=f"https://wirausaha.kemnaker.go.id/verify/{i:024d}",
            verify_heading="Periksa keaslian sertifikat ini:",
            verify_steps=(
                "pindai kode QR, atau buka wirausaha.kemnaker.go.id/verify/",
                "lalu masukkan kode ini:",
            ),
            note="Dokumen ini diterbitkan secara elektronik melalui Wirausaha.",
        )
        for i in range(count)
    ]


def pdf_step(count: int) -> dict:
    """ms per plan: its text (the calculator and the wording) and its drawing; ms per certificate."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    from wirausaha.coaching import pdf as plan_pdf
    from wirausaha.coaching.rendering import plan_text
    from wirausaha.documents import pdf as document_pdf

    plans = _plans(count)
    started = time.perf_counter()
    texts = [plan_text(plan) for plan in plans]
    text_s = time.perf_counter() - started
    started = time.perf_counter()
    sizes = [len(plan_pdf.render_plan(text)) for text in texts]
    draw_s = time.perf_counter() - started
    certificates = _certificates(count)
    started = time.perf_counter()
    certificate_sizes = [len(document_pdf.render(text)) for text in certificates]
    certificate_s = time.perf_counter() - started
    return {
        "count": count,
        "plan_text_ms": text_s / count * 1000,
        "plan_draw_ms": draw_s / count * 1000,
        "plan_kb": sum(sizes) / count / 1024,
        "certificate_ms": certificate_s / count * 1000,
        "certificate_kb": sum(certificate_sizes) / count / 1024,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure_pdfs(count: int) -> dict:
    env = {**os.environ, "SECRET_KEY": "bench", "DEBUG": "False", "LOG_LEVEL": "WARNING"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_coaching", "pdfs", str(count)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"bench_coaching pdfs failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_pdfs() -> None:
    r = measure_pdfs(PDFS)
    per_plan = r["plan_text_ms"] + r["plan_draw_ms"]
    print()
    print(f"PDFs, {r['count']:,} of each, in memory (one process, peak {r['peak_mb']:.0f} MB)")
    print(f"{'document':<48} {'ms each':>8} {'KB each':>8}")
    print(f"{'business plan: text (calculator, wording)':<48} {r['plan_text_ms']:>8.2f}")
    drawing = "business plan: drawing (sections, table, chart)"
    print(f"{drawing:<48} {r['plan_draw_ms']:>8.2f} {r['plan_kb']:>8.1f}")
    print(f"{'business plan: total':<48} {per_plan:>8.2f}")
    baseline = "baseline: training certificate (one page, QR)"
    print(f"{baseline:<48} {r['certificate_ms']:>8.2f} {r['certificate_kb']:>8.1f}")
    print(f"{'plan / certificate':<48} {per_plan / r['certificate_ms']:>7.1f}x")


def main() -> None:
    print(
        f"{'graduates x counselors':>24} {'method':<26} {'seconds':>8} {'assigned':>9} {'unassigned':>10} "
        f"{'total cost (km-eq)':>19} {'mean':>6} {'peak MB':>8}"
    )
    for size in SIZES.split(","):
        graduates, counselors = (int(part) for part in size.split("x"))
        for method, label in (("optimizer", "exact (min-cost flow)"), ("greedy", "baseline: greedy nearest")):
            r = measure(method, graduates, counselors)
            mean = r["total_cost"] / max(r["assigned"], 1)
            note = f"  ({r['remote']:,} remote)" if "remote" in r else ""
            print(
                f"{graduates:>12,} x {counselors:>9,} {label:<26} {r['seconds']:>8.2f} {r['assigned']:>9,} "
                f"{r['unassigned']:>10,} {r['total_cost']:>19,.1f} {mean:>6.2f} {r['peak_mb']:>8.0f}{note}"
            )
        print(f"{'':>24} capacity {r['capacity']:,}")
    print_pdfs()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "pdfs":
        print(json.dumps(pdf_step(int(sys.argv[2]))))
    elif len(sys.argv) == 4:
        print(json.dumps(step(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
    else:
        main()
