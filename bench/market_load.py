"""One measurement of `bench_market` in its own process, so that its peak memory is its own:
`python -m bench.market_load METHOD` prints one line of JSON.

Matching instance: 100,000 businesses drawn around real regency centroids by population, each with a
KBLI code from a list of common micro-business classes (food-heavy), a capacity, certificates (NIB
always; halal, SPP-IRT, BPOM MD sometimes, some expired) and, for seven in ten, a price; 5,000
listings serving one regency, one or two provinces, or the whole country, with requirements, a
minimum per supplier, a delivery place and, for half, a price range. Schedule instance: 300
businesses and 60 buyers, 12 slots, 30 tables; each business asks for up to 2 buyers, chosen in
proportion to 1 / rank (a few buyers are wanted by many), and each buyer for 4 businesses, half of
them among those who asked for it; everyone is unavailable in 0 to 4 slots. Seeded: every run
builds the same instances.
"""

import csv
import json
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from wirausaha.market.matching import BusinessIndex, Demand, Offer, explain, passes
from wirausaha.market.schedule import first_free_slot, read_instance, solve

ROOT = Path(__file__).resolve().parent.parent
REGENCIES = ROOT / "wirausaha" / "reference" / "data" / "wilayah_kabupaten_kota.csv"
SEED = 20261201
ON = date(2026, 12, 1)
BUSINESSES = 100_000
LISTINGS = 5_000
K = 10
SAMPLE = 25
CODES = {
    "10792": 8,
    "10791": 5,
    "10710": 6,
    "10793": 4,
    "10750": 6,
    "10799": 4,
    "10110": 2,
    "10211": 2,
    "10390": 3,
    "10612": 2,
    "11040": 2,
    "13121": 2,
    "14111": 5,
    "14120": 2,
    "15201": 1,
    "16221": 1,
    "31001": 2,
    "32902": 2,
    "47111": 6,
    "47112": 3,
    "47211": 2,
    "47241": 2,
    "47911": 4,
    "56101": 8,
    "56102": 3,
    "56210": 2,
    "95230": 1,
    "96011": 2,
    "96020": 3,
    "01134": 2,
}
SLOTS, TABLES, SCHEDULE_BUSINESSES, BUYERS = 12, 30, 300, 60
TIME_LIMIT = 60.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def regencies() -> list[tuple[str, float, float, float]]:
    with REGENCIES.open(newline="", encoding="utf-8") as handle:
        return [
            (row["code"], float(row["lat"]), float(row["lng"]), float(row["population_total"]))
            for row in csv.DictReader(handle)
        ]


def matching_instance() -> tuple[list[Offer], list[Demand]]:
    rng = random.Random(SEED)
    places = regencies()
    weights = [p[3] for p in places]
    codes, code_weights = list(CODES), list(CODES.values())
    offers = []
    for number, place in enumerate(rng.choices(places, weights, k=BUSINESSES)):
        certificates = [("nib", None)]
        for kind, share in (("halal", 0.5), ("spp_irt", 0.4), ("bpom_md", 0.1)):
            if rng.random() < share:
                certificates.append((kind, ON + timedelta(days=rng.randint(-200, 900))))
        offers.append(
            Offer(
                f"b{number:06d}",
                rng.choices(codes, code_weights)[0],
                place[0],
                rng.choice([50, 100, 200, 300, 500, 1000, 2000]),
                tuple(certificates),
                place[1] + rng.uniform(-0.2, 0.2),
                place[2] + rng.uniform(-0.2, 0.2),
                rng.choice([8_000, 10_000, 12_000, 15_000, 20_000]) if rng.random() < 0.7 else None,
            )
        )
    provinces = sorted({p[0][:2] for p in places})
    demands = []
    for number in range(LISTINGS):
        place = rng.choices(places, weights)[0]
        shape = rng.random()
        if shape < 0.3:
            regions = (place[0],)
        elif shape < 0.7:
            regions = (place[0][:2],)
        elif shape < 0.9:
            regions = (place[0][:2], rng.choice(provinces))
        else:
            regions = ()
        low = rng.choice([8_000, 10_000, 12_000])
        demands.append(
            Demand(
                f"l{number:05d}",
                rng.choices(codes, code_weights)[0],
                tuple(dict.fromkeys(regions)),
                rng.choice([0, 100, 200, 500]),
                frozenset(["nib", *rng.sample(["halal", "spp_irt"], rng.randint(0, 2))]),
                rng.choice([500, 1000, 5000]),
                low if rng.random() < 0.5 else None,
                low + 4_000 if rng.random() < 0.5 else None,
                place[1],
                place[2],
            )
        )
    return offers, demands


