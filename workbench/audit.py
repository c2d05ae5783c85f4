"""The audit log: one hash-chained entry per write, and the checks that prove it whole.

Each entry records, for every row the write touched, its values before and after. Because
every write goes through the log, the latest "after" of each row must equal the row as it
is now: a row changed behind the workbench's back (through SQL with the key, or by writing
an older page back into the file) no longer matches, and ``verify`` says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Boolean, Connection, Engine, Float, Integer, event, inspect, select
from sqlalchemy.orm import Session

from db.models import AuditEntry, Base

GENESIS = "0" * 64


def audited_tables() -> dict[str, type[Base]]:
    return {
        mapper.class_.__tablename__: mapper.class_
        for mapper in Base.registry.mappers
        if getattr(mapper.class_, "__audited__", True)
    }


def _value(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"sha256": hashlib.sha256(bytes(value)).hexdigest(), "size": len(value)}
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _coerce(value: Any, column_type: Any) -> Any:
    # An object holds what the caller assigned (an int for a Float column, say); the row
    # read back holds the column's type. Record the latter so both compare equal.
    if value is None:
        return None
    if isinstance(column_type, Float):
        return float(value)
    if isinstance(column_type, Boolean):
        return bool(value)
    if isinstance(column_type, Integer):
        return int(value)
    return value


def snapshot(obj: Base) -> dict[str, Any]:
    """The row's column values, JSON-ready; bytes are recorded by hash and size."""
    mapper = inspect(obj).mapper
    return {
        col.key: _value(_coerce(getattr(obj, col.key), col.columns[0].type))
        for col in mapper.column_attrs
    }


def committed_snapshot(obj: Base) -> dict[str, Any]:
    """The row's values as last loaded from the database (before this write's edits)."""
    state = inspect(obj)
    out = {}
    for col in state.mapper.column_attrs:
        history = state.attrs[col.key].history
        value = history.deleted[0] if history.deleted else getattr(obj, col.key)
        out[col.key] = _value(_coerce(value, col.columns[0].type))
    return out


def row_snapshot(row: Any, keys: Iterable[str]) -> dict[str, Any]:
    return {k: _value(getattr(row, k)) for k in keys}


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, seq: int, at: str, reviewer: str, action: str,
               changes: str) -> str:
    payload = canonical([prev_hash, seq, at, reviewer, action, changes])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


# How a deletion reads in an entry's canonical JSON ('"after":null'): a string value cannot
# hold it, as its quotes would be escaped.
DELETION_MARK = canonical({"after": None})[1:-1]


@dataclass
class Known:
    """What the open transaction of a connection has read or written of the log.

    A batch (``Case.batch``) writes hundreds of files in one transaction, each asking the
    log for its newest entry (the chain) and for retired codes (evidence numbers,
    pseudonyms): each ask a statement, at about 0.5 ms each with cipher_memory_security
    on. Within one transaction nobody else appends, so what it read or wrote itself stays
    true until the transaction ends or a savepoint of it rolls back (its entries gone).
    """

    transaction: Any  # the root transaction this holds for
    head: tuple[int, str] | None = None  # (seq, hash) of the newest entry
    retired: dict[tuple[str, str], int] = field(default_factory=dict)  # see services.common


_KNOWN = "workbench.audit.known"


def known(session: Session) -> Known:
    """The session's transaction's ``Known`` (a fresh one for a new transaction)."""
    connection = session.connection()
    root = connection.get_transaction()
    memo: Known | None = connection.info.get(_KNOWN)
    if memo is None or memo.transaction is not root:
        memo = connection.info[_KNOWN] = Known(root)
    return memo


@event.listens_for(Engine, "rollback_savepoint")
def _forget_rolled_back(connection: Connection, _name: str, _context: Any) -> None:
    # A savepoint rolled back took back the entries it appended (the head moves back).
    connection.info.pop(_KNOWN, None)


def append(session: Session, reviewer: str, action: str,
           changes: dict[str, dict[str, Any]]) -> AuditEntry:
    memo = known(session)
    if memo.head is None:
        last = session.execute(
            select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
        ).first()
        memo.head = (last.seq, last.hash) if last else (0, GENESIS)
    seq, prev = memo.head[0] + 1, memo.head[1]
    at = now_iso()
    body = canonical(changes)
    entry = AuditEntry(
        seq=seq, at=at, reviewer=reviewer, action=action, changes=body, prev_hash=prev,
        hash=entry_hash(prev, seq, at, reviewer, action, body),
    )
    session.add(entry)
    memo.head = (seq, entry.hash)
    if DELETION_MARK in body:
        memo.retired.clear()  # a row deleted: its code is retired from now on
    return entry


@dataclass(frozen=True)
class Problem:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


# -- purging deleted content ---------------------------------------------------------------
# A deleted interview's text must not stay readable in the file, even with the key, yet the
# log recorded it (before/after values). Maintenance purges the text values of rows that
# are deleted for good from the entries that recorded them, and records which entries it
# purged in a new, hash-chained entry whose action lists them (in several entries if the
# list is longer than an action holds). A purged entry keeps its original hash and its
# place in the chain; its content can no longer be recomputed, so verify accepts it only if
# a later purge entry lists it and every row whose values it lost was deleted between that
# entry and the purge. (Not "is deleted now": SQLite hands the highest deleted id to the
# next new row, so a purged row's key may name a live row, before or after the purge.)
# Codes (pseudonyms, evidence numbers) stay: they are retired for ever and are not content.
PURGE_ACTION = "purge deleted content from audit entries "
NOTHING_PURGED = "(none)"  # a purge that found nothing left to purge still marks its place
PURGED = {"purged": True}
KEEP_ON_PURGE = frozenset({"id", "pseudonym", "number"})


