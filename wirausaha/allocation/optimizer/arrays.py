"""Array helpers of the optimizer: person -> cohort arcs as columns, and ranges, ranks and groups
over sorted numpy arrays."""

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np


class _Arcs(NamedTuple):
    # Person -> cohort arcs; after _merge sorted by person then cohort, without duplicates.
    person: np.ndarray
    cohort: np.ndarray
    km: np.ndarray
    cost: np.ndarray  # the rounded cost in metres (int64)

    def take(self, which: np.ndarray) -> "_Arcs":
        return _Arcs(self.person[which], self.cohort[which], self.km[which], self.cost[which])


_NO_ARCS = _Arcs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64))


def _merge(cohorts: int, *parts: _Arcs) -> _Arcs:
    arcs = _Arcs(*(np.concatenate(column) for column in zip(_NO_ARCS, *parts, strict=True)))
    key = arcs.person * cohorts + arcs.cohort
    order = np.argsort(key)
    key = key[order]
    return arcs.take(order[np.r_[True, key[1:] != key[:-1]]] if len(key) else order)


def _concatenate(parts: Iterable[_Arcs]) -> _Arcs:
    return _Arcs(*(np.concatenate(column) for column in zip(_NO_ARCS, *parts, strict=True)))


def _ranges(starts: np.ndarray, stops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # For the ranges [start, stop): the number of the range of each element, and the element.
    counts = np.maximum(stops - starts, 0)
    which = np.repeat(np.arange(len(counts)), counts)
    if not len(which):
        return which, which.copy()
    offsets = np.cumsum(counts) - counts
    return which, np.arange(len(which)) - offsets[which] + np.asarray(starts)[which]


def _rank(sorted_keys: np.ndarray) -> np.ndarray:
    # 0, 1, 2, ... within each run of equal keys.
    if not len(sorted_keys):
        return np.zeros(0, np.int64)
    index = np.arange(len(sorted_keys))
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    return index - np.maximum.accumulate(np.where(starts, index, 0))


def _groups(*keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Rows equal in every key form a group. Returns each row's group and each group's first row;
    # groups are numbered in the order of their first rows.
    rows = len(keys[0])
    order = np.lexsort((np.arange(rows), *reversed(keys)))
    changed = np.zeros(rows, bool)
    changed[:1] = True
    for key in keys:
        ordered = key[order]
        changed[1:] |= ordered[1:] != ordered[:-1]
    label = np.cumsum(changed) - 1
    first = order[changed]
    by_first = np.argsort(first, kind="stable")
    number = np.empty(len(first), np.int64)
    number[by_first] = np.arange(len(first))
    group = np.empty(rows, np.int64)
    group[order] = number[label]
    return group, first[by_first]
