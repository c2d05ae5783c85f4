"""Maintenance: make deleted content unrecoverable, and compact the file.

``compact(case)`` (``workbench compact CASE``) purges the text of rows deleted for good from
the audit entries that recorded it (see ``audit.purge_values``; one audited write), merges
the search index so no segment keeps deleted words, and rebuilds the file with VACUUM.
With ``secure_delete`` on, freed space is zeroed; VACUUM then leaves no free pages at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from db import search_index
from db.models import AuditEntry
from workbench import audit
from workbench.case import Case


@dataclass(frozen=True)
class Compacted:
    purged_entries: int
    bytes_before: int
    bytes_after: int


def purge_deleted(case: Case) -> int:
    """Purge deleted rows' text from the log; the number of entries purged."""
    with case.read() as session:
        final = audit.replay(session)
    deleted = {k for k, state in final.items() if state is None}
    if not deleted:
        return 0
    purged: list[int] = []
    with case.write("purge deleted content") as session:
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
            changes = json.loads(entry.changes)
            touched = False
            for key in deleted & set(changes):
                changes[key], did = audit.purge_values(changes[key])
                touched = touched or did
            if touched:
                entry.changes = audit.canonical(changes)
                purged.append(entry.seq)
        if purged:
            action = audit.PURGE_ACTION + ",".join(map(str, purged))
            audit.append(session, case.reviewer, action, {})
    return len(purged)


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


__all__ = ["Compacted", "compact", "purge_deleted"]