def _purged(value: Any) -> bool:
    return value == PURGED


def purge_values(change: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A change with every text value (but codes) replaced by the purge marker."""
    out: dict[str, Any] = {}
    touched = False
    for side, values in change.items():
        if isinstance(values, dict):
            new = {}
            for k, v in values.items():
                if isinstance(v, str) and v and k not in KEEP_ON_PURGE:
                    new[k], touched = PURGED, True
                else:
                    new[k] = v
            out[side] = new
        else:
            out[side] = values
    return out, touched


def purge_actions(seqs: list[int], limit: int) -> list[str]:
    """The actions of the purge entries listing ``seqs``, each at most ``limit`` long."""
    if not seqs:
        return [PURGE_ACTION + NOTHING_PURGED]
    actions: list[str] = []
    listed = ""
    for n in map(str, seqs):
        if listed and len(PURGE_ACTION) + len(listed) + 1 + len(n) > limit:
            actions.append(PURGE_ACTION + listed)
            listed = ""
        listed = f"{listed},{n}" if listed else n
    return [*actions, PURGE_ACTION + listed]


def is_purge(action: str) -> bool:
    return action.startswith(PURGE_ACTION)


def _listed_by(action: str) -> set[int]:
    return {int(n) for n in action[len(PURGE_ACTION):].split(",") if n.strip().isdigit()}


def _purge_listed(session: Session) -> set[int]:
    listed: set[int] = set()
    rows = session.scalars(select(AuditEntry.action).where(
        AuditEntry.action.startswith(PURGE_ACTION, autoescape=True)))
    for action in rows:
        listed |= _listed_by(action)
    return listed


def _lost_values(changes: dict[str, Any]) -> list[str]:
    """The rows ('table:id') whose values an entry lost to a purge."""
    return [k for k, change in changes.items()
            if any(_purged(v) for side in change.values() if isinstance(side, dict)
                   for v in side.values())]


def check_chain(session: Session) -> list[Problem]:
    """Every entry's hash recomputes and names its predecessor; no gaps in the sequence.
    An entry whose deleted content maintenance purged is accepted as described above."""
    problems: list[Problem] = []
    listed = _purge_listed(session)
    # With purges in the log, follow deletions on the way: each purge is judged on what
    # was deleted before it ran. 'table:id' -> the newest entry that deleted it so far.
    deleted_at: dict[str, int] = {}
    waiting: dict[int, list[str]] = {}  # purged entry -> the rows whose values it lost
    prev, expected_seq = GENESIS, 1
    for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(500):
        where = f"audit entry {e.seq}"
        if e.seq != expected_seq:
            problems.append(Problem(where, f"sequence jumps from {expected_seq - 1}"))
        if e.prev_hash != prev:
            problems.append(Problem(where, "does not follow the entry before it"))
        changes = json.loads(e.changes) if listed else {}
        if entry_hash(e.prev_hash, e.seq, e.at, e.reviewer, e.action, e.changes) != e.hash:
            if e.seq not in listed:
                problems.append(Problem(where, "its content does not match its hash"))
            elif not (lost := _lost_values(changes)):
                problems.append(Problem(where, "purged, but not only of deleted rows"))
            else:
                waiting[e.seq] = lost
        if listed and is_purge(e.action):
            for n in sorted(_listed_by(e.action) & waiting.keys()):
                if not all(deleted_at.get(k, 0) >= n for k in waiting.pop(n)):
                    problems.append(Problem(f"audit entry {n}",
                                            "purged, but not only of deleted rows"))
        for key, change in changes.items():
            if change.get("after") is None:
                deleted_at[key] = e.seq
        prev, expected_seq = e.hash, e.seq + 1
    # Listed only by a purge entry written before it: no purge can have judged it.
    problems += [Problem(f"audit entry {n}", "its content does not match its hash")
                 for n in sorted(waiting)]
    return problems


def replay(session: Session) -> dict[str, dict[str, Any] | None]:
    """The state of every audited row according to the log: 'table:id' -> values."""
    state: dict[str, dict[str, Any] | None] = {}
    rows = session.execute(select(AuditEntry.changes).order_by(AuditEntry.seq))
    for (body,) in rows.yield_per(500):
        for key, change in json.loads(body).items():
            state[key] = change.get("after")
    return state


def check_coverage(session: Session) -> list[Problem]:
    """Every row as it is now equals its latest audited state, and nothing is missing."""
    problems: list[Problem] = []
    logged = replay(session)
    seen: set[str] = set()
    for table, model in audited_tables().items():
        keys = [c.key for c in inspect(model).column_attrs]
        # Read columns directly (not ORM objects) so big blobs are hashed row by row.
        for row in session.execute(select(*[getattr(model, k) for k in keys])).yield_per(200):
            current = row_snapshot(row, keys)
            key = f"{table}:{current['id']}"
            seen.add(key)
            expected = logged.get(key)
            if expected is None:
                problems.append(Problem(key, "row has no audit entry (changed outside the "
                                             "workbench?)"))
            elif canonical(expected) != canonical(current):
                changed = sorted(k for k in current if expected.get(k) != current[k])
                problems.append(Problem(key, "differs from its last audit entry in "
                                             + ", ".join(changed)))
    for key, after in logged.items():
        if after is not None and key not in seen:
            problems.append(Problem(key, "row is missing but the audit log says it exists"))
    return problems
