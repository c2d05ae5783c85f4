"""Search the whole case: ranked hits with snippets (the index is kept by every write)."""

from __future__ import annotations

from db import search_index
from db.search_index import Hit
from workbench.case import Case


def search(case: Case, query: str, limit: int = 50,
           marks: tuple[str, str] = ("[", "]")) -> list[Hit]:
    # Ranked on the connection kept for ranking alone, read on an ordinary one.
    with case.read_index() as session:
        ranked = search_index.rank(session, query, limit)
    with case.read() as session:
        return search_index.hits(session, query, ranked, marks)


__all__ = ["Hit", "search"]
