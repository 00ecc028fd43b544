"""A cohort's timetable from its course. Pure: no Django import.

The course's technical hours and its entrepreneurship module (JP, 45 minutes each) are cut into
blocks of at most half a day. The entrepreneurship topics keep their teaching order and are spread
evenly between the technical blocks. Blocks fill working days (Monday to Friday) from the cohort's
first day, a morning and an afternoon block a day, in the centre's local time; the result is in UTC.
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

JP_MINUTES = 45
TECHNICAL = "technical"
ENTREPRENEURSHIP = "entrepreneurship"
# The entrepreneurship module in teaching order. Keys only: the words live with the interface.
ENTREPRENEURSHIP_TOPICS = (
    "business_idea",
    "business_plan",
    "marketing",
    "costing_and_pricing",
    "bookkeeping",
    "licensing_and_financing",
)
WORKING_DAYS = (0, 1, 2, 3, 4)  # Monday to Friday
# A morning and an afternoon block, with the midday break between them.
BLOCK_STARTS = (time(8, 0), time(13, 0))
BLOCK_JP = 4  # 3 hours: 08:00-11:00 and 13:00-16:00, so at most 8 JP a day


@dataclass(frozen=True)
class PlannedSession:
    number: int
    kind: str  # TECHNICAL or ENTREPRENEURSHIP
    topic: str  # TECHNICAL, or a key of ENTREPRENEURSHIP_TOPICS
    part: int  # which part of the topic this block is, from 1
    parts: int  # how many blocks the topic has
    day: date  # in the centre's local time
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    jp: int


class ScheduleDoesNotFit(ValueError):
    """The course needs more working days than the cohort's dates give."""

    def __init__(self, days_needed: int, days_available: int):
        super().__init__(f"needs {days_needed} working days, has {days_available}")
        self.days_needed = days_needed
        self.days_available = days_available


def split_evenly(total: int, parts: int) -> list[int]:
    """`total` in `parts` whole numbers that differ by at most one, larger first: 20, 6 -> 4,4,3,3,3,3."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def blocks(total_jp: int, block_jp: int = BLOCK_JP) -> list[int]:
    """As few blocks of at most `block_jp` as hold `total_jp`, as even as possible: 10 -> 4,3,3."""
    if total_jp <= 0:
        return []
    return split_evenly(total_jp, math.ceil(total_jp / block_jp))


def working_days(first: date, last: date, weekdays=WORKING_DAYS) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() in weekdays:
            days.append(day)
        day += timedelta(days=1)
    return days


def _interleave(technical: list, entrepreneurship: list) -> list:
    """Both lists in their own order, merged so that each is spread evenly over the whole: at each
    step the list whose next item lies earlier in its own run goes first (technical on a tie)."""
    merged, t, e = [], 0, 0
    while t < len(technical) or e < len(entrepreneurship):
        t_position = (t + 0.5) / len(technical) if t < len(technical) else math.inf
        e_position = (e + 0.5) / len(entrepreneurship) if e < len(entrepreneurship) else math.inf
        if t_position <= e_position:
            merged.append(technical[t])
            t += 1
        else:
            merged.append(entrepreneurship[e])
            e += 1
    return merged


def plan(
    *,
    technical_jp: int,
    entrepreneurship_jp: int,
    first_day: date,
    last_day: date,
    zone: str,
    block_starts: tuple[time, ...] = BLOCK_STARTS,
    block_jp: int = BLOCK_JP,
    weekdays=WORKING_DAYS,
) -> list[PlannedSession]:
    """The sessions of a course between two days (both included), in zone `zone` (e.g.
    Asia/Makassar). Raises ScheduleDoesNotFit when the working days are too few."""
    technical_blocks = blocks(technical_jp, block_jp)
    technical = [
        (TECHNICAL, TECHNICAL, part, len(technical_blocks), jp) for part, jp in enumerate(technical_blocks, 1)
    ]
    entrepreneurship = []
    if entrepreneurship_jp > 0:
        per_topic = split_evenly(entrepreneurship_jp, len(ENTREPRENEURSHIP_TOPICS))
        for topic, topic_jp in zip(ENTREPRENEURSHIP_TOPICS, per_topic, strict=True):
            topic_blocks = blocks(topic_jp, block_jp)
            for part, jp in enumerate(topic_blocks, 1):
                entrepreneurship.append((ENTREPRENEURSHIP, topic, part, len(topic_blocks), jp))
    ordered = _interleave(technical, entrepreneurship)

    days = working_days(first_day, last_day, weekdays)
    needed = math.ceil(len(ordered) / len(block_starts))
    if needed > len(days):
        raise ScheduleDoesNotFit(needed, len(days))

    local = ZoneInfo(zone)
    sessions = []
    for number, (kind, topic, part, parts, jp) in enumerate(ordered, 1):
        day = days[(number - 1) // len(block_starts)]
        start = datetime.combine(day, block_starts[(number - 1) % len(block_starts)], tzinfo=local)
        sessions.append(
            PlannedSession(
                number=number,
                kind=kind,
                topic=topic,
                part=part,
                parts=parts,
                day=day,
                starts_at=start.astimezone(UTC),
                ends_at=(start + timedelta(minutes=jp * JP_MINUTES)).astimezone(UTC),
                jp=jp,
            )
        )
    return sessions
