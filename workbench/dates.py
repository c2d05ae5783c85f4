"""Event dates as reviewers know them: exact, partial, approximate, uncertain or ranges.

The notation follows EDTF (ISO 8601-2) where it can: ``2018-12`` (partial), ``2018-04-03~``
(approximate), ``2018-04-03?`` (uncertain), ``2018-04-03%`` (both), and
``2018-04-03T14:00/2018-04-03T15:00`` (a range; ``..`` or nothing for an open end).
Each date keeps its precision for display, and has an earliest and a latest bound (ISO text,
comparable as strings) for sorting and drawing. Sorting uses the earliest bound.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

PRECISIONS = ("year", "month", "day", "minute", "second")

_SINGLE = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?)?)?(?P<q>[~?%])?$"
)

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}
WORDS = {
    "en": {"around": "around", "uncertain": "uncertain", "after": "after",
           "before": "before", "unknown": "date unknown"},
    "es": {"around": "hacia el", "uncertain": "incierto", "after": "después de",
           "before": "antes de", "unknown": "fecha desconocida"},
}


class DateError(ValueError):
    """The text is not a date form the workbench understands; the message says why."""


@dataclass(frozen=True)
class Moment:
    """One point at a given precision, with its EDTF qualifiers."""

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> str:
        if self.second is not None:
            return "second"
        if self.minute is not None:
            return "minute"
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def earliest(self) -> str:
        return (
            f"{self.year:04d}-{self.month or 1:02d}-{self.day or 1:02d}"
            f"T{self.hour or 0:02d}:{self.minute or 0:02d}:{self.second or 0:02d}"
        )

    def latest(self) -> str:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        hour = 23 if self.hour is None else self.hour
        minute = 59 if self.minute is None else self.minute
        second = 59 if self.second is None else self.second
        return f"{self.year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"

    def notation(self) -> str:
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        if self.minute is not None:
            out += f"T{self.hour:02d}:{self.minute:02d}"
        if self.second is not None:
            out += f":{self.second:02d}"
        if self.approximate and self.uncertain:
            out += "%"
        elif self.approximate:
            out += "~"
        elif self.uncertain:
            out += "?"
        return out

    def date_words(self, lang: str) -> str:
        months = MONTHS[lang]
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{months[self.month - 1]} {self.year}" if lang == "en" else (
                f"{months[self.month - 1]} de {self.year}")
        if lang == "es":
            return f"{self.day} de {months[self.month - 1]} de {self.year}"
        return f"{self.day} {months[self.month - 1]} {self.year}"

    def time_words(self) -> str:
        if self.minute is None:
            return ""
        out = f"{self.hour:02d}:{self.minute:02d}"
        return out + (f":{self.second:02d}" if self.second is not None else "")

    def words(self, lang: str) -> str:
        out = self.date_words(lang)
        if self.minute is not None:
            out += f", {self.time_words()}"
        return _qualify(out, self.approximate, self.uncertain, lang)


def _qualify(text: str, approximate: bool, uncertain: bool, lang: str) -> str:
    words = WORDS[lang]
    if approximate:
        around = words["around"]
        if lang == "es" and text[:1].isalpha():
            around = "hacia"  # "hacia abril de 2018", not "hacia el abril de 2018"
        text = f"{around} {text}"
    if uncertain:
        text = f"{text} ({words['uncertain']})"
    return text


@dataclass(frozen=True)
class FuzzyDate:
    """A parsed date: a single moment, or a range whose ends may be open."""

    start: Moment | None
    end: Moment | None
    is_range: bool

    @property
    def notation(self) -> str:
        if not self.is_range:
            assert self.start is not None
            return self.start.notation()
        left = self.start.notation() if self.start else ".."
        right = self.end.notation() if self.end else ".."
        return f"{left}/{right}"

    @property
    def earliest(self) -> str | None:
        return self.start.earliest() if self.start else None

    @property
    def latest(self) -> str | None:
        last = self.end if self.is_range else self.start
        return last.latest() if last else None

    @property
    def precision(self) -> str:
        moments = [m for m in (self.start, self.end) if m is not None]
        return min((m.precision for m in moments), key=PRECISIONS.index)

    @property
    def approximate(self) -> bool:
        return any(m.approximate for m in (self.start, self.end) if m)

    @property
    def uncertain(self) -> bool:
        return any(m.uncertain for m in (self.start, self.end) if m)

    def display(self, lang: str = "en") -> str:
        words = WORDS[lang]
        if not self.is_range:
            assert self.start is not None
            return self.start.words(lang)
        if self.start is None:
            assert self.end is not None
            return f"{words['before']} {self.end.words(lang)}"
        if self.end is None:
            return f"{words['after']} {self.start.words(lang)}"
        s, e = self.start, self.end
        same_day = (s.year, s.month, s.day) == (e.year, e.month, e.day) and s.day is not None
        if same_day and s.minute is not None and e.minute is not None:
            text = f"{s.date_words(lang)}, {s.time_words()}–{e.time_words()}"
            return _qualify(text, self.approximate, self.uncertain, lang)
        return f"{s.words(lang)} – {e.words(lang)}"


def _moment(text: str, whole: str) -> Moment:
    match = _SINGLE.match(text)
    if not match:
        raise DateError(
            f"{whole!r} is not a date: use forms like 2018, 2018-12, 2018-04-03, "
            "2018-04-03~ (approximate), 2018-04-03? (uncertain) or "
            "2018-04-03T14:00/2018-04-03T15:00 (a range)"
        )
    groups = match.groupdict()

    def number(name: str) -> int | None:
        return int(groups[name]) if groups[name] else None

    year = int(groups["y"])
    month, day = number("m"), number("d")
    hour, minute, second = number("H"), number("M"), number("S")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{whole!r} is not a date: there is no month {month}")
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"{whole!r} is not a date: {_month_name(month)} {year} has {last} days")
    if hour is not None and not 0 <= hour <= 23:
        raise DateError(f"{whole!r} is not a date: hour {hour} does not exist")
    if minute is not None and not 0 <= minute <= 59:
        raise DateError(f"{whole!r} is not a date: minute {minute} does not exist")
    if second is not None and not 0 <= second <= 59:
        raise DateError(f"{whole!r} is not a date: second {second} does not exist")
    qualifier = groups["q"] or ""
    return Moment(
        year, month, day, hour, minute, second,
        approximate=qualifier in ("~", "%"),
        uncertain=qualifier in ("?", "%"),
    )


def _month_name(month: int) -> str:
    return MONTHS["en"][month - 1]


def parse(text: str) -> FuzzyDate:
    """Parse a date form; raises DateError with a message naming what is wrong."""
    whole = text.strip()
    if not whole:
        raise DateError("the date is empty")
    if "/" in whole:
        left, _, right = whole.partition("/")
        left, right = left.strip(), right.strip()
        start = None if left in ("", "..") else _moment(left, whole)
        end = None if right in ("", "..") else _moment(right, whole)
        if start is None and end is None:
            raise DateError(f"{whole!r} is not a date: a range needs at least one end")
        if start and end and end.latest() < start.earliest():
            raise DateError(f"{whole!r} is not a date: the range ends before it starts")
        return FuzzyDate(start, end, is_range=True)
    return FuzzyDate(_moment(whole, whole), None, is_range=False)


def bounds(text: str) -> tuple[str | None, str | None]:
    """Earliest and latest bound of a date form; (None, None) for an empty (unknown) date."""
    if not text.strip():
        return None, None
    parsed = parse(text)
    return parsed.earliest, parsed.latest


def display(text: str, lang: str = "en") -> str:
    if not text.strip():
        return WORDS[lang]["unknown"]
    return parse(text).display(lang)
