"""Dates as people type them in notes headers and spreadsheets, turned into the workbench's
date forms (see workbench.dates): ISO, dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy, month names in
English or Spanish, partial ("April 2018", "2018"), approximate ("around", "c.", "~").

An order of day and month that the text does not settle (03/04/2018) is an error asking for
--dayfirst or --monthfirst; it is never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from workbench import dates


class AmbiguousDate(ValueError):
    """Day and month could be either way round."""


MONTH_NAMES = {}
for _lang in dates.MONTHS.values():
    for _i, _name in enumerate(_lang, 1):
        MONTH_NAMES[_name.lower()] = _i
        MONTH_NAMES[_name.lower()[:3]] = _i
MONTH_NAMES.update({"sept": 9, "setiembre": 9, "set": 9})

_APPROX = re.compile(r"^(?:around|about|approx\.?|approximately|circa|ca\.?|c\.|hacia(?: el)?|"
                     r"aprox\.?|aproximadamente|alrededor del?|~)\s*", re.IGNORECASE)
_NUMERIC = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})[/.\-](\d{4})"
                      r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_ISO_SPACE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2}) (\d{1,2}:\d{2}(?::\d{2})?)$")
_WORDS = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th|º)?\s+(?:de\s+)?)?([a-z]+)\.?,?\s+"
                    r"(?:de\s+|del\s+)?(\d{4})$")
_WORDS_US = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def from_value(value: object, dayfirst: bool | None = None) -> str:
    """A date form for a cell or header value; '' for an empty value.

    Raises AmbiguousDate or dates.DateError with a message naming what is wrong.
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.hour or value.minute or value.second:
            return value.strftime("%Y-%m-%dT%H:%M:%S" if value.second else "%Y-%m-%dT%H:%M")
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return str(int(value))
        raise dates.DateError(f"'{value}' is not a date")
    return normalise(str(value), dayfirst)


def normalise(text: str, dayfirst: bool | None = None) -> str:
    raw = " ".join(text.strip().split())
    if not raw:
        return ""
    approximate = False
    match = _APPROX.match(raw)
    if match:
        approximate, raw = True, raw[match.end():].strip()
    form = _single(raw, dayfirst)
    if form is None:
        form = raw  # EDTF forms (2018-04-03?, ranges with '/') go to the date parser as is
    if approximate and not form.endswith(("~", "%", "?")) and "/" not in form:
        form += "~"
    try:
        dates.parse(form)
    except dates.DateError as exc:  # name the text as the user wrote it
        raise dates.DateError(str(exc).replace(f"'{form}'", f"'{text.strip()}'")) from None
    return form


def _single(raw: str, dayfirst: bool | None) -> str | None:
    match = _ISO_SPACE.match(raw)
    if match:
        return f"{match[1]}T{match[2]}"
    match = _NUMERIC.match(raw)
    if match:
        a, b, year = int(match[1]), int(match[3]), int(match[4])
        # dd.mm.yyyy is day first wherever it is written; slashes and dashes are not.
        day, month = _order(a, b, raw, True if match[2] == "." and dayfirst is None
                            else dayfirst)
        out = f"{year:04d}-{month:02d}-{day:02d}"
        if match[5]:
            out += f"T{int(match[5]):02d}:{match[6]}" + (f":{match[7]}" if match[7] else "")
        return out
    match = _MONTH_YEAR.match(raw)
    if match:
        return f"{match[2]}-{int(match[1]):02d}"
    folded = _fold(raw)
    match = _WORDS.match(folded)
    if match and match[2] in MONTH_NAMES:
        month = MONTH_NAMES[match[2]]
        return f"{match[3]}-{month:02d}" + (f"-{int(match[1]):02d}" if match[1] else "")
    match = _WORDS_US.match(folded)
    if match and match[1] in MONTH_NAMES:
        return f"{match[3]}-{MONTH_NAMES[match[1]]:02d}-{int(match[2]):02d}"
    return None


def _order(a: int, b: int, raw: str, dayfirst: bool | None) -> tuple[int, int]:
    if dayfirst is True:
        return a, b
    if dayfirst is False:
        return b, a
    if a > 12 >= b:
        return a, b
    if b > 12 >= a:
        return b, a
    if a == b:
        return a, b
    raise AmbiguousDate(f"'{raw}' could be day/month or month/day; say which with "
                        "--dayfirst or --monthfirst")
