"""What text of each entity the search index holds (kept up to date by every write)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import search_index
from db.models import Base, Event, Evidence, Excerpt, Finding, Interview, Recommendation

# table -> (kind shown to the user, (object) -> (title, body))
DOCUMENTS: dict[str, tuple[str, Callable[..., tuple[str, str]]]] = {
    "event": ("event", lambda e: (e.title, f"{e.description} {e.category}")),
    "interview": ("interview", lambda i: (i.title, f"{i.notes_text} {i.translation_text}")),
    "excerpt": ("excerpt", lambda x: (x.text[:80], f"{x.text} {x.translation}")),
    "evidence": (
        "evidence",
        lambda v: (f"{v.number} {v.title}", f"{v.caption} {v.original_name} {v.extracted_text}"),
    ),
    "finding": ("finding", lambda f: (f.title, f.statement)),
    "recommendation": ("recommendation", lambda r: (r.title, r.text)),
}
MODELS: dict[str, type[Base]] = {
    "event": Event, "interview": Interview, "excerpt": Excerpt, "evidence": Evidence,
    "finding": Finding, "recommendation": Recommendation,
}


@dataclass(frozen=True)
class Entry:
    """One change to the index: an item's text as a write left it, or None (deleted)."""

    kind: str
    ref: int
    text: tuple[str, str] | None  # (title, body)
    created: bool  # new in its write: there is no entry to replace


def entry(key: str, obj: Base | None, *, created: bool = False) -> Entry | None:
    """The index change for the row named by 'table:id' (None: not an indexed table).
    ``obj`` None: the row was deleted. ``created``: it is new in this write."""
    table, _, ident = key.partition(":")
    if table not in DOCUMENTS:
        return None
    kind, document = DOCUMENTS[table]
    return Entry(kind, int(ident), None if obj is None else document(obj), created)


def apply(session: Session, entries: Iterable[Entry]) -> None:
    """Write the changes in order: a new item with one INSERT (a deleted predecessor's
    entry, if its id is reused, went with the deletion), a changed one replaced."""
    for e in entries:
        if e.text is None:
            search_index.remove(session, e.kind, e.ref)
        else:
            store = search_index.add if e.created else search_index.put
            store(session, e.kind, e.ref, *e.text)


def rebuild(session: Session) -> int:
    """Re-create the whole index from the rows (after an import of a JSON case, say)."""
    search_index.clear(session)
    count = 0
    for table, model in MODELS.items():
        kind, document = DOCUMENTS[table]
        for obj in session.scalars(select(model)).yield_per(500):
            title, body = document(obj)
            search_index.put(session, kind, obj.id, title, body)  # type: ignore[attr-defined]
            count += 1
    return count
