"""Maintenance: make deleted content unrecoverable (at every close), and compact the file.

Deleting a row removes it from its table, but the audit log keeps what it held (the
before-values of every write). ``purge_deleted`` replaces a deleted row's text in the
entries that recorded it, up to its deletion (see ``audit.purge_values``; one audited
write, closed by a purge entry that ``verify`` checks).

``routine(case)`` is the normal maintenance: the window runs it, off the UI thread, each
time a case is closed (File > Close, opening or creating another case, quitting), never on
lock, which must be instant. When nothing was deleted it costs one query, ``needs_purge``,
which reads the log backwards from its newest entry and stops at the first deletion or
purge entry. Otherwise ``purge_deleted`` reads, as JSON, only the deletions written since
the last purge entry and the entries naming their tables, never the whole log twice (the
first version replayed the whole log, then read all of it again). It purges and does
nothing more, because that suffices: with ``secure_delete`` on (db/engine.py) SQLite
zeroes every cell and page it frees, and the search index has FTS5's own secure-delete on
(migration 0002), so a deleted row's words left the index when the row was deleted. An FTS
``optimize`` or a VACUUM would remove nothing more (test_promise2_lost_laptop decrypts
every page after ``routine`` and finds neither the text nor the index's words), yet both
rewrite data in proportion to the whole case (the index, the file), at every close.

``compact(case)`` (``workbench compact CASE``) purges, merges the index into one segment
and rebuilds the file with VACUUM, which also gives free pages back to the disk.

The command line runs no routine after its commands: none of them deletes reviewers'
content (``import json`` replaces only the seeded rows of a new case), and what is left to
purge is purged at the next close in the window or by ``compact``. The same holds after a
crash, or a failed or cancelled routine: the purge is delayed, never lost.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session

from db import search_index
from db.models import AuditEntry
from workbench import audit
from workbench.case import Case
from workbench.errors import Cancelled, WriteFailed

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]

# A purge entry lists what it purged in its action, which holds this many characters.
_ACTION_LIMIT: int = getattr(AuditEntry.__table__.c.action.type, "length", None) or 200
_CHECK_EVERY = 200  # rows read between two looks at the cancel flag


@dataclass(frozen=True)
class Compacted:
    purged_entries: int
    bytes_before: int
    bytes_after: int


def _newest_purge_or_deletion(session: Session) -> str | None:
    """The action of the newest entry that is a purge or records a deletion."""
    return session.scalar(
        select(AuditEntry.action)
        .where(or_(AuditEntry.action.startswith(audit.PURGE_ACTION, autoescape=True),
                   AuditEntry.changes.contains(audit.DELETION_MARK, autoescape=True)))
        .order_by(AuditEntry.seq.desc()).limit(1))


def needs_purge(case: Case) -> bool:
    """Were rows deleted since the last purge? (The log is read from its end backwards,
    up to the newest purge entry or deletion, whichever comes first.)"""
    with case.read() as session:
        action = _newest_purge_or_deletion(session)
    return action is not None and not audit.is_purge(action)


def _deleted_since(session: Session, seq: int) -> dict[str, int]:
    """'table:id' -> the newest entry after ``seq`` that deleted the row. (What was deleted
    up to ``seq`` was purged by the purge entry there.) Only deletions are read as JSON."""
    deleted: dict[str, int] = {}
    rows = session.execute(
        select(AuditEntry.seq, AuditEntry.changes)
        .where(AuditEntry.seq > seq,
               AuditEntry.changes.contains(audit.DELETION_MARK, autoescape=True))
        .order_by(AuditEntry.seq))
    for n, body in rows.yield_per(500):
        for key, change in json.loads(body).items():
            if change.get("after") is None:
                deleted[key] = n
    return deleted


def purge_deleted(case: Case, progress: ProgressFn | None = None,
                  cancelled: CancelledFn | None = None) -> int:
    """Purge the text of rows deleted since the last purge from every entry that holds it;
    the number of entries purged. One write; cancelled, it changes nothing.

    A row is purged from the entries up to its deletion only: if its id was given to a new
    row meanwhile (SQLite reuses the highest), the new row's entries are kept whole."""
    if not needs_purge(case):
        return 0  # read only: a case without deletions is not written to
    with case.write("purge deleted content") as session:
        since = session.scalar(
            select(AuditEntry.seq)
            .where(AuditEntry.action.startswith(audit.PURGE_ACTION, autoescape=True))
            .order_by(AuditEntry.seq.desc()).limit(1)) or 0
        newest = session.scalar(select(func.max(AuditEntry.seq))) or 0
        deleted = _deleted_since(session, since)
        purged = _purged_entries(session, deleted, newest, progress, cancelled)
        for seq, body in purged.items():
            session.execute(update(AuditEntry).where(AuditEntry.seq == seq)
                            .values(changes=body))
        # Written even when nothing held text: the purge entry marks how far the log was
        # purged, so needs_purge turns false.
        for action in audit.purge_actions(sorted(purged), _ACTION_LIMIT):
            audit.append(session, case.reviewer, action, {})
    if progress is not None:
        progress(newest, newest)
    return len(purged)


