"""Pieces shared by the services: field updates, lookups, JSON lists."""

from __future__ import annotations

import json
import re
import weakref
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from db.models import AuditEntry, Base
from workbench import audit
from workbench.case import Case
from workbench.changes import Changes
from workbench.errors import InvalidInput, NotFound

M = TypeVar("M", bound=Base)


def get(session: Session, model: type[M], ident: int) -> M:
    obj = session.get(model, ident)
    if obj is None:
        raise NotFound(f"no {model.__tablename__.replace('_', ' ')} with id {ident}")
    return obj


def check_choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"'{value}' is not a {what}; use one of: {', '.join(allowed)}")
    return value


def set_fields(obj: Base, fields: dict[str, Any]) -> None:
    columns = {c.key for c in inspect(type(obj)).column_attrs} - {"id"}
    for name, value in fields.items():
        if name not in columns:
            raise InvalidInput(f"{obj.__tablename__} has no field '{name}'")
        setattr(obj, name, value)


def update(case: Case, model: type[Base], ident: int, action: str, **fields: Any) -> Changes:
    """Change plain fields of one row (validated fields have their own service calls)."""
    with case.write(action) as session:
        set_fields(get(session, model, ident), fields)
    return case.last_changes


def delete(case: Case, model: type[Base], ident: int, action: str) -> Changes:
    with case.write(action) as session:
        session.delete(get(session, model, ident))
    return case.last_changes


# engine -> {(field, prefix): (last audit seq read, highest retired n)}: the log is append-only,
# so each call reads only the entries written since the last one (it read the whole log,
# interview texts included, for every imported file: O(case size) per import).
_RETIRED: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], tuple[int, int]]] = \
    weakref.WeakKeyDictionary()


def highest_retired_code(session: Session, field: str, prefix: str) -> int:
    """The highest n of a code PREFIX-n that a deleted row held, from the audit log.

    Codes such as W-03 or E-0012 are stable: a report already published may use them, so
    a deleted row's code is never handed to another one.
    """
    memo = audit.known(session).retired  # a batch's files ask once per transaction
    if (field, prefix) in memo:
        return memo[(field, prefix)]
    pattern = re.compile(rf'"{field}":"{re.escape(prefix)}-(\d+)"')
    bind = session.get_bind()
    known = _RETIRED.setdefault(getattr(bind, "engine", bind), {})
    last_seq, highest = known.get((field, prefix), (0, 0))
    rows = session.execute(select(AuditEntry.seq, AuditEntry.changes).where(
        AuditEntry.seq > last_seq,
        AuditEntry.changes.contains(f'"{field}":"{prefix}-', autoescape=True),
        AuditEntry.changes.contains('"after":null', autoescape=True)))
    for seq, body in rows:
        last_seq = max(last_seq, seq)
        highest = max([highest, *(int(n) for n in pattern.findall(body))])
    # Entries up to the newest one are read (the matching ones above, the rest irrelevant).
    newest = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
    known[(field, prefix)] = (max(last_seq, newest or 0), highest)
    memo[(field, prefix)] = highest
    return highest


def forget_audit_reads(engine: Any) -> None:
    """Drop what ``highest_retired_code`` remembers of the log: a rolled-back batch took
    back entries it had read (their sequence numbers will be used again)."""
    _RETIRED.pop(engine, None)


def json_list(items: list[str] | tuple[str, ...]) -> str:
    return json.dumps([i.strip() for i in items if i and i.strip()], ensure_ascii=False)


def from_json_list(text: str) -> list[str]:
    value = json.loads(text or "[]")
    return [str(v) for v in value] if isinstance(value, list) else []
