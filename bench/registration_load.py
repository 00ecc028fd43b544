"""The load for bench_registration, run in its own process so that its CPU use is its own:
`python -m bench.registration_load PORT PATH FIRST SERVER_PID` posts distinct, valid registrations from
CLIENTS threads (each with its own connection) to http://127.0.0.1:PORT/PATH, first WARM_UP of
them untimed, and prints JSON with requests/s, latency percentiles, errors, the first error and
the CPU time that the clients, the server's workers and PostgreSQL spent in the timed part.
The bearer token, if any, comes from BENCH_TOKEN, the database's name from BENCH_DATABASE."""

import csv
import http.client
import json
import os
import resource
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VILLAGES = ROOT / "wirausaha" / "reference" / "data" / "wilayah_desa.csv"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "3000"))
WARM_UP = int(os.environ.get("BENCH_WARM_UP", "100"))
TIMEOUT_S = 30


def words(text: str) -> list[str]:
    return text.split()


# Names as on ID cards, combined so that two registrations rarely share a name: the registration
# registry looks for probable duplicates, and names that differ only by a number would all look alike.
GIVEN = {
    "F": words(
        "Siti Sri Dewi Rina Fitri Indah Ratna Endang Ayu Novi Desi Rini Yanti Maya Putri Nurul "
        "Dian Wulan Lilis Euis Titin Aisyah Fatimah Halimah Anisa Kartika Sumarni Lestari Wahyuni "
        "Mega"
    ),
    "M": words(
        "Muhammad Ahmad Agus Budi Andi Joko Eko Dedi Hendra Rudi Yusuf Rizki Arif Bambang Slamet "
        "Heru Wahyu Iwan Hadi Rahmat Hasan Ilham Fajar Bayu Faisal Imam Irfan Lukman Ridwan Sigit"
    ),
}
FAMILY = words(
    "Saputra Pratama Hidayat Santoso Setiawan Wijaya Nugroho Kurniawan Prasetyo Gunawan Susanto "
    "Purnomo Wibowo Firmansyah Hermawan Kusuma Permana Ramadhan Maulana Rahman Hakim Lubis "
    "Siregar Nasution Harahap Simanjuntak Sitorus Hutapea Situmorang Sinaga Manurung Tanjung "
    "Chaniago Koto Ginting Sembiring Tarigan Damanik Rahmawati Handayani Kurniasih Anggraeni "
    "Puspitasari Wulandari Safitri Maharani Rahayu Utami Astuti Suryani Mulyani Halim Salim "
    "Sudirman Sutanto Haryono Sunarto Abdullah Iskandar Hasibuan Batubara Marpaung Panjaitan "
    "Sihombing Tambunan"
)
BIRTH_DAYS = 12_000  # about 33 years of birth dates from 1965: one block of registrations


