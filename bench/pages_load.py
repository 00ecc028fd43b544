"""The load client of the page benchmark (bench_pages), in its own process:

    python -m bench.pages_load PORT FACTS.json          every (role, page) in turn
    python -m bench.pages_load PORT FACTS.json mixed    the mixed load of many clients at once

FACTS.json is what bench.pages_data printed: the accounts' session keys and API tokens, the waves,
runs and classes to open, the names to search. The first mode sends, for each role and each page
that role works with, WARM_UP untimed requests and then REQUESTS timed ones one after another
(fewer when a page is so slow that they would take more than PAGE_BUDGET_S), and prints JSON with
p50/p95/p99 and the status codes of each. The second runs CLIENTS threads for MIXED_S seconds, each
sending officers' pages and, one request in REGISTER_EVERY, a registration (POST
/api/v1/participants); it prints JSON with the throughput, percentiles and errors. Any answer other
than 200 (201 for a registration) is an error; the first of each page is kept."""

import http.client
import json
import math
import os
import random
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote_plus

from bench.registration_load import payloads

WARM_UP = int(os.environ.get("BENCH_WARM_UP", "3"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
# A page slower than the target gets fewer timed requests (at least MIN_REQUESTS): enough to see
# that it is slow, while the whole run stays within minutes. A page within target always gets all.
PAGE_BUDGET_S = float(os.environ.get("BENCH_PAGE_BUDGET_S", "6"))
MIN_REQUESTS = 5
SLOW_WARM_UP_S = 1.0  # one warm-up is enough for a page that takes longer than this
CLIENTS = int(os.environ.get("BENCH_MIXED_CLIENTS", "50"))
MIXED_S = float(os.environ.get("BENCH_MIXED_S", "60"))
# Only the pages whose label contains one of these (comma-separated), to re-measure a few after a change.
ONLY_PAGES = [part for part in os.environ.get("BENCH_PAGES", "").split(",") if part]
REGISTER_EVERY = 5  # one request in five of the mixed load is a registration
TIMEOUT_S = 120
# Registrations of the mixed load are numbered from here: apart from any other bench's.
FIRST_REGISTRATION = 0
REGISTRATIONS = 20_000


# A path starting with AFTER is the keyset equivalent of the deep page that follows: the page after
# that page's last row, by the `next_cursor` it gives (asked once, untimed, before the timed requests).
AFTER = "after:"


def page_list(facts: dict) -> list[tuple[str, str, str]]:
    """(role, label, path) of every list page and API list each role works with. The label names
    the page the same way at every size; the path has the names, codes and ids of this database.
    An API path starts with /api/."""
    waves, runs = facts["waves"], facts["runs"]
    running, finished = waves["running"], waves["finished"]
    run = runs[running]
    common, rare, nik = facts["common_name"], quote_plus(facts["rare_name"]), facts["nik_prefix"]
    registry = [
        ("/peserta/", "/peserta/"),
        ("/peserta/?q=<common name>", f"/peserta/?q={common}"),
        ("/peserta/?q=<rare full name>", f"/peserta/?q={rare}"),
        ("/peserta/?q=<6-digit NIK prefix>", f"/peserta/?q={nik}"),
        ("/peserta/?region=32.16", "/peserta/?region=32.16"),
        ("/peserta/?page=1000", "/peserta/?page=1000"),
        ("/peserta/verifikasi/", "/peserta/verifikasi/"),
        ("/peserta/verifikasi/?page=1000", "/peserta/verifikasi/?page=1000"),
        ("/peserta/duplikat/", "/peserta/duplikat/"),
        ("/peserta/impor/", "/peserta/impor/"),
    ]
    wave_pages = [
        ("/gelombang/", "/gelombang/"),
        ("/gelombang/<running>/", f"/gelombang/{running}/"),
        ("/gelombang/<running>/peserta/", f"/gelombang/{running}/peserta/"),
        ("/gelombang/<running>/peserta/?page=1000", f"/gelombang/{running}/peserta/?page=1000"),
        ("/gelombang/<finished>/hasil/", f"/gelombang/{finished}/hasil/"),
        ("/gelombang/<finished>/hasil/?page=1000", f"/gelombang/{finished}/hasil/?page=1000"),
    ]
    placement = [
        ("/penempatan/", "/penempatan/"),
        ("/penempatan/gelombang/<running>/", f"/penempatan/gelombang/{running}/"),
        ("/penempatan/hasil/<run>/", f"/penempatan/hasil/{run}/"),
        ("/penempatan/hasil/<run>/?page=1000", f"/penempatan/hasil/{run}/?page=1000"),
    ]
    training = [("/pelatihan/kelas/", "/pelatihan/kelas/"), ("/pelatihan/hari-ini/", "/pelatihan/hari-ini/")]
    centres = [("/balai/", "/balai/"), ("/balai/?page=50", "/balai/?page=50")]
    api_registry = [
        ("API participants", "/api/v1/participants"),
        ("API participants?q=<common name>", f"/api/v1/participants?q={common}"),
        ("API participants?q=<6-digit NIK prefix>", f"/api/v1/participants?q={nik}"),
        ("API participants?region=32.16", "/api/v1/participants?region=32.16"),
        ("API participants?page=1000", "/api/v1/participants?page=1000"),
        ("API participants?cursor=<after page 1000>", f"{AFTER}/api/v1/participants?page=1000"),
    ]
    api_waves = [
        ("API waves", "/api/v1/waves"),
        ("API waves/<running>/enrolments", f"/api/v1/waves/{running}/enrolments"),
        ("API waves/<running>/enrolments?page=100", f"/api/v1/waves/{running}/enrolments?page=100"),
        (
            "API waves/<running>/enrolments?cursor=<after 100>",
            f"{AFTER}/api/v1/waves/{running}/enrolments?page=100",
        ),
        ("API waves/<running>/placements", f"/api/v1/waves/{running}/placements"),
    ]
    api_reference = [("API regions", "/api/v1/regions"), ("API sectors", "/api/v1/sectors")]
    officer = (
        registry
        + wave_pages
        + placement
        + training
        + centres
        + [("/referensi/wilayah/", "/referensi/wilayah/")]
    )
    officer_api = api_registry + api_waves + api_reference
    operator_cohort, account_cohort = facts["operator_cohort"], facts["account_cohort"]
    pages = {
        "national admin": [
            *officer,
            ("/balai/kelas/", "/balai/kelas/"),
            ("/pelatihan/sertifikat/", "/pelatihan/sertifikat/"),
            ("/akun/audit/", "/akun/audit/"),
            ("/akun/audit/?page=1000", "/akun/audit/?page=1000"),
            *officer_api,
            ("API cohorts/<id>/sessions", f"/api/v1/cohorts/{operator_cohort}/sessions"),
        ],
        "province office": officer + officer_api,
        "regency office": officer + officer_api,
        "centre operator": [
            ("/balai/", "/balai/"),
            ("/balai/kelas/", "/balai/kelas/"),
            ("/gelombang/", "/gelombang/"),
            ("/gelombang/<finished>/hasil/", f"/gelombang/{finished}/hasil/"),
            *placement[:3],
            *training,
            ("/pelatihan/sertifikat/", "/pelatihan/sertifikat/"),
            ("/referensi/wilayah/", "/referensi/wilayah/"),
            ("API waves", "/api/v1/waves"),
            ("API waves/<running>/placements", f"/api/v1/waves/{running}/placements"),
            ("API cohorts/<id>/sessions", f"/api/v1/cohorts/{operator_cohort}/sessions"),
        ],
        "participant": [
            ("/peserta/saya/status/", "/peserta/saya/status/"),
            ("/peserta/saya/", "/peserta/saya/"),
            ("/pelatihan/jadwal/", "/pelatihan/jadwal/"),
            ("/pelatihan/sertifikat/saya/", "/pelatihan/sertifikat/saya/"),
            ("/gelombang/", "/gelombang/"),
            ("API participants", "/api/v1/participants"),
            ("API waves", "/api/v1/waves"),
            ("API cohorts/<id>/sessions", f"/api/v1/cohorts/{account_cohort}/sessions"),
        ],
    }
    return [
        (role, label, path)
        for role, entries in pages.items()
        for label, path in entries
        if not ONLY_PAGES or any(part in label for part in ONLY_PAGES)
    ]


ACCOUNT_OF = {
    "national admin": "admin",
    "province office": "province",
    "regency office": "regency",
    "centre operator": "operator",
    "participant": "participant",
}


def headers_for(facts: dict, role: str, path: str) -> dict:
    account = facts["users"][ACCOUNT_OF[role]]
    headers = {"Host": "127.0.0.1"}
    if path.startswith("/api/"):
        headers["Authorization"] = f"Bearer {account['token']}"
    else:
        headers["Cookie"] = f"sessionid={account['session']}"
    return headers


def send(
    port: int, method: str, path: str, headers: dict, body: bytes | None = None
) -> tuple[int, bytes, float]:
    """One request on a new connection (gunicorn's sync workers close each): status, body, seconds."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        status, content = 0, f"{type(error).__name__}: {error}".encode()
    finally:
        connection.close()
    return status, content, time.perf_counter() - started


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(share * len(sorted_values)) - 1))]


def summary(latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    return {f"p{q}_ms": round(1000 * percentile(ordered, q / 100), 1) for q in (50, 95, 99)}


def error_text(status: int, content: bytes) -> str:
    return f"HTTP {status}: {content[:300].decode(errors='replace')}"


def by_cursor(port: int, path: str, headers: dict) -> str:
    """The path of the page after the deep page `path` (see AFTER), by its `next_cursor`; for a list
    shorter than that (a regency's share of a wave), the page after the deepest of page/2, page/4...
    that has a next one; for a list of one page, that page."""
    base, _, query = path.partition("?")
    page = int(query.removeprefix("page="))
    while True:
        status, content, _seconds = send(port, "GET", f"{base}?page={page}", headers)
        cursor = json.loads(content)["next_cursor"] if status == 200 else None
        if cursor or status != 200 or page == 1:
            break
        page //= 2
    if status != 200:
        raise RuntimeError(f"no next_cursor from {path}: {error_text(status, content)}")
    return f"{base}?cursor={quote_plus(cursor)}" if cursor else base


def measure_pages(port: int, facts: dict) -> list[dict]:
    results = []
    for role, label, path in page_list(facts):
        headers = headers_for(facts, role, path.removeprefix(AFTER))
        if path.startswith(AFTER):
            path = by_cursor(port, path.removeprefix(AFTER), headers)
        statuses: dict[int, int] = {}
        first_error = ""
        latencies: list[float] = []
        warm_up = WARM_UP
        size = 0
        while warm_up > 0 or len(latencies) < REQUESTS:
            status, content, seconds = send(port, "GET", path, headers)
            size = len(content)
            if status != 200 and not first_error:
                first_error = error_text(status, content)
            if warm_up > 0:
                warm_up = 0 if seconds > SLOW_WARM_UP_S else warm_up - 1
                continue
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append(seconds)
            if len(latencies) >= MIN_REQUESTS and sum(latencies) > PAGE_BUDGET_S:
                break
        # The size of the answer tells a page of 25 rows from one of 3 (the same page at 10,000).
        row = {"role": role, "page": label, "path": path, "requests": len(latencies), "bytes": size}
        row.update(summary(latencies))
        row.update(statuses={str(k): v for k, v in statuses.items()}, first_error=first_error)
        results.append(row)
        print(
            f"    {role:<16} {label:<44} p95 {row['p95_ms']:>8.1f} ms {statuses}", file=sys.stderr, flush=True
        )
    return results


class MixedClient(threading.Thread):
    """Sends officers' pages and, one request in REGISTER_EVERY, a registration, until `deadline`."""

    def __init__(self, number: int, port: int, facts: dict, pages: list, bodies, start: threading.Barrier):
        super().__init__(daemon=True)
        self.rng = random.Random(number)
        self.port, self.facts, self.pages, self.bodies, self.start_together = (
            port,
            facts,
            pages,
            bodies,
            start,
        )
        self.pages_s: list[float] = []
        self.registrations_s: list[float] = []
        self.errors = 0
        self.first_error = ""
        self.deadline = 0.0

    def run(self) -> None:
        self.start_together.wait()
        admin = self.facts["users"]["admin"]["token"]
        post_headers = {
            "Host": "127.0.0.1",
            "Content-Type": "application/json",
            "Authorization": f"Bearer {admin}",
        }
        while time.perf_counter() < self.deadline:
            body = next(self.bodies, None) if self.rng.randrange(REGISTER_EVERY) == 0 else None
            if body is not None:
                status, content, seconds = send(self.port, "POST", "/api/v1/participants", post_headers, body)
                self.registrations_s.append(seconds)
                ok = status == 201
            else:
                role, _label, path = self.pages[self.rng.randrange(len(self.pages))]
                status, content, seconds = send(self.port, "GET", path, headers_for(self.facts, role, path))
                self.pages_s.append(seconds)
                ok = status == 200
            if not ok:
                self.errors += 1
                self.first_error = self.first_error or error_text(status, content)


def mixed_load(port: int, facts: dict) -> dict:
    officers = [
        entry
        for entry in page_list(facts)
        if entry[0] in ("province office", "regency office") and not entry[2].startswith(AFTER)
    ]
    bodies = iter(payloads(FIRST_REGISTRATION, REGISTRATIONS))
    shared = _Shared(bodies)
    start = threading.Barrier(CLIENTS + 1)
    clients = [MixedClient(number, port, facts, officers, shared, start) for number in range(CLIENTS)]
    for client in clients:
        client.start()
    start.wait()
    started = time.perf_counter()
    for client in clients:
        client.deadline = started + MIXED_S
    for client in clients:
        client.join()
    seconds = time.perf_counter() - started
    pages = [s for client in clients for s in client.pages_s]
    registrations = [s for client in clients for s in client.registrations_s]
    return {
        "clients": CLIENTS,
        "seconds": round(seconds, 1),
        "requests": len(pages) + len(registrations),
        "per_s": round((len(pages) + len(registrations)) / seconds, 1),
        "all": summary(pages + registrations),
        "pages": {"requests": len(pages), **summary(pages)},
        "registrations": {"requests": len(registrations), **summary(registrations)},
        "errors": sum(client.errors for client in clients),
        "first_error": next((client.first_error for client in clients if client.first_error), ""),
    }


class _Shared:
    """An iterator shared by threads."""

    def __init__(self, items):
        self.items, self.lock = items, threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            return next(self.items)


def main() -> None:
    port, facts = int(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text())
    if len(sys.argv) > 3 and sys.argv[3] == "mixed":
        print(json.dumps(mixed_load(port, facts)))
    else:
        print(json.dumps({"results": measure_pages(port, facts)}))


if __name__ == "__main__":
    main()
