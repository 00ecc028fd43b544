"""The province map's geometry (pure: no Django): simplifying the shared boundaries once, offline,
and drawing the simplified shapes as SVG paths with a colour per value.

Rings are simplified with Douglas-Peucker at a tolerance in degrees; rings that end up with fewer
than 4 points or a tiny area (small islands) are left out, except the largest ring of each
province, which is always kept so that every province shows.
"""

from __future__ import annotations

import math
from typing import Any

Point = tuple[float, float]

# The map's frame (degrees): Indonesia from Sabang to Merauke, Miangas to Rote.
WEST, EAST, NORTH, SOUTH = 94.5, 141.5, 6.5, -11.5
# Sequential colour classes, lightest first (the table under the map gives the exact numbers).
COLOURS = ("#eff6f3", "#c7e4d8", "#8fcab2", "#4fa882", "#1d7a55", "#0b4f36")
NO_DATA = "#e5e5e5"


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative (rings of thousands of points would overflow a recursion)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > farthest:
                farthest, index = d, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def area(ring: list[Point]) -> float:
    """Absolute shoelace area in square degrees."""
    pairs = zip(ring, [*ring[1:], *ring[:1]], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def _outer_rings(geometry: dict[str, Any]) -> list[list[Point]]:
    """The outer ring of each polygon (holes are not drawn at this scale)."""
    coordinates = geometry["coordinates"]
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    return [[(float(x), float(y)) for x, y, *_ in polygon[0]] for polygon in polygons if polygon]


def simplify_collection(
    collection: dict[str, Any], *, tolerance: float = 0.04, min_area: float = 0.01
) -> dict:
    """{"code": {"name": ..., "rings": [[[lng, lat], ...], ...]}} from a GeoJSON FeatureCollection
    of provinces (properties code and name), coordinates rounded to 0.01 degree."""
    result: dict[str, Any] = {}
    for feature in collection["features"]:
        props = feature["properties"]
        rings = [simplify(ring, tolerance) for ring in _outer_rings(feature["geometry"])]
        rings = [r for r in rings if len(r) >= 4]
        if not rings:
            continue
        largest = max(rings, key=area)
        kept = [r for r in rings if r is largest or area(r) >= min_area]
        result[str(props["code"])] = {
            "name": props["name"],
            "rings": [[[round(x, 2), round(y, 2)] for x, y in ring] for ring in kept],
        }
    return dict(sorted(result.items()))


def project(lng: float, lat: float, width: float) -> tuple[float, float]:
    """Equirectangular: fine for a country across the equator at this size."""
    scale = width / (EAST - WEST)
    return (lng - WEST) * scale, (NORTH - lat) * scale


def height_for(width: float) -> float:
    return (NORTH - SOUTH) * width / (EAST - WEST)


def path_of(rings: list[list[list[float]]], width: float) -> str:
    parts = []
    for ring in rings:
        xy = [project(lng, lat, width) for lng, lat in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
    return "".join(parts)


def colour_for(value: float | None, highest: float) -> str:
    """The colour class of `value` among 0..highest (NO_DATA for None); 0 is the lightest."""
    if value is None:
        return NO_DATA
    if highest <= 0 or value <= 0:
        return COLOURS[0]
    step = min(len(COLOURS) - 1, 1 + int((len(COLOURS) - 1) * (value / highest) - 1e-9))
    return COLOURS[step]
