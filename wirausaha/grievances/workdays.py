"""Working days for service levels: weekends and listed holidays do not count. No Django import."""

from collections.abc import Container
from datetime import date, timedelta


def is_working_day(day: date, holidays: Container[date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Container[date] = frozenset()) -> date:
    """The `days`-th working day after `start` (a report on Friday with 2 days: Tuesday). The day of
    the report itself never counts, whether or not it is a working day."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    left = days
    while left:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day
