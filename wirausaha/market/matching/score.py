"""The score of a pair that passes the hard rules, between 0 and 1, and an Indonesian explanation of
each of its four parts: closeness in the KBLI hierarchy, distance to the delivery place, capacity
against the volume wanted, and price fit. A part that cannot be judged (no place or price stated)
counts half and says so. `scores` computes the same figures for many businesses at once.
Pure: no Django import."""

import math
from dataclasses import dataclass

import numpy as np

from .model import Demand, Offer

EARTH_RADIUS_KM = 6371.0088
# A business this far from the delivery place gets half the distance part.
HALF_DISTANCE_KM = 100.0
NEUTRAL = 0.5
# Shared leading digits of two KBLI codes -> the part, and the KBLI level it means.
KBLI_LEVELS = {
    5: (1.0, "kelompok"),
    4: (0.75, "subgolongan"),
    3: (0.5, "golongan"),
    2: (0.25, "golongan pokok"),
}


@dataclass(frozen=True)
class Weights:
    kbli: float = 0.4
    distance: float = 0.2
    capacity: float = 0.25
    price: float = 0.15


WEIGHTS = Weights()


def rupiah(amount: int | float) -> str:
    return "Rp " + f"{round(amount):,}".replace(",", ".")


def number(amount: int | float) -> str:
    return f"{round(amount):,}".replace(",", ".")


def shared_digits(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def great_circle_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def kbli_part(offer: Offer, demand: Demand) -> tuple[float, str]:
    shared = min(shared_digits(offer.kbli, demand.kbli), 5)
    value, level = KBLI_LEVELS.get(shared, (0.0, ""))
    if shared == 5:
        return value, f"KBLI usaha sama dengan yang dicari ({offer.kbli})."
    return (
        value,
        f"KBLI usaha {offer.kbli} satu {level} ({demand.kbli[:shared]}) dengan KBLI dicari {demand.kbli}.",
    )


def distance_part(offer: Offer, demand: Demand) -> tuple[float, str]:
    if demand.lat is None or demand.lng is None:
        return NEUTRAL, "Pembeli tidak mencantumkan lokasi pengiriman; jarak dinilai netral."
    if offer.lat is None or offer.lng is None:
        return NEUTRAL, "Lokasi usaha belum diketahui; jarak dinilai netral."
    km = great_circle_km(offer.lat, offer.lng, demand.lat, demand.lng)
    return 1 / (1 + km / HALF_DISTANCE_KM), f"Jarak ke lokasi pengiriman sekitar {number(km)} km."


def wanted_volume(demand: Demand) -> int:
    return demand.volume_per_month if demand.volume_per_month is not None else demand.min_per_supplier


def capacity_part(offer: Offer, demand: Demand) -> tuple[float, str]:
    wanted = wanted_volume(demand)
    capacity = offer.capacity_per_month
    if wanted <= 0 or capacity >= wanted:
        return (
            1.0,
            f"Kapasitas {number(capacity)} per bulan mencukupi seluruh kebutuhan {number(wanted)} per bulan.",
        )
    share = capacity / wanted
    return share, (
        f"Kapasitas {number(capacity)} per bulan memenuhi {round(share * 100)}% kebutuhan "
        f"{number(wanted)} per bulan."
    )


def price_part(offer: Offer, demand: Demand) -> tuple[float, str]:
    low, high, price = demand.price_min, demand.price_max, offer.price
    if low is None and high is None:
        return NEUTRAL, "Pembeli tidak mencantumkan kisaran harga; harga dinilai netral."
    if price is None:
        return NEUTRAL, "Usaha belum mencantumkan harga; harga dinilai netral."
    if high is not None and price > high:
        over = (price - high) / high if high else 1.0
        return max(0.0, 1 - over), (
            f"Harga {rupiah(price)} di atas batas pembeli {rupiah(high)} (lebih {round(over * 100)}%)."
        )
    if low is not None and price < low:
        return 1.0, f"Harga {rupiah(price)} di bawah kisaran pembeli (mulai {rupiah(low)})."
    return 1.0, f"Harga {rupiah(price)} dalam kisaran pembeli."


PARTS = (("kbli", kbli_part), ("distance", distance_part), ("capacity", capacity_part), ("price", price_part))


def explain(offer: Offer, demand: Demand, weights: Weights = WEIGHTS) -> tuple[float, list[dict]]:
    """The score of a pair that passes the hard rules and its reasons: [{"part", "points", "text"}],
    points being the part's contribution to the score."""
    total = 0.0
    reasons = []
    for name, part in PARTS:
        value, text = part(offer, demand)
        points = getattr(weights, name) * value
        total += points
        reasons.append({"part": name, "points": round(points, 3), "text": text})
    return total, reasons


def scores(
    demand: Demand,
    kbli: np.ndarray,
    capacity: np.ndarray,
    lat: np.ndarray,
    lng: np.ndarray,
    price: np.ndarray,
    weights: Weights = WEIGHTS,
) -> np.ndarray:
    """explain's score for many businesses at once: kbli as integers, lat/lng/price as floats with
    NaN where unknown."""
    wanted = int(demand.kbli)
    part = np.zeros(len(kbli))
    for digits, (value, _level) in sorted(KBLI_LEVELS.items()):
        divisor = 10 ** (5 - digits)
        part = np.where(kbli // divisor == wanted // divisor, value, part)
    total = weights.kbli * part
    if demand.lat is None or demand.lng is None:
        total += weights.distance * NEUTRAL
    else:
        p1, p2 = math.radians(demand.lat), np.radians(lat)
        dp, dl = p2 - p1, np.radians(lng - demand.lng)
        a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        total += weights.distance * np.where(np.isnan(km), NEUTRAL, 1 / (1 + km / HALF_DISTANCE_KM))
    volume = wanted_volume(demand)
    if volume <= 0:
        total += weights.capacity
    else:
        total += weights.capacity * np.minimum(1.0, capacity / volume)
    low, high = demand.price_min, demand.price_max
    if low is None and high is None:
        total += weights.price * NEUTRAL
    else:
        fit = np.ones(len(kbli))
        if high is not None:
            over = (price - high) / high if high else np.where(price > high, 1.0, 0.0)
            fit = np.where(price > high, np.maximum(0.0, 1 - over), fit)
        total += weights.price * np.where(np.isnan(price), NEUTRAL, fit)
    return total
