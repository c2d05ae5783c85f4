"""What text of each entity the search index holds (kept up to date by every write)."""

from __future__ import annotations

from collections.abc import Callable

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


def update(session: Session, key: str, obj: Base | None, *, created: bool = False) -> None:
    """Index (or, for a deleted row, drop) the row named by 'table:id'. ``created``: the
    row is new in this write, so there is no entry to replace (a statement saved per
    imported item)."""
    table, _, ident = key.partition(":")
    if table not in DOCUMENTS:
        return
    kind, document = DOCUMENTS[table]
    if obj is None:
        search_index.remove(session, kind, int(ident))
    else:
        title, body = document(obj)
        store = search_index.add if created else search_index.put
        store(session, kind, int(ident), title, body)


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
