"""The indicator summary: counts of people per combination of a participant's attributes (province,
regency, sex, age band, disability, sector), for all waves together and for each wave, computed with
the indicators' own definitions (indicators.py) and stored in IndicatorCell, so that the dashboard,
its exports and the API sum a few hundred rows instead of counting a million people live.

Freshness: `refresh()` recomputes everything (the `refresh_indicators` command, and the periodic
sweep when the last refresh is older than SUMMARY_MAX_AGE); a follow-up answer is added at once
(`person_flags` before, `apply_change` after). Other steps show at the next refresh: the page says
"Data per <time of the refresh>". Age bands are those of the refresh's day.

What it cannot answer (a centre's operator, a labour office below a regency, the breakdown by
centre, where one person can be in several rows) is counted live: `totals` and `breakdown` return
None and the caller counts live.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Sum
from django.utils import timezone

from wirausaha.accounts.models import User
from wirausaha.accounts.scoping import REGION_ROLES
from wirausaha.programs.models import Enrolment, Wave
from wirausaha.registry.models import LISTED, Participant

from . import indicators as live
from .indicators import AGE_BANDS, COUNTRY_ROLES, INDICATORS, Filters, age_band_case, sees_dashboard
from .models import IndicatorCell, IndicatorRefresh

KEYS = tuple(i.key for i in INDICATORS)
# The attributes of a cell, as values of the participant (the age band is computed, the sector is
# the KBLI section of the job lost).
SOURCE = {
    "province_code": "province_code",
    "regency_code": "regency_code",
    "sex": "sex",
    "age_band": "band",
    "disability": "disability",
    "sector": "kategori",
}
# Each level holds every person once. A regency's officer is answered from the regency level; the
# breakdowns by disability and by sector are kept per province (a regency's are counted live).
LEVELS = {
    "province": ("province_code", "sex", "age_band"),
    "regency": ("province_code", "regency_code", "sex", "age_band"),
    "disability": ("province_code", "sex", "age_band", "disability"),
    "sector": ("province_code", "sex", "age_band", "sector"),
}
# The dashboard's dimensions the summary answers, by the cell's column.
DIMENSION_COLUMN = {
    "province": "province_code",
    "regency": "regency_code",
    "sex": "sex",
    "age_band": "age_band",
    "disability": "disability",
    "sector": "sector",
}
BATCH = 2000


def max_age() -> timedelta:
    return timedelta(seconds=getattr(settings, "SUMMARY_MAX_AGE", 15 * 60))


def latest() -> IndicatorRefresh | None:
    return IndicatorRefresh.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


def is_due(now=None) -> bool:
    """No refresh yet, or the last one finished (or a running one started) too long ago."""
    now = now or timezone.now()
    last = IndicatorRefresh.objects.order_by("-started_at").first()
    if last is None:
        return True
    return (last.finished_at or last.started_at) < now - max_age()


# Computing ---------------------------------------------------------------------------------------


def _people(f: Filters):
    rows = Participant.objects.filter(LISTED)
    if f.wave:
        rows = rows.filter(Exists(Enrolment.objects.filter(participant=OuterRef("pk"), wave_id=f.wave)))
    return rows.annotate(band=age_band_case(f.today), kategori=F("employer_sector__kategori"))


def _grouping_sets(rows) -> list[tuple[str, dict, int]]:
    """PostgreSQL: every level's counts of `rows` in one pass (GROUPING SETS)."""
    inner, params = rows.values(*SOURCE.values()).query.sql_with_params()
    sets = ", ".join("(" + ", ".join(SOURCE[c] for c in columns) + ")" for columns in LEVELS.values())
    sql = (
        f"SELECT {', '.join(f'GROUPING({SOURCE[c]})' for c in SOURCE)}, {', '.join(SOURCE.values())}, "
        f"COUNT(*) FROM ({inner}) people GROUP BY GROUPING SETS ({sets})"
    )
    names = {frozenset(columns): level for level, columns in LEVELS.items()}
    out = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            flags, values, n = row[: len(SOURCE)], row[len(SOURCE) : -1], row[-1]
            grouped = frozenset(c for c, bit in zip(SOURCE, flags, strict=True) if not bit)
            out.append(
                (names[grouped], {c: values[i] or "" for i, c in enumerate(SOURCE) if c in grouped}, n)
            )
    return out