def _purged_entries(session: Session, deleted: dict[str, int], newest: int,
                    progress: ProgressFn | None, cancelled: CancelledFn | None
                    ) -> dict[int, str]:
    """seq -> the entry's changes with the deleted rows' text purged, for every entry
    that held some. Only entries naming a table of a deleted row are read as JSON."""
    tables = sorted({key.partition(":")[0] for key in deleted})
    if not tables:
        return {}
    rows = session.execute(
        select(AuditEntry.seq, AuditEntry.changes)
        .where(or_(*(AuditEntry.changes.contains(f'"{t}:', autoescape=True)
                     for t in tables)))
        .order_by(AuditEntry.seq))
    purged: dict[int, str] = {}
    for n, (seq, body) in enumerate(rows.yield_per(500)):
        if n % _CHECK_EVERY == 0:
            if cancelled is not None and cancelled():
                raise Cancelled("maintenance cancelled; deleted content is purged at the "
                                "next close")
            if progress is not None:
                progress(seq, newest)
        changes = json.loads(body)
        touched = False
        for key in deleted.keys() & changes.keys():
            if seq <= deleted[key]:
                changes[key], did = audit.purge_values(changes[key])
                touched = touched or did
        if touched:
            purged[seq] = audit.canonical(changes)
    return purged


def routine(case: Case, progress: ProgressFn | None = None,
            cancelled: CancelledFn | None = None) -> int | None:
    """The normal maintenance (at close): purge what was deleted since the last purge.
    None if nothing was; else the number of audit entries purged."""
    try:
        if not needs_purge(case):
            return None
        return purge_deleted(case, progress, cancelled)
    except SADatabaseError as exc:
        # The file is locked by another program, or the disk failed: a user's problem,
        # said in one line; the purge was one transaction, so the case is as it was.
        reason = (str(getattr(exc, "orig", exc)).splitlines() or ["unknown error"])[0]
        raise WriteFailed(f"deleted content could not be purged ({reason}); nothing was "
                          "changed") from None


def compact(case: Case) -> Compacted:
    before = case.path.stat().st_size
    purged = purge_deleted(case)
    case.raw_execute(f"INSERT INTO {search_index.TABLE}({search_index.TABLE}) "
                     "VALUES ('optimize')")
    raw = case._engine_or_raise().raw_connection()  # VACUUM runs outside any transaction
    try:
        raw.commit()
        raw.cursor().execute("VACUUM")
    finally:
        raw.close()
    return Compacted(purged, before, case.path.stat().st_size)


__all__ = ["Compacted", "compact", "needs_purge", "purge_deleted", "routine"]
