"""`make bench ONLY=finance_grants`: 200 grant approvals at once against a province's budget that
holds 50, on a fresh PostgreSQL database of its own (dropped afterwards). Target (issue #19): exactly
50 approved, the other 150 refused with the budget's message, 0 errors, and the committed total equal
to the budget.

Measured in a child process on that database (`python -m bench.bench_finance_grants run`): 200
proposals by one officer, then 200 `decide_grant` calls by another officer from a pool of
BENCH_GRANTS_WORKERS threads (each its own connection), all released together. Baseline in the same
run, on the same database: the same 200 decisions one after another (no contention) against a second
budget of 50. Every figure comes from the seeded product data (the TKM Pemula ceiling)."""

import contextlib
import json
import os
import resource
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bench.bench_reference import PG_ADMIN, drop, postgres_database, run

PROPOSALS = int(os.environ.get("BENCH_GRANTS_PROPOSALS", "200"))
BUDGET_FOR = int(os.environ.get("BENCH_GRANTS_BUDGET_FOR", "50"))
WORKERS = int(os.environ.get("BENCH_GRANTS_WORKERS", "40"))
PRODUCT = "tkm_pemula"


def _regions():
    """One village in West Java and one in Bali with their parents: enough for participants'
    domiciles, without the full reference load."""
    from wirausaha.reference.models import Region

    chain = [
        ("32", "province", None, "Jawa Barat", "", "WIB"),
        ("32.16", "regency", "32", "Kabupaten Bekasi", "kabupaten", "WIB"),
        ("32.16.01", "district", "32.16", "Tarumajaya", "", "WIB"),
        ("32.16.01.2001", "village", "32.16.01", "Segarajaya", "desa", "WIB"),
        ("51", "province", None, "Bali", "", "WITA"),
        ("51.71", "regency", "51", "Kota Denpasar", "kota", "WITA"),
        ("51.71.01", "district", "51.71", "Denpasar Selatan", "", "WITA"),
        ("51.71.01.1001", "village", "51.71.01", "Sesetan", "kelurahan", "WITA"),
    ]
    for code, level, parent, name, kind, zone in chain:
        Region.objects.get_or_create(
            code=code,
            defaults={"level": level, "parent_id": parent, "name": name, "kind": kind, "time_zone": zone},
        )


def _decide_all(proposals, checker, workers: int) -> dict:
    from django.db import connection

    from wirausaha.common.errors import InvalidInput
    from wirausaha.finance.actions.grants import decide_grant

    start = threading.Barrier(min(workers, len(proposals)))
    outcome = {"approved": 0, "refused": 0, "errors": 0, "error_kinds": {}}
    lock = threading.Lock()

    def one(proposal):
        try:
            if workers > 1:
                with contextlib.suppress(threading.BrokenBarrierError):
                    start.wait(timeout=5)
            decide_grant(proposal, approve=True, by=checker)
            key = "approved"
        except InvalidInput:
            key = "refused"
        except Exception as error:  # counted, and named in the result
            key = "errors"
            with lock:
                outcome["error_kinds"][type(error).__name__] = (
                    outcome["error_kinds"].get(type(error).__name__, 0) + 1
                )
        finally:
            if workers > 1:
                connection.close()
        with lock:
            outcome[key] += 1

    started = time.perf_counter()
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(one, proposals))
    else:
        for proposal in proposals:
            one(proposal)
    outcome["seconds"] = time.perf_counter() - started
    return outcome


def child() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from wirausaha.accounts.models import Role
    from wirausaha.finance.actions.grants import propose_grant, save_budget
    from wirausaha.finance.models import GrantBudget, GrantProposal
    from wirausaha.finance.queries.products import product_in_force
    from wirausaha.testing import make_participant, make_user

    _regions()
    product = product_in_force(PRODUCT, django.utils.timezone.localdate())
    admin = make_user("bench.pusat", Role.NATIONAL_ADMIN)
    maker = make_user("bench.pengusul", Role.NATIONAL_ADMIN)
    checker = make_user("bench.pemeriksa", Role.NATIONAL_ADMIN)
    year = django.utils.timezone.localdate().year
    results = {"vendor": connection.vendor, "ceiling": product.max_amount}
    for mode, province, workers in (("concurrent", "32", WORKERS), ("sequential", "51", 1)):
        if province == "51":
            from wirausaha.reference.models import Region

            Region.objects.get_or_create(
                code="51.71",
                defaults={"level": "regency", "parent_id": "51", "name": "Kota Denpasar", "kind": "kota"},
            )
            Region.objects.get_or_create(
                code="51.71.01",
                defaults={"level": "district", "parent_id": "51.71", "name": "Denpasar Selatan"},
            )
            Region.objects.get_or_create(
                code="51.71.01.1001",
                defaults={
                    "level": "village",
                    "parent_id": "51.71.01",
                    "name": "Sesetan",
                    "kind": "kelurahan",
                },
            )
        village = "32.16.01.2001" if province == "32" else "51.71.01.1001"
        save_budget(
            product_code=PRODUCT,
            province_id=province,
            year=year,
            amount=product.max_amount * BUDGET_FOR,
            by=admin,
        )
        proposals = [
            propose_grant(
                participant=make_participant(f"Peserta {mode} {index}", village=village, phone=""),
                product_code=PRODUCT,
                amount=product.max_amount,
                purpose="Modal awal",
                by=maker,
            )
            for index in range(PROPOSALS)
        ]
        outcome = _decide_all(proposals, checker, workers)
        budget = GrantBudget.objects.get(product_code=PRODUCT, province_id=province, year=year)
        outcome["committed_ok"] = budget.committed_amount == budget.amount
        outcome["approved_rows"] = GrantProposal.objects.filter(
            province_id=province, status="approved"
        ).count()
        outcome["workers"] = workers
        results[mode] = outcome
    results["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(results))


def main() -> None:
    name = postgres_database()
    if name is None:
        print("finance_grants: no PostgreSQL server answers (BENCH_PG_URL); skipped")
        return
    try:
        r = run("bench.bench_finance_grants", "run", f"{PG_ADMIN}/{name}")
    finally:
        drop(name)
    print(
        f"grant approvals: {PROPOSALS} at once against a budget for {BUDGET_FOR} "
        f"(TKM Pemula at its ceiling, Rp {r['ceiling']:,}), PostgreSQL"
    )
    columns = ("workers", "approved", "refused", "errors", "seconds", "per s", "held")
    print(f"{'run':<30} " + " ".join(f"{name:>8}" for name in columns))
    for label, key in (("concurrent approvals", "concurrent"), ("baseline: one after another", "sequential")):
        o = r[key]
        print(
            f"{label:<30} {o['workers']:>8} {o['approved']:>8} {o['refused']:>8} {o['errors']:>8} "
            f"{o['seconds']:>8.2f} {PROPOSALS / o['seconds']:>8.0f} {'yes' if o['committed_ok'] else 'NO':>8}"
        )
        if o["error_kinds"]:
            print(f"  errors: {o['error_kinds']}")
    ok = (
        r["concurrent"]["approved"] == BUDGET_FOR == r["concurrent"]["approved_rows"]
        and not r["concurrent"]["errors"]
    )
    print(f"target: exactly {BUDGET_FOR} approved, 0 errors: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        child()
    else:
        main()
