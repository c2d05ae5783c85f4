"""One write = one transaction + one audit entry + search index upkeep + a Changes value.

Inside a batch (``Case.batch``: a folder of files imported) each write is a savepoint with
its own audit entry, and the batch commits its writes in groups.

Services open a write with ``case.write("create event")`` and change ORM objects in the
session it yields. Session events collect every row the write touches, including rows the
database itself deletes or nulls through foreign keys (ON DELETE CASCADE / SET NULL), so
the audit log stays a complete history even for cascades.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Base
from workbench import audit, indexing
from workbench.changes import Changes


def _key(table: str, ident: int) -> str:
    return f"{table}:{ident}"


@functools.cache
def _referrers() -> dict[str, list[tuple[type[Base], str, str]]]:
    """referred table -> [(model, fk column, ondelete)] over audited models."""
    out: dict[str, list[tuple[type[Base], str, str]]] = {}
    for model in audit.audited_tables().values():
        for fk in model.__table__.foreign_keys:
            ondelete = (fk.ondelete or "").upper()
            if ondelete in ("CASCADE", "SET NULL"):
                out.setdefault(fk.column.table.name, []).append(
                    (model, fk.parent.key, ondelete)
                )
    return out


@dataclass
class _Tracker:
    before: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    after: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    pending_new: list[Base] = field(default_factory=list)
    pending_dirty: list[Base] = field(default_factory=list)
    indexed: dict[str, Base | None] = field(default_factory=dict)

    def before_flush(self, session: Session, _ctx: Any, _instances: Any) -> None:
        self.pending_new = [o for o in session.new if _audited(o)]
        self.pending_dirty = [
            o for o in session.dirty if _audited(o) and session.is_modified(o)
        ]
        for obj in self.pending_dirty:
            key = _obj_key(obj)
            self.before.setdefault(key, audit.committed_snapshot(obj))
        referrers = _referrers()
        for obj in list(session.deleted):
            if not _audited(obj):
                continue
            key = _obj_key(obj)
            self.before.setdefault(key, audit.committed_snapshot(obj))
            self.after[key] = None
            self.indexed[key] = None
            self._cascade(session, referrers, obj.__tablename__, _id(obj), seen={key})

    def _cascade(self, session: Session, referrers: dict[str, list[tuple[type[Base], str, str]]],
                 table: str, ident: int, seen: set[str]) -> None:
        for model, column, ondelete in referrers.get(table, []):
            rows = session.scalars(
                select(model).where(getattr(model, column) == ident)
                .execution_options(autoflush=False)
            ).all()
            for row in rows:
                key = _obj_key(row)
                if key in seen or row in session.deleted:
                    continue
                seen.add(key)
                before = audit.committed_snapshot(row)
                self.before.setdefault(key, before)
                if ondelete == "CASCADE":
                    self.after[key] = None
                    self.indexed[key] = None
                    self._cascade(session, referrers, model.__tablename__, _id(row), seen)
                else:
                    self.after[key] = {**before, column: None}

    def after_flush(self, _session: Session, _ctx: Any) -> None:
        for obj in self.pending_new:
            key = _obj_key(obj)
            self.before.setdefault(key, None)
            self.after[key] = audit.snapshot(obj)
            self.indexed[key] = obj
        for obj in self.pending_dirty:
            key = _obj_key(obj)
            self.after[key] = audit.snapshot(obj)
            self.indexed[key] = obj
        self.pending_new, self.pending_dirty = [], []

    def changes(self) -> dict[str, dict[str, Any]]:
        out = {}
        for key, after in self.after.items():
            before = self.before.get(key)
            if before is None and after is None:
                continue  # created and deleted within the same write
            if before is not None and after is not None and before == after:
                continue
            out[key] = {"before": before, "after": after}
        return out


def _audited(obj: object) -> bool:
    return isinstance(obj, Base) and getattr(obj, "__audited__", True)


def _id(obj: Base) -> int:
    return int(inspect(obj).mapper.primary_key_from_instance(obj)[0])


def _obj_key(obj: Base) -> str:
    return _key(obj.__tablename__, _id(obj))


def _split(key: str) -> tuple[str, int]:
    table, _, ident = key.partition(":")
    return table, int(ident)


@contextmanager
def write(sessions: sessionmaker[Session], reviewer: str, action: str,
          outcome: list[Changes], within: Session | None = None,
          index_later: list[indexing.Entry] | None = None) -> Iterator[Session]:
    """Run the body in one transaction, append one audit entry, commit.

    ``within``: the session of a batch (``Case.batch``): the write is a SAVEPOINT of the
    batch's transaction instead, released here and committed with the batch's group; a
    failure rolls back this write alone. ``index_later``: the batch's list of search-index
    changes, written just before its group commits (see ``Batch.commit``); this write's
    are added once its savepoint is released. The resulting Changes is appended to
    ``outcome`` (a context manager cannot return it).
    """
    session = within if within is not None else sessions()
    savepoint = session.begin_nested() if within is not None else None
    tracker = _Tracker()
    event.listen(session, "before_flush", tracker.before_flush)
    event.listen(session, "after_flush", tracker.after_flush)
    try:
        yield session
        session.flush()
        changes = tracker.changes()
        seq = None
        index: list[indexing.Entry] = []
        if changes:
            index = [e for key, obj in tracker.indexed.items() if key in changes
                     and (e := indexing.entry(key, obj,
                                              created=changes[key]["before"] is None))]
            if index_later is None:
                indexing.apply(session, index)
            seq = audit.append(session, reviewer, action, changes).seq
        (savepoint or session).commit()
        if index_later is not None:
            index_later += index
    except BaseException:
        (savepoint or session).rollback()
        raise
    finally:
        event.remove(session, "before_flush", tracker.before_flush)
        event.remove(session, "after_flush", tracker.after_flush)
        if within is None:
            session.close()
    created = {_split(k) for k, c in changes.items() if c["before"] is None}
    deleted = {_split(k) for k, c in changes.items() if c["after"] is None}
    updated = {_split(k) for k in changes} - created - deleted
    outcome.append(Changes(action, seq, frozenset(created), frozenset(updated),
                           frozenset(deleted)))
