"""Weekly trends: registrations and graduations per week (Monday, Asia/Jakarta) over the last
weeks, in the user's scope, and the line chart the server draws of them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from wirausaha.accounts.models import User
from wirausaha.programs.models import EnrolmentEvent, EnrolmentState
from wirausaha.registry.models import LISTED

from .indicators import Filters, people

WEEKS = 12
JAKARTA = ZoneInfo("Asia/Jakarta")
SERIES = ("registered", "graduated")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(user: User, f: Filters, *, now: datetime | None = None, weeks: int = WEEKS) -> list[dict]:
    """[{"week": Monday, "registered": n, "graduated": n}, ...] oldest first, `weeks` rows."""
    now = now or timezone.now()
    first = _monday(now.astimezone(JAKARTA).date()) - timedelta(weeks=weeks - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=JAKARTA)
    scoped = people(user, f)
    counts: dict[str, dict[date, int]] = {name: {} for name in SERIES}
    registered = (
        scoped.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at", tzinfo=JAKARTA))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    events = EnrolmentEvent.objects.filter(
        to_state=EnrolmentState.GRADUATED,
        created_at__gte=since,
        enrolment__participant__in=scoped.filter(LISTED),
    )
    if f.wave:
        events = events.filter(enrolment__wave_id=f.wave)
    graduated = (
        events.annotate(day=TruncDate("created_at", tzinfo=JAKARTA))
        .values("day")
        .annotate(n=Count("enrolment__participant_id", distinct=True))
        .order_by()
    )
    for name, rows in (("registered", registered), ("graduated", graduated)):
        for row in rows:
            week = _monday(row["day"])
            counts[name][week] = counts[name].get(week, 0) + row["n"]
    return [
        {
            "week": first + timedelta(weeks=i),
            **{name: counts[name].get(first + timedelta(weeks=i), 0) for name in SERIES},
        }
        for i in range(weeks)
    ]


def line_chart(rows: list[dict], *, width: int = 640, height: int = 200) -> dict:
    """Polyline points per series in a frame with a left margin for the scale."""
    left, top, bottom = 36, 10, 24
    highest = max((row[name] for row in rows for name in SERIES), default=0) or 1
    step = (width - left - 8) / max(1, len(rows) - 1)
    plot = height - top - bottom

    def y(value: int) -> float:
        return round(top + plot * (1 - value / highest), 1)

    return {
        "width": width,
        "height": height,
        "highest": highest,
        "top": top,
        "base": height - bottom,
        "left": left,
        "series": [
            {
                "name": name,
                "points": " ".join(
                    f"{round(left + i * step, 1)},{y(row[name])}" for i, row in enumerate(rows)
                ),
            }
            for name in SERIES
        ],
        "ticks": [
            {"x": round(left + i * step, 1), "label": row["week"].strftime("%d/%m")}
            for i, row in enumerate(rows)
            if i % 2 == 0
        ],
    }
