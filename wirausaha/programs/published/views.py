"""The public pages of a wave's lottery (no sign-in): the page that explains and shows the published
record, its CSV downloads and the berita acara PDF for the witnesses. Everything here is built from
`publication` (pseudonymous ids, quota codes and priority levels only: never a name, a NIK or points)."""

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import UTC

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wirausaha.common.pagination import page_of
from wirausaha.common.spreadsheets import safe_row

from .. import publication
from ..actions.waves import WIB
from ..models import FrozenEntrant, LotteryChange, LotteryDraw, LotteryNotice, Wave
from ..texts import ALGORITHM_TEXT
from .record_pdf import DrawRecord, render_record

CHUNK = 2000


def _wave(code: str) -> Wave:
    wave = publication.public_wave(code)
    if wave is None:
        raise Http404
    return wave


def _times(moment) -> dict | None:
    """A moment in UTC and in WIB, as printed on the page and in the berita acara."""
    if moment is None:
        return None
    return {
        "utc": moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "wib": moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S WIB"),
    }


def _description() -> list[str]:
    """The algorithm's description in the page's language, as its numbered steps (the JSON record
    carries the same text in one string)."""
    text = ALGORITHM_TEXT["id" if (get_language() or "").startswith("id") else "en"]
    return [step for step in re.split(r"(?:^|(?<=\. ))\d\. ", text) if step.strip()]


def _quota_counts(wave: Wave, draw: LotteryDraw | None) -> list[dict]:
    """Per quota code: the frozen seats, the entrants, and (after the draw) selected and waitlisted,
    counted in the database (a wave can have hundreds of thousands of entrants)."""
    counts: dict[str, dict] = {}

    def row(quota: str) -> dict:
        empty = {"quota": quota, "seats": wave.frozen_seats.get(quota, 0), "entrants": 0}
        return counts.setdefault(quota, {**empty, "selected": 0, "waitlisted": 0})

    for quota in wave.frozen_seats:
        row(quota)
    frozen = FrozenEntrant.objects.filter(wave=wave).order_by()
    for quota, n in frozen.values_list("quota_code").annotate(n=Count("id")):
        row(quota)["entrants"] = n
    if draw is not None:
        drawn = frozen.filter(enrolment__isnull=False).exclude(enrolment__lottery_outcome="")
        for quota, outcome, n in drawn.values_list("quota_code", "enrolment__lottery_outcome").annotate(
            n=Count("id")
        ):
            row(quota)["selected" if outcome == "S" else "waitlisted"] = n
    return [counts[quota] for quota in sorted(counts)]


@login_not_required
@require_GET
def lottery_page(request: HttpRequest, code: str) -> HttpResponse:
    """Everything about the wave's lottery, declared so far or drawn, with the downloads and the
    verifier."""
    wave = _wave(code)
    draw = LotteryDraw.objects.filter(wave=wave).select_related("drawn_by").first()
    changes = LotteryChange.objects.filter(wave=wave).order_by("seq")
    return render(
        request,
        "programs/wave_lottery.html",
        {
            "wave": wave,
            "draw": draw,
            "algorithm": draw.algorithm if draw else "sha256-stratified-v2",
            "description": _description(),
            "published_after": _times(wave.randomness_published_after),
            "value_entered": _times(wave.public_value_entered_at),
            "frozen": _times(wave.frozen_at),
            "drawn": _times(draw.drawn_at) if draw else None,
            "quotas": _quota_counts(wave, draw) if wave.frozen_at else [],
            "page": page_of(changes, request.GET.get("page"), 50),
            "notices": LotteryNotice.objects.filter(wave=wave).select_related("by").order_by("seq"),
            "json_name": f"lottery-{wave.code}.json",
        },
    )


# CSV downloads ----------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def _csv(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(safe_row(row)) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _frozen(code: str) -> Wave:
    wave = _wave(code)
    if wave.frozen_at is None:
        raise Http404(_("The entrant list of this wave is not frozen yet."))
    return wave


