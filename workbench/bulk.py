"""Many rows in one audited transaction: for generated cases and large migrations of data.

A service write flushes ORM objects one by one (fine for a reviewer's edits, minutes for
100,000 events). ``add_rows`` inserts plain dicts with explicit ids in one executemany per
table, indexes the searchable ones and appends ONE audit entry holding every row's
after-state, the same form a service write records, so ``workbench verify`` finds the log
complete. Rows that reference each other go in the same call, parents first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from db import search_index
from db.models import Base
from workbench import audit, indexing
from workbench.case import Case
from workbench.changes import Changes


def _complete(model: type[Base], row: dict[str, Any]) -> dict[str, Any]:
    """Every column present: left-out ones get their scalar default (else NULL), so the
    audited after-state is exactly the stored row and one executemany fits all rows."""
    out = dict(row)
    for column in model.__table__.columns:
        if column.key not in out:
            default = column.default
            out[column.key] = default.arg if default is not None and default.is_scalar \
                else None
    return out


def add_rows_in(session: Session, reviewer: str, action: str,
                tables: Sequence[tuple[type[Base], list[dict[str, Any]]]]) -> int:
    """Insert every (model, rows) pair in order, index them, append one audit entry.

    Each row dict must carry its ``id``. Returns the audit entry's sequence number.
    """
    changes: dict[str, dict[str, Any]] = {}
    index_rows: list[dict[str, Any]] = []
    for model, rows in tables:
        if not rows:
            continue
        table = model.__tablename__
        rows = [_complete(model, row) for row in rows]
        session.execute(insert(model), rows)
        document = indexing.DOCUMENTS.get(table)
        for row in rows:
            # A transient instance gives the same snapshot (types coerced) as a service write.
            obj = model(**row)
            changes[f"{table}:{row['id']}"] = {"before": None, "after": audit.snapshot(obj)}
            if document is not None:
                title, body = document[1](obj)
                index_rows.append({"kind": document[0], "ref": row["id"], "title": title,
                                   "body": body})
    if index_rows:
        search_index.put_new(session, index_rows)
    return audit.append(session, reviewer, action, changes).seq


def add_rows(case: Case, action: str,
             tables: Sequence[tuple[type[Base], list[dict[str, Any]]]]) -> Changes:
    """``add_rows_in`` in one transaction of ``case`` (the reviewer is recorded as usual)."""
    with case.write(action) as session:
        seq = add_rows_in(session, case.reviewer, action, tables)
    created = frozenset((model.__tablename__, int(row["id"]))
                        for model, rows in tables for row in rows)
    return Changes(action, seq, created, frozenset(), frozenset())