def payloads(first: int, count: int) -> list[bytes]:
    """`count` registrations numbered from `first`: real village codes, varied names and birth
    dates, NIKs that agree with the birth date and sex, and distinct NIKs and phone numbers for
    distinct numbers. Within a block of BIRTH_DAYS numbers each has its own birth date; the
    block gives the NIK's serial."""
    from wirausaha.registry.nik import build_nik

    with VILLAGES.open(newline="") as file:
        villages = [row["code"] for row in csv.DictReader(file)]
    if not 0 <= first <= first + count <= 9999 * BIRTH_DAYS:
        raise ValueError(f"registrations are numbered from 0 to {9999 * BIRTH_DAYS}")
    bodies = []
    for number in range(first, first + count):
        village = villages[(number * 104_729) % len(villages)]
        block = number // BIRTH_DAYS
        birth_date = date(1965, 1, 1) + timedelta(days=(number * 7919 + block * 5003) % BIRTH_DAYS)
        sex = "M" if number % 2 else "F"
        nik = build_nik(
            district=village.rsplit(".", 1)[0],
            birth_date=birth_date,
            sex=sex,
            serial=block + 1,
        )
        given = GIVEN[sex][(number // 2 * 7 + block) % len(GIVEN[sex])]
        middle = GIVEN[sex][(number // 3 * 11) % len(GIVEN[sex])] if number % 3 == 0 else ""
        family = FAMILY[(number * 13 + number // len(FAMILY)) % len(FAMILY)]
        body = {
            "nik": nik,
            "full_name": " ".join([given, middle, family] if middle and middle != given else [given, family]),
            "birth_date": birth_date.strftime("%d/%m/%Y"),
            "sex": "L" if sex == "M" else "P",
            "phone": f"+62812{10_000_000 + number:08d}",
            "domicile": village,
            "layoff_date": "01/03/2025",
            "consent": True,
        }
        bodies.append(json.dumps(body).encode())
    return bodies


class Client(threading.Thread):
    """One client: posts its share of the bodies one after another on its own connection (gunicorn's
    sync workers close it after each reply; http.client then opens a new one)."""

    def __init__(self, port: int, path: str, headers: dict, bodies: list[bytes], start: threading.Barrier):
        super().__init__(daemon=True)
        self.port, self.path, self.headers = port, path, headers
        self.bodies, self.start_together = bodies, start
        self.latencies: list[float] = []
        self.errors = 0
        self.first_error = ""

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
        self.start_together.wait()
        for body in self.bodies:
            started = time.perf_counter()
            try:
                connection.request("POST", self.path, body=body, headers=self.headers)
                response = connection.getresponse()
                content = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
                status, content = 0, f"{type(error).__name__}: {error}".encode()
            self.latencies.append(time.perf_counter() - started)
            if status != 201:
                self.errors += 1
                if not self.first_error:
                    self.first_error = f"HTTP {status}: {content[:500].decode(errors='replace')}"
        connection.close()


def process_cpu(server_pid: int, database: str) -> dict[str, dict[int, float]]:
    """CPU seconds used so far by the server's workers (the children of `server_pid`) and by
    the local PostgreSQL backends serving `database`, each process by its id."""
    tick = os.sysconf("SC_CLK_TCK")
    used: dict[str, dict[int, float]] = {"server": {}, "postgres": {}}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick
        if int(fields[1]) == server_pid:
            used["server"][int(entry.name)] = seconds
        elif name == "postgres" and database and f" {database} ".encode() in cmdline(entry):
            used["postgres"][int(entry.name)] = seconds
    return used


def cmdline(entry: Path) -> bytes:
    try:
        return (entry / "cmdline").read_bytes()
    except OSError:
        return b""


def cpu_since(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


class CpuSampler(threading.Thread):
    """Reads process_cpu every second until stopped, keeping each process's last reading: a
    PostgreSQL backend that ends during the run (Django reconnects when CONN_MAX_AGE has passed)
    still counts up to its last second."""

    def __init__(self, server_pid: int, database: str):
        super().__init__(daemon=True)
        self.server_pid, self.database = server_pid, database
        self.latest = process_cpu(server_pid, database)
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(1.0):
            self.read()

    def read(self) -> None:
        for kind, readings in process_cpu(self.server_pid, self.database).items():
            self.latest[kind].update(readings)

    def stop(self) -> dict[str, dict[int, float]]:
        self.stopped.set()
        self.join()
        self.read()
        return self.latest


def run_load(
    port: int, path: str, headers: dict, bodies: list[bytes], server_pid: int = 0, database: str = ""
) -> dict:
    """Send `bodies` from CLIENTS threads at once; the clock runs from the start to the last reply."""
    start = threading.Barrier(CLIENTS + 1)
    clients = [Client(port, path, headers, bodies[index::CLIENTS], start) for index in range(CLIENTS)]
    for client in clients:
        client.start()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    sampler = CpuSampler(server_pid, database)
    others_before = {kind: dict(readings) for kind, readings in sampler.latest.items()}
    sampler.start()
    start.wait()
    started = time.perf_counter()
    for client in clients:
        client.join()
    seconds = time.perf_counter() - started
    others_after = sampler.stop()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    latencies = sorted(latency for client in clients for latency in client.latencies)
    errors = sum(client.errors for client in clients)
    first_error = next((client.first_error for client in clients if client.first_error), "")
    return {
        "requests": len(latencies),
        "clients": CLIENTS,
        "seconds": seconds,
        "per_s": len(latencies) / seconds,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "errors": errors,
        "first_error": first_error,
        "client_cpu_s": cpu,
        "server_cpu_s": cpu_since(others_before["server"], others_after["server"]),
        "postgres_cpu_s": cpu_since(others_before["postgres"], others_after["postgres"]),
    }


def main(port: int, path: str, first: int, server_pid: int) -> None:
    bodies = payloads(first, WARM_UP + REQUESTS)
    headers = {"Content-Type": "application/json", "Host": "127.0.0.1"}
    if token := os.environ.get("BENCH_TOKEN"):
        headers["Authorization"] = f"Bearer {token}"
    warm_up = run_load(port, path, headers, bodies[:WARM_UP])
    database = os.environ.get("BENCH_DATABASE", "")
    result = run_load(port, path, headers, bodies[WARM_UP:], server_pid, database)
    result["warm_up_errors"] = warm_up["errors"]
    result["first_error"] = result["first_error"] or warm_up["first_error"]
    print(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