ENTRANT_FIELDS = ("pseudonym", "quota", "priority_level")
RESULT_FIELDS = ("quota", "rank", "pseudonym", "priority_level", "outcome", "seat_quota")
CHANGE_FIELDS = ("seq", "at", "pseudonym", "event", "quota", "seat_freed", "rule", "chain")


def _entrant_rows(wave: Wave) -> Iterator[list]:
    yield list(ENTRANT_FIELDS)
    for e in publication.entrants(wave).iterator(chunk_size=CHUNK):
        yield [e["pseudonym"], e["quota_code"], e["priority_level"]]


def _result_rows(wave: Wave) -> Iterator[list]:
    yield list(RESULT_FIELDS)
    if LotteryDraw.objects.filter(wave=wave).exists():
        for row in publication.results(wave):
            yield [row[field] for field in RESULT_FIELDS]


def _change_rows(wave: Wave) -> Iterator[list]:
    yield list(CHANGE_FIELDS)
    for c in LotteryChange.objects.filter(wave=wave).order_by("seq").iterator(chunk_size=CHUNK):
        freed = c.seat_freed if c.event == LotteryChange.Event.WITHDRAWN else None
        yield [c.seq, c.at.isoformat(), c.pseudonym, c.event, c.quota, freed, c.rule, c.chain]


@login_not_required
@require_GET
def entrants_csv(request: HttpRequest, code: str) -> StreamingHttpResponse:
    wave = _frozen(code)
    return _csv(_entrant_rows(wave), f"lottery-{wave.code}-entrants.csv")


@login_not_required
@require_GET
def results_csv(request: HttpRequest, code: str) -> StreamingHttpResponse:
    wave = _frozen(code)
    return _csv(_result_rows(wave), f"lottery-{wave.code}-results.csv")


@login_not_required
@require_GET
def changes_csv(request: HttpRequest, code: str) -> StreamingHttpResponse:
    wave = _frozen(code)
    return _csv(_change_rows(wave), f"lottery-{wave.code}-changes.csv")


# Berita acara -----------------------------------------------------------------------------


@login_not_required
@require_GET
def record_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The record of the draw for the committee and two witnesses to sign. No personal data."""
    wave = _wave(code)
    draw = LotteryDraw.objects.filter(wave=wave).select_related("drawn_by").first()
    if draw is None:
        return render(
            request,
            "error.html",
            {
                "status": 404,
                "title": _("No record of the draw yet"),
                "detail": _(
                    "This wave has not been drawn yet: the record of the draw exists after the draw."
                ),
            },
            status=404,
        )
    drawn, entered = _times(draw.drawn_at), _times(wave.public_value_entered_at)
    entered_by = wave.public_value_entered_by.username if wave.public_value_entered_by else "—"
    record = DrawRecord(
        title=_("Record of the lottery draw (berita acara)"),
        wave_line=f"{wave.code} — {wave.name}",
        facts=(
            (_("Algorithm"), draw.algorithm),
            (_("Randomness source"), wave.randomness_source or "—"),
            (_("Public value"), wave.public_value or "—"),
            (_("Entered at"), f"{entered['utc']} / {entered['wib']}" if entered else "—"),
            (_("Entered by"), entered_by),
            (_("Entrants digest"), draw.entrants_digest or wave.entrants_digest),
            (_("Seed"), draw.seed),
            (_("Results digest"), draw.results_digest),
            (_("Drawn at"), f"{drawn['utc']} / {drawn['wib']}"),
            (_("Drawn by"), draw.drawn_by.username if draw.drawn_by else "—"),
        ),
        count_header=(_("Quota"), _("Seats"), _("Entrants"), _("Selected"), _("Waitlisted")),
        counts=tuple(
            (row["quota"], row["seats"], row["entrants"], row["selected"], row["waitlisted"])
            for row in _quota_counts(wave, draw)
        ),
        note=_("Anyone can recompute this draw from the published record with verify_draw.py."),
        signatures=(_("Chair of the committee"), _("Witness 1"), _("Witness 2")),
    )
    response = HttpResponse(render_record(record), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="berita-acara-{wave.code}.pdf"'
    return response
