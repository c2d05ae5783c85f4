"""What timeline and grievance imports share: read the table, map its columns, check every
row, then store the good rows (all or nothing, unless bad rows may be skipped) together with
the table file as an evidence item, in one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from workbench.case import Case
from workbench.importers import tables
from workbench.importers.intake import import_file
from workbench.importers.results import FileResult, ImportOptions, Rejected
from workbench.services.evidence import add_evidence_in

R = TypeVar("R")
MAX_LISTED = 5


@dataclass(frozen=True)
class TableSpec(Generic[R]):
    what: str  # "timeline", "grievance register"
    synonyms: dict[str, str]  # folded header -> field
    fields: tuple[str, ...]
    date_fields: tuple[str, ...]
    # (values, dayfirst) -> one checked row, or ValueError with the reason
    check_row: Callable[[dict[str, list[object]], bool | None], R]
    # (session, checked rows, evidence id) -> created ids, notes
    store_rows: Callable[[Session, list[R], int], tuple[dict[str, list[int]], list[str]]]


@dataclass(frozen=True)
class CheckedTable(Generic[R]):
    rows: list[R]
    skipped: list[str]
    unmapped: list[str]
    media_type: str
    encoding: str


def _summary(problems: list[str]) -> str:
    listed = "; ".join(problems[:MAX_LISTED])
    more = len(problems) - MAX_LISTED
    return listed + (f"; and {more} more bad rows" if more > 0 else "")


def check_table(spec: TableSpec[R], name: str, data: bytes, options: ImportOptions
                ) -> CheckedTable[R]:
    table = tables.read_table(name, data, options.limits)
    mapped = tables.map_columns(table.header, spec.synonyms, options.column_map, spec.fields)
    if not mapped.columns:
        raise Rejected(f"no column of the header row is a {spec.what} field ("
                       f"{', '.join(spec.fields)}); name the columns or use --map COLUMN=FIELD")
    date_columns = [i for i, f in mapped.columns.items() if f in spec.date_fields]
    order = tables.day_month_order(table.rows, date_columns, options.dayfirst)
    good: list[R] = []
    problems: list[str] = []
    for number, cells in table.rows:
        try:
            good.append(spec.check_row(tables.record(cells, mapped), order))
        except ValueError as exc:
            problems.append(f"row {number}: {exc}")
    if problems and not options.skip_bad_rows:
        raise Rejected(f"{_summary(problems)} (nothing imported from this file; fix it or use "
                       "--skip-bad-rows)")
    if not good:
        raise Rejected(f"no row to import{': ' + _summary(problems) if problems else ''}")
    return CheckedTable(rows=good, skipped=[f"{p}: skipped" for p in problems],
                        unmapped=mapped.unmapped, media_type=table.media_type,
                        encoding=table.encoding)


def import_table(case: Case, spec: TableSpec[R], name: str, data: bytes, *,
                 options: ImportOptions, path: Path | None = None) -> FileResult:
    def store(session: Session, checked: CheckedTable[R], digest: str
              ) -> tuple[dict[str, list[int]], list[str]]:
        source = add_evidence_in(
            session, case.reviewer, kind="document", original=data,
            original_name=PurePath(name).name, media_type=checked.media_type, digest=digest,
            title=f"{spec.what.capitalize()} table: {PurePath(name).stem}",
            acquired_from=options.acquired_from, acquired_how=f"{spec.what} import",
            metadata_json=json.dumps({"rows": len(checked.rows), "encoding": checked.encoding,
                                      "columns_not_imported": checked.unmapped},
                                     ensure_ascii=False, sort_keys=True),
        )
        ids, notes = spec.store_rows(session, checked.rows, source.id)
        notes = list(checked.skipped) + notes
        if checked.unmapped:
            notes.append(f"columns not imported: {', '.join(checked.unmapped)}")
        return {"evidence": [source.id], **ids}, notes

    return import_file(case, name, data, action=f"import {spec.what}", options=options,
                       parse=lambda raw: check_table(spec, name, raw, options), store=store,
                       path=path)