def schedule_instance() -> dict:
    rng = random.Random(SEED)
    businesses = [f"b{i:03d}" for i in range(SCHEDULE_BUSINESSES)]
    buyers = [f"u{i:02d}" for i in range(BUYERS)]
    parties = [
        {"id": p, "side": side, "unavailable": rng.sample(range(SLOTS), rng.randint(0, 4))}
        for side, group in (("business", businesses), ("buyer", buyers))
        for p in group
    ]
    # Buyers are not equally wanted: the i-th is asked for in proportion to 1 / (i + 1).
    popularity = [1 / (i + 1) for i in range(BUYERS)]
    asked = {(b, u) for b in businesses for u in rng.choices(buyers, popularity, k=2)}
    for u in buyers:
        # Half of a buyer's 4 requests go to businesses that asked for them (when there are any).
        askers = sorted(b for b, wanted in asked if wanted == u)
        picks = rng.sample(askers, min(2, len(askers))) + rng.sample(businesses, 4)
        asked |= {(u, b) for b in picks[:4]}
    requests = [{"from": a, "to": b} for a, b in sorted(asked)]
    return {"slots": SLOTS, "tables": TABLES, "parties": parties, "requests": requests}


def sample(demands: list[Demand]) -> list[Demand]:
    return demands[:: LISTINGS // SAMPLE][:SAMPLE]


def index_run() -> dict:
    offers, demands = matching_instance()
    started = time.perf_counter()
    index = BusinessIndex(offers, ON)
    built = time.perf_counter()
    found = {demand.id: index.top(demand, K) for demand in demands}
    done = time.perf_counter()
    return {
        "build": built - started,
        "seconds": done - started,
        "matches": sum(len(v) for v in found.values()),
        "empty": sum(1 for v in found.values() if not v),
        "sample": {d.id: [o.id for o, _s, _r in found[d.id]] for d in sample(demands)},
        "peak_mb": peak_mb(),
    }


def all_pairs_run() -> dict:
    offers, demands = matching_instance()
    chosen = sample(demands)
    started = time.perf_counter()
    found = {}
    for demand in chosen:
        scored = [(offer, *explain(offer, demand)) for offer in offers if passes(offer, demand, ON)]
        scored.sort(key=lambda item: (-item[1], item[0].id))
        found[demand.id] = [offer.id for offer, _s, _r in scored[:K]]
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "listings": len(chosen), "sample": found, "peak_mb": peak_mb()}


def schedule_run(method: str) -> dict:
    instance = read_instance(schedule_instance())
    if method == "cpsat":
        result = solve(instance, time_limit=TIME_LIMIT)
    else:
        result = first_free_slot(instance, by_weight=method == "greedy")
    return {
        "meetings": len(result.meetings),
        "weight": result.weight,
        "optimal": result.optimal,
        "bound": result.bound,
        "seconds": result.seconds,
        "requested_pairs": len(instance.weights),
        "mutual_pairs": sum(1 for w in instance.weights.values() if w == 2),
        "peak_mb": peak_mb(),
    }


if __name__ == "__main__":
    method = sys.argv[1]
    runs = {"index": index_run, "allpairs": all_pairs_run}
    result = runs[method]() if method in runs else schedule_run(method)
    print(json.dumps(result))