def _rolled_up(rows) -> list[tuple[str, dict, int]]:
    """Elsewhere: the finest groups, added up per level here."""
    sums: dict[tuple, int] = defaultdict(int)
    for row in rows.order_by().values(*SOURCE.values()).annotate(n=Count("pk")):
        attrs = {c: row[SOURCE[c]] or "" for c in SOURCE}
        for level, columns in LEVELS.items():
            sums[(level, tuple((c, attrs[c]) for c in columns))] += row["n"]
    return [(level, dict(key), n) for (level, key), n in sums.items()]


def _cells_of(f: Filters, wave_id: int | None) -> list[IndicatorCell]:
    """Every level's cells for the filters: one counting query per indicator, its condition in the
    WHERE clause (a semi-join over the event log, not a look-up per person)."""
    count = _grouping_sets if connection.vendor == "postgresql" else _rolled_up
    cells: dict[tuple, IndicatorCell] = {}
    for indicator in INDICATORS:
        for level, attrs, n in count(_people(f).filter(indicator.condition(f))):
            key = (level, *sorted(attrs.items()))
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = IndicatorCell(level=level, wave_id=wave_id, **attrs)
            setattr(cell, indicator.key, n)
    return list(cells.values())


def claim(today=None) -> IndicatorRefresh:
    """A refresh about to be queued: its row tells the sweep not to queue another for a while."""
    return IndicatorRefresh.objects.create(started_at=timezone.now(), as_of=today or Filters().today)


def refresh(today=None, run_id: int | None = None) -> IndicatorRefresh:
    """Recompute every cell (all waves, then each wave with applicants) and replace the old ones in
    one transaction: readers see the old summary or the new one, never half of it."""
    started = time.perf_counter()
    today = today or Filters().today
    run = IndicatorRefresh.objects.filter(pk=run_id, finished_at__isnull=True).first() if run_id else None
    run = run or claim(today)
    run.as_of = today
    cells = _cells_of(Filters(today=today), None)
    for wave_id in Wave.objects.filter(enrolments__isnull=False).distinct().values_list("pk", flat=True):
        cells += _cells_of(Filters(wave=wave_id, today=today), wave_id)
    with transaction.atomic():
        IndicatorCell.objects.all().delete()
        IndicatorCell.objects.bulk_create(cells, batch_size=BATCH)
        run.finished_at = timezone.now()
        run.cells = len(cells)
        run.seconds = round(time.perf_counter() - started, 2)
        run.save()
        IndicatorRefresh.objects.exclude(pk=run.pk).delete()
    return run


# Keeping it current for one person ---------------------------------------------------------------


def person_flags(participant_id: int) -> dict:
    """Before a change to one person: their cells' keys and 0/1 per indicator, for all waves and
    each of their waves (empty when there is no summary to keep)."""
    last = latest()
    if last is None:
        return {}
    waves = [None, *Enrolment.objects.filter(participant_id=participant_id).values_list("wave_id", flat=True)]
    flags = {}
    for wave_id in dict.fromkeys(waves):
        f = Filters(wave=wave_id, today=last.as_of)
        counts = {i.key: Count("pk", filter=i.condition(f)) for i in INDICATORS}
        rows = _people(f).filter(pk=participant_id).order_by().values(*SOURCE.values()).annotate(**counts)
        for row in rows[:1]:
            flags[wave_id] = {**{c: row[SOURCE[c]] or "" for c in SOURCE}, **{k: row[k] for k in KEYS}}
    return flags


