"""Rows out of CSV (any delimiter, any encoding the notes reader knows) and XLSX, with
columns mapped to fields by their header names, and the dates read in one consistent
day/month order per file."""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from workbench.importers.results import Limits, Rejected
from workbench.importers.safety import open_zip
from workbench.importers.text_readers import decode_text

IGNORE = ("ignore", "-", "skip")
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fold_header(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (row number as a spreadsheet shows it, cells)
    media_type: str
    encoding: str = ""


@dataclass
class MappedTable:
    columns: dict[int, str]  # column index -> field
    unmapped: list[str] = field(default_factory=list)


def read_table(name: str, data: bytes, limits: Limits) -> Table:
    if data.startswith(b"PK\x03\x04") or PurePath(name).suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(data, limits)
    if PurePath(name).suffix.lower() not in (".csv", ".tsv", ".txt", ""):
        raise Rejected("not a table (use .csv or .xlsx)")
    return _csv(data, limits)


def _csv(data: bytes, limits: Limits) -> Table:
    text, encoding = decode_text(data)
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, list[object]]] = []
    try:
        for number, cells in enumerate(reader, 1):
            if number > limits.max_table_rows + 1:
                raise Rejected(f"more than {limits.max_table_rows} rows")
            rows.append((number, list(cells)))
    except csv.Error as exc:
        raise Rejected(f"row {reader.line_num}: not valid CSV ({exc})") from None
    return _with_header(rows, CSV_TYPE, encoding)


def _delimiter(text: str) -> str:
    """The delimiter the first non-blank lines agree on: the candidate seen most often and
    equally often on each line (quoted cells may hold any of them)."""
    lines = [line for line in text[:50_000].splitlines() if line.strip()][:20]
    best, best_score = ",", 0
    for candidate in (",", ";", "\t", "|"):
        counts = [len(next(csv.reader([line], delimiter=candidate))) - 1 for line in lines]
        if not counts or counts[0] == 0:
            continue
        steady = sum(c == counts[0] for c in counts)
        score = steady * 1000 + counts[0]
        if score > best_score:
            best, best_score = candidate, score
    return best


def _xlsx(data: bytes, limits: Limits) -> Table:
    open_zip(data, limits, "XLSX")  # the bomb checks, before openpyxl inflates anything
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise Rejected(f"not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        sheet = next((ws for ws in book.worksheets if ws.max_row and ws.max_row > 0), None)
        if sheet is None:
            raise Rejected("the workbook has no sheet with rows")
        rows: list[tuple[int, list[object]]] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            if number > limits.max_table_rows + 1:
                raise Rejected(f"more than {limits.max_table_rows} rows")
            rows.append((number, list(cells)))
    finally:
        book.close()
    return _with_header(rows, XLSX_TYPE, "")


def _blank(cells: Iterable[object]) -> bool:
    return all(c is None or str(c).strip() == "" for c in cells)


def _with_header(rows: list[tuple[int, list[object]]], media_type: str, encoding: str
                 ) -> Table:
    rows = [(n, cells) for n, cells in rows if not _blank(cells)]
    if not rows:
        raise Rejected("the table is empty")
    _, header = rows[0]
    body = [(n, cells) for n, cells in rows[1:]
            if not all(str(c).strip().startswith("#") for c in cells if c not in (None, ""))]
    return Table(header=["" if h is None else str(h).strip() for h in header], rows=body,
                 media_type=media_type, encoding=encoding)


def map_columns(header: list[str], synonyms: dict[str, str], overrides: dict[str, str],
                fields: Iterable[str]) -> MappedTable:
    """Column index -> field, by header name; overrides (COLUMN=FIELD) win."""
    allowed = set(fields)
    folded_overrides = {fold_header(k): v.strip().lower() for k, v in overrides.items()}
    for column, target in folded_overrides.items():
        if target not in allowed and target not in IGNORE:
            raise Rejected(f"--map {column}={target}: '{target}' is not a field; use one of "
                           f"{', '.join(sorted(allowed))} or 'ignore'")
    mapped = MappedTable(columns={})
    for index, name in enumerate(header):
        key = fold_header(name)
        chosen = folded_overrides.get(key) or synonyms.get(key)
        if chosen and chosen not in IGNORE:
            mapped.columns[index] = chosen
        elif name and chosen not in IGNORE:
            mapped.unmapped.append(name)
    missing = [c for c in folded_overrides if c not in {fold_header(h) for h in header}]
    if missing:
        raise Rejected(f"--map names a column the file does not have: {', '.join(missing)}")
    return mapped


def record(cells: list[object], mapped: MappedTable) -> dict[str, list[object]]:
    """Field -> the non-empty values of the columns mapped to it (several columns may feed
    one field, e.g. ACTOR1 and ACTOR2 both feed 'actors')."""
    out: dict[str, list[object]] = {}
    for index, target in mapped.columns.items():
        value = cells[index] if index < len(cells) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        out.setdefault(target, []).append(value.strip() if isinstance(value, str) else value)
    return out


def text_value(values: dict[str, list[object]], key: str, joiner: str = "; ") -> str:
    return joiner.join(str(v) for v in values.get(key, []))


def number_value(values: dict[str, list[object]], key: str) -> float | None:
    if key not in values:
        return None
    raw = values[key][0]
    if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
        return float(raw)
    text = str(raw).strip()
    if text.count(",") == 1 and "." not in text:  # a decimal comma: 36,61954
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{key} '{raw}' is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{key} '{raw}' is not a number")
    return number


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/\-](\d{1,2})[/\-]\d{4}")


def day_month_order(rows: list[tuple[int, list[object]]], date_columns: list[int],
                    dayfirst: bool | None) -> bool | None:
    """The file's day/month order when its own dates settle it (a 13/04 somewhere and no
    04/13 anywhere); None when nothing settles it. Mixed evidence is an error."""
    if dayfirst is not None:
        return dayfirst
    day_first_row = month_first_row = 0
    for number, cells in rows:
        for index in date_columns:
            value = cells[index] if index < len(cells) else None
            match = _NUMERIC_DATE.match(value) if isinstance(value, str) else None
            if not match:
                continue
            a, b = int(match[1]), int(match[2])
            if a > 12 >= b:
                day_first_row = day_first_row or number
            elif b > 12 >= a:
                month_first_row = month_first_row or number
    if day_first_row and month_first_row:
        raise Rejected(f"dates are day/month in row {day_first_row} but month/day in row "
                       f"{month_first_row}; fix the file")
    if day_first_row:
        return True
    if month_first_row:
        return False
    return None
