"""Time axis arithmetic for the chart: seconds since 1970 (as written, no time zone) to
calendar ticks and labels, from centuries down to minutes. No Qt here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

EPOCH = dt.datetime(1970, 1, 1)
DAY = 86_400.0
YEAR = 365.2425 * DAY
MONTH = YEAR / 12
MIN_RANGE = 10 * 60.0  # zoomed in: ten minutes across the chart
MAX_RANGE = 300 * YEAR  # zoomed out: three centuries
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# (unit, step): candidate tick spacings, widest first
STEPS = [("year", 100), ("year", 50), ("year", 10), ("year", 5), ("year", 2), ("year", 1),
         ("month", 6), ("month", 3), ("month", 1), ("day", 7), ("day", 1), ("hour", 6),
         ("hour", 1), ("minute", 30), ("minute", 10), ("minute", 5), ("minute", 1)]
_APPROX = {"year": YEAR, "month": MONTH, "day": DAY, "hour": 3600.0, "minute": 60.0}


def to_datetime(seconds: float) -> dt.datetime:
    seconds = min(max(seconds, -1960 * YEAR + DAY), 8000 * YEAR)
    return EPOCH + dt.timedelta(seconds=seconds)


def to_seconds(moment: dt.datetime) -> float:
    return (moment - EPOCH).total_seconds()


def choose_step(seconds_per_pixel: float, min_gap_px: float = 90) -> tuple[str, int]:
    for unit, step in reversed(STEPS):
        if _APPROX[unit] * step / seconds_per_pixel >= min_gap_px:
            return unit, step
    return STEPS[0]


def ticks(t0: float, t1: float, unit: str, step: int) -> Iterator[float]:
    """Tick positions (seconds) from before ``t0`` to after ``t1``, calendar-aligned."""
    start = to_datetime(t0)
    if unit in ("year", "month"):
        months = 12 * step if unit == "year" else step
        index = start.year * 12 + start.month - 1
        index -= index % months
        while True:
            year, month = divmod(index, 12)
            if year < 1:
                index += months
                continue
            if year > 9998:
                return
            at = to_seconds(dt.datetime(year, month + 1, 1))
            yield at
            if at > t1:
                return
            index += months
    else:
        size = _APPROX[unit] * step
        at = (t0 // size) * size
        while at <= t1 + size:
            yield at
            at += size


def label(seconds: float, unit: str) -> str:
    moment = to_datetime(seconds)
    if unit == "year":
        return str(moment.year)
    if unit == "month":
        return f"{MONTHS[moment.month - 1]} {moment.year}"
    if unit == "day":
        return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.hour:02d}:{moment.minute:02d}"
