"""The audit log for the window: entries filtered by reviewer, entity and date, newest
first, each with the before/after values of every row it touched."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from db.models import AuditEntry
from workbench.case import Case

DEFAULT_LIMIT = 5000


@dataclass(frozen=True)
class AuditFilter:
    reviewer: str = ""
    entity: str = ""  # a table name ("finding") or one row ("finding:3")
    date_from: str = ""  # ISO date, inclusive
    date_to: str = ""


@dataclass(frozen=True)
class RowChange:
    key: str  # table:id
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


@dataclass(frozen=True)
class AuditRow:
    """One entry. Its changes stay as recorded (JSON) until the entry is shown: one write
    of 100,000 events held 200,000 parsed objects the window's collector kept walking."""

    seq: int
    at: str
    reviewer: str
    action: str
    entities: tuple[str, ...] = ()  # the rows it touched, "table:id", sorted
    body: str = "{}"

    @property
    def changes(self) -> list[RowChange]:
        return [RowChange(k, v.get("before"), v.get("after"))
                for k, v in sorted(json.loads(self.body or "{}").items())]


MAX_LINES = 2_000  # before/after values shown for one entry; the archive export has all


@dataclass(frozen=True)
class ChangeLines:
    """An entry's before/after values as shown: (row, field, before, after) lines."""

    lines: list[tuple[str, str, str, str]]
    total: int  # lines in the entry (more than shown when over MAX_LINES)
    rows: int  # rows the entry touched


def change_lines(row: AuditRow, limit: int = MAX_LINES) -> ChangeLines:
    """Off the UI thread: an entry of a bulk import has hundreds of thousands of values."""
    lines: list[tuple[str, str, str, str]] = []
    total = 0
    changes = row.changes
    for change in changes:
        before, after = change.before or {}, change.after or {}
        fields = change.changed_fields() or sorted((change.after or change.before
                                                    or {}).keys())
        total += len(fields)
        for name in fields[:max(0, limit - len(lines))]:
            lines.append((change.key, name, shown_value(before.get(name)),
                          shown_value(after.get(name))))
    return ChangeLines(lines, total, len(changes))


def shown_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _matches_entity(keys: list[str], entity: str) -> bool:
    if ":" in entity:
        return entity in keys
    return any(k.split(":", 1)[0] == entity for k in keys)


def entries(case: Case, flt: AuditFilter | None = None,
            limit: int = DEFAULT_LIMIT) -> list[AuditRow]:
    flt = flt or AuditFilter()
    query = select(AuditEntry).order_by(AuditEntry.seq.desc())
    if flt.reviewer:
        query = query.where(AuditEntry.reviewer == flt.reviewer)
    if flt.date_from:
        query = query.where(AuditEntry.at >= flt.date_from)
    if flt.date_to:
        query = query.where(AuditEntry.at < flt.date_to + "\uffff")
    if flt.entity and ":" not in flt.entity:
        query = query.where(AuditEntry.changes.contains(f'"{flt.entity}:'))
    out: list[AuditRow] = []
    with case.read() as session:
        for e in session.scalars(query).yield_per(500):
            keys = tuple(sorted(json.loads(e.changes or "{}")))
            if flt.entity and not _matches_entity(list(keys), flt.entity):
                continue
            out.append(AuditRow(e.seq, e.at, e.reviewer, e.action, keys, e.changes or "{}"))
            if len(out) >= limit:
                break
    return out


def reviewers(case: Case) -> list[str]:
    with case.read() as session:
        return sorted(session.scalars(select(AuditEntry.reviewer).distinct()))


def entity_kinds(case: Case) -> list[str]:
    """The tables the log mentions (for the entity filter)."""
    kinds: set[str] = set()
    with case.read() as session:
        for (body,) in session.execute(select(AuditEntry.changes)).yield_per(500):
            kinds.update(k.split(":", 1)[0] for k in json.loads(body or "{}"))
    return sorted(kinds)


def chain_problems(case: Case) -> list[str]:
    """What ``verify`` reports for the audit chain ([] when it is whole)."""
    from workbench import audit

    with case.read() as session:
        return [str(p) for p in audit.check_chain(session)]