def apply_change(participant_id: int, before: dict) -> None:
    """After the change: add the difference to each cell holding the person (creating it when the
    person's combination had none)."""
    if not before:
        return
    after = person_flags(participant_id)
    for wave_id, old in before.items():
        new = after.get(wave_id)
        if new is None:
            continue
        diff = {key: new[key] - old[key] for key in KEYS if new[key] != old[key]}
        if not diff:
            continue
        for level, columns in LEVELS.items():
            where = {column: new[column] for column in columns}
            updated = IndicatorCell.objects.filter(level=level, wave_id=wave_id, **where).update(
                **{key: F(key) + n for key, n in diff.items()}
            )
            if not updated:
                IndicatorCell.objects.create(
                    level=level, wave_id=wave_id, **where, **{key: max(0, n) for key, n in diff.items()}
                )


# Reading -----------------------------------------------------------------------------------------


def _scope(user: User) -> dict | None:
    """The cells' filter for the user's scope, or None when the summary cannot say."""
    if not sees_dashboard(user):
        return None
    if user.role in COUNTRY_ROLES:
        return {}
    if user.role in REGION_ROLES and user.scope_region_id:
        code = user.scope_region_id
        return (
            {"province_code": code}
            if len(code) == 2
            else ({"regency_code": code} if len(code) == 5 else None)
        )
    return None


def _cells(user: User, f: Filters, dimension: str = ""):
    """The cells answering (user, filters, dimension), at the coarsest level that has the needed
    columns; None when the summary cannot answer."""
    if latest() is None or dimension == "centre" or (f.age_band and f.age_band not in AGE_BANDS):
        return None
    where = _scope(user)
    if where is None:
        return None
    needed = set(where) | {DIMENSION_COLUMN.get(dimension, "province_code")}
    level = next((name for name, columns in LEVELS.items() if needed <= set(columns)), None)
    if level is None:
        return None
    cells = IndicatorCell.objects.filter(level=level, **where)
    cells = cells.filter(wave_id=f.wave) if f.wave else cells.filter(wave_id__isnull=True)
    if dimension == "wave":
        cells = IndicatorCell.objects.filter(level=level, wave_id__isnull=False, **where)
        if f.wave:
            cells = cells.filter(wave_id=f.wave)
    for column, value in (("province_code", f.province), ("sex", f.sex), ("age_band", f.age_band)):
        if value:
            cells = cells.filter(**{column: value})
    return cells


def _sums() -> dict:
    return {key: Sum(key) for key in KEYS}


def totals(user: User, f: Filters) -> dict[str, int] | None:
    cells = _cells(user, f)
    if cells is None:
        return None
    return {key: n or 0 for key, n in cells.aggregate(**_sums()).items()}


def breakdown(user: User, f: Filters, dimension: str) -> list[dict] | None:
    """As indicators.breakdown, from the cells (groups with nobody left out, as there)."""
    cells = _cells(user, f, dimension)
    if cells is None:
        return None
    if dimension == "wave":
        codes = dict(Wave.objects.values_list("pk", "code"))
        rows = cells.order_by().values("wave_id").annotate(**_sums())
        out = [{"group": codes.get(row.pop("wave_id"), "-"), **row} for row in rows]
    else:
        column = DIMENSION_COLUMN[dimension]
        rows = cells.order_by().values(column).annotate(**_sums())
        out = [{"group": row.pop(column) or "-", **row} for row in rows]
    out = [row for row in out if any(row[key] for key in KEYS)]
    return sorted(out, key=lambda r: str(r["group"]))


def data_as_of(user: User, f: Filters):
    """When the numbers the user sees were computed (None: counted live, now)."""
    last = latest()
    return last.finished_at if last is not None and _cells(user, f) is not None else None


def read_totals(user: User, f: Filters) -> dict[str, int]:
    """The indicators' totals from the summary where it can answer, else counted live."""
    found = totals(user, f)
    return found if found is not None else live.totals(user, f)


def read_breakdown(user: User, f: Filters, dimension: str) -> list[dict]:
    found = breakdown(user, f, dimension)
    return found if found is not None else live.breakdown(user, f, dimension)
