"""Radius queries on the sphere: points as 3D coordinates bucketed into cubes."""

import math
from collections.abc import Iterator

import numpy as np

from .arrays import _ranges
from .records import EARTH_RADIUS_KM

# Radius queries expand at most this many candidate pairs at once, to bound memory.
_CHUNK = 4_000_000


class _Grid:
    # Points on the sphere, as 3D coordinates in km, bucketed into cubes of `cell` km.

    def __init__(self, xyz: np.ndarray, cell: float) -> None:
        # At least 1/2**20 of the globe per cell, so that cell numbers fit in 64 bits.
        self.cell = max(cell, 2 * EARTH_RADIUS_KM / 2**20)
        self.offset = math.ceil(EARTH_RADIUS_KM / self.cell) + 1
        self.side = 2 * self.offset + 1
        cells = np.floor(xyz / self.cell).astype(np.int64) + self.offset
        ids = (cells[:, 0] * self.side + cells[:, 1]) * self.side + cells[:, 2]
        self.order = np.argsort(ids, kind="stable")
        self.ids = ids[self.order]
        # The occupied cells, and the cell number of each point.
        first = np.r_[True, self.ids[1:] != self.ids[:-1]] if len(ids) else np.zeros(0, bool)
        self.cell_ids = self.ids[first]
        self.cell_of = np.empty(len(ids), np.int64)
        self.cell_of[self.order] = np.cumsum(first) - 1

    def _columns(self, xyz: np.ndarray, chord: np.ndarray) -> Iterator[tuple[np.ndarray, ...]]:
        # The (x, y) columns of cells that each query's ball touches, with the query's first and
        # last z cell: (query, column id, first z, last z), in chunks of queries.
        low = np.floor((xyz - chord[:, None]) / self.cell).astype(np.int64) + self.offset
        high = np.floor((xyz + chord[:, None]) / self.cell).astype(np.int64) + self.offset
        low, high = np.clip(low, 0, self.side - 1), np.clip(high, 0, self.side - 1)
        wide = high[:, 1] - low[:, 1] + 1
        columns = (high[:, 0] - low[:, 0] + 1) * wide
        total = np.cumsum(columns)
        start = 0
        while start < len(xyz):
            before = total[start - 1] if start else 0
            stop = max(start + 1, int(np.searchsorted(total, before + _CHUNK, "right")))
            query, step = _ranges(np.zeros(stop - start, np.int64), columns[start:stop])
            query += start
            x, y = low[query, 0] + step // wide[query], low[query, 1] + step % wide[query]
            yield query, x, y, low[query, 2], high[query, 2]
            start = stop

    def near(self, xyz: np.ndarray, chord: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(query, point) for the points in the cells that each query's ball touches, in chunks; the
        caller filters by the exact distance."""
        for query, x, y, z_low, z_high in self._columns(xyz, chord):
            column = (x * self.side + y) * self.side
            begin = np.searchsorted(self.ids, column + z_low, "left")
            end = np.searchsorted(self.ids, column + z_high, "right")
            some = end > begin
            query, begin, end = query[some], begin[some], end[some]
            if not len(query):
                continue
            sizes = np.cumsum(end - begin)
            cuts = np.searchsorted(sizes, np.arange(_CHUNK, int(sizes[-1]), _CHUNK), "right")
            for part in np.split(np.arange(len(query)), cuts):
                if len(part):
                    which, position = _ranges(begin[part], end[part])
                    yield query[part][which], self.order[position]

    def largest_near(self, values: np.ndarray, other: "_Grid", km: float) -> np.ndarray:
        """For each cell of the `other` grid, the largest value among this grid's points within `km`
        of any point of the cell, or more (from whole cells: a bound, not the exact value)."""
        result = np.full(len(other.cell_ids), np.iinfo(np.int64).min)
        if not len(self.ids):
            return result
        firsts = np.flatnonzero(np.r_[True, self.ids[1:] != self.ids[:-1]])
        cell_ids = self.ids[firsts]
        cell_max = np.r_[np.maximum.reduceat(values[self.order], firsts), result[:1]]
        # Around the middle of each of the other grid's cells, the radius plus half its diagonal.
        side = other.side
        cells = np.column_stack(
            [other.cell_ids // side**2, other.cell_ids // side % side, other.cell_ids % side]
        )
        middle = (cells - other.offset + 0.5) * other.cell
        chord = _chord(np.full(len(middle), km)) + other.cell * math.sqrt(3) / 2
        for query, x, y, z_low, z_high in self._columns(middle, chord):
            column = (x * self.side + y) * self.side
            begin = np.searchsorted(cell_ids, column + z_low, "left")
            end = np.searchsorted(cell_ids, column + z_high, "right")
            some = end > begin
            bounds = np.column_stack([begin[some], end[some]]).ravel()
            if len(bounds):
                np.maximum.at(result, query[some], np.maximum.reduceat(cell_max, bounds)[::2])
        return result

    def covered(self, xyz: np.ndarray, chord: np.ndarray) -> np.ndarray:
        """Whether each point lies in a cell that is wholly inside one of the balls."""
        marks = np.zeros(len(self.ids) + 1, np.int64)
        for query, x, y, _, _ in self._columns(xyz, chord):
            centre = xyz[query] / self.cell + self.offset  # in cell units
            dx = np.maximum(np.abs(x - centre[:, 0]), np.abs(x + 1 - centre[:, 0]))
            dy = np.maximum(np.abs(y - centre[:, 1]), np.abs(y + 1 - centre[:, 1]))
            room = (chord[query] / self.cell) ** 2 - dx**2 - dy**2
            reach = np.sqrt(np.maximum(room, 0))
            # The cells z with z >= centre - reach and z + 1 <= centre + reach, in the grid (a number
            # past its edge would fall into the next column).
            z_low = np.maximum(np.ceil(centre[:, 2] - reach).astype(np.int64), 0)
            z_high = np.minimum(np.floor(centre[:, 2] + reach).astype(np.int64) - 1, self.side - 1)
            ok = (room >= 0) & (z_high >= z_low)
            column = (x[ok] * self.side + y[ok]) * self.side
            np.add.at(marks, np.searchsorted(self.ids, column + z_low[ok], "left"), 1)
            np.add.at(marks, np.searchsorted(self.ids, column + z_high[ok], "right"), -1)
        inside = np.zeros(len(self.ids), bool)
        inside[self.order] = np.cumsum(marks[:-1]) > 0
        return inside


def _xyz(lat: np.ndarray, lng: np.ndarray, cos_lat: np.ndarray) -> np.ndarray:
    return EARTH_RADIUS_KM * np.column_stack([cos_lat * np.cos(lng), cos_lat * np.sin(lng), np.sin(lat)])


def _chord(km: np.ndarray) -> np.ndarray:
    # The straight-line length of a great-circle arc, widened by a hair so that rounding never
    # leaves a point out; callers filter by the exact distance.
    angle = np.minimum(np.asarray(km, float) / EARTH_RADIUS_KM, math.pi)
    return 2 * EARTH_RADIUS_KM * np.sin(angle / 2) * (1 + 1e-9) + 1e-6


def _within_chord(a: np.ndarray, b: np.ndarray, chord: np.ndarray) -> np.ndarray:
    difference = a - b
    return np.einsum("ij,ij->i", difference, difference) <= chord**2
