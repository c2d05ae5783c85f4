"""Full-text search inside the encrypted file (SQLite FTS5), behind a small interface.

Everything FTS5-specific lives here, so a server database can replace it later. The
tokenizer folds case and removes diacritics, so ``accion`` finds ``acción`` and ``quispe``
finds ``Quispe``; prefix matching lets ``espin`` find ``Espinar``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

TABLE = "search_index"

# The table itself is created by migration 0002 (with FTS5 secure-delete on).
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    kind: str
    ref: int
    title: str
    snippet: str
    score: float


def is_index_table(name: str) -> bool:
    return name == TABLE or name.startswith(TABLE + "_")


def put(session: Session, kind: str, ref: int, title: str, body: str, *,
        new: bool = False) -> None:
    """Index one item, replacing its entry. ``new``: the item was just created, so there is
    no entry to remove; that removal scans the whole index (kind and ref are not indexed
    columns of an FTS5 table), which made each imported file cost O(case size)."""
    if not new:
        remove(session, kind, ref)
    session.execute(
        text(f"INSERT INTO {TABLE}(kind, ref, title, body) VALUES (:k, :r, :t, :b)"),
        {"k": kind, "r": ref, "t": title, "b": body},
    )


def remove(session: Session, kind: str, ref: int) -> None:
    session.execute(
        text(f"DELETE FROM {TABLE} WHERE kind = :k AND ref = :r"), {"k": kind, "r": ref}
    )


def clear(session: Session) -> None:
    session.execute(text(f"DELETE FROM {TABLE}"))


def match_expression(query: str) -> str:
    """User words -> an FTS5 expression: every word must match, each as a prefix."""
    # NFC first: in decomposed text (macOS, pasted) an accent is a separate mark that \w
    # does not match, so "acción" would split into "accio" + "n".
    words = _TOKEN.findall(unicodedata.normalize("NFC", query))
    return " ".join(f'"{w}"*' for w in words)


def search(
    session: Session, query: str, limit: int = 50, marks: tuple[str, str] = ("[", "]")
) -> list[Hit]:
    expression = match_expression(query)
    if not expression:
        return []
    # Items whose title holds every word come first, whatever the bodies of others hold
    # (bm25's column weight alone lets a short body with many hits outrank a title).
    # Ranking runs over every match, snippets only for the rows shown: SQLite evaluates the
    # select list before ORDER BY ... LIMIT, so a snippet in the ranking query would be
    # built for each of thousands of matches of a common word (p95 26 ms -> a few ms).
    rows = session.execute(
        text(
            f"WITH top AS (SELECT rowid AS id, bm25({TABLE}, 0.0, 0.0, 5.0, 1.0) AS score, "
            f"rowid IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :qt) AS in_title "
            f"FROM {TABLE} WHERE {TABLE} MATCH :q ORDER BY in_title DESC, score LIMIT :limit) "
            # Column -1: the snippet comes from whichever column matched (title or body).
            f"SELECT kind, ref, title, snippet({TABLE}, -1, :open, :close, '…', 16), "
            f"top.score FROM {TABLE} JOIN top ON {TABLE}.rowid = top.id "
            f"WHERE {TABLE} MATCH :q ORDER BY top.in_title DESC, top.score"
        ),
        {"q": expression, "qt": f"title : ({expression})", "limit": limit,
         "open": marks[0], "close": marks[1]},
    ).all()
    return [Hit(r[0], int(r[1]), r[2], r[3], float(r[4])) for r in rows]
