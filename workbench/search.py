"""Search the whole case: ranked hits with snippets (the index is kept by every write)."""

from __future__ import annotations

from db import search_index
from db.search_index import Hit
from workbench.case import Case


def search(case: Case, query: str, limit: int = 50,
           marks: tuple[str, str] = ("[", "]")) -> list[Hit]:
    with case.read() as session:
        return search_index.search(session, query, limit=limit, marks=marks)


__all__ = ["Hit", "search"]
