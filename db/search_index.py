"""Full-text search inside the encrypted file (SQLite FTS5), behind a small interface.

Everything FTS5-specific lives here, so a server database can replace it later. The
tokenizer folds case and removes diacritics, so ``accion`` finds ``acción`` and ``quispe``
finds ``Quispe``; the last word is matched as a prefix, so ``espin`` finds ``Espinar``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from db import snippets

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


# Each item's index row has a rowid made from its kind and id, so replacing or dropping it
# is a lookup by rowid. (With rowids handed out by FTS5, finding an item's row meant
# ``WHERE kind = ? AND ref = ?`` over unindexed columns: a scan of every indexed text, about
# 190 ms per edited item on the benchmark's large case.) Migration 0003 renumbered the rows.
KIND_CODES = {"event": 1, "interview": 2, "excerpt": 3, "evidence": 4, "finding": 5,
              "recommendation": 6}
_REF_BITS = 32


def rowid(kind: str, ref: int) -> int:
    """The index row of an item: its kind's code in the high bits, its id in the low."""
    if not 0 < ref < 1 << _REF_BITS:
        raise ValueError(f"{kind} id {ref} cannot be indexed")
    return KIND_CODES[kind] << _REF_BITS | ref


def put(session: Session, kind: str, ref: int, title: str, body: str) -> None:
    """Index one item, replacing its entry."""
    remove(session, kind, ref)
    add(session, kind, ref, title, body)


def add(session: Session, kind: str, ref: int, title: str, body: str) -> None:
    """Index an item that has no entry yet (one just created: its deleted predecessor's
    entry, if its id is reused, went with the deletion)."""
    session.execute(
        text(f"INSERT INTO {TABLE}(rowid, kind, ref, title, body) VALUES (:id, :k, :r, :t, :b)"),
        {"id": rowid(kind, ref), "k": kind, "r": ref, "t": title, "b": body},
    )


def remove(session: Session, kind: str, ref: int) -> None:
    session.execute(text(f"DELETE FROM {TABLE} WHERE rowid = :id"), {"id": rowid(kind, ref)})


def put_new(session: Session, rows: list[dict[str, Any]]) -> None:
    """Index many new items at once (bulk inserts): dicts with kind, ref, title, body."""
    session.execute(
        text(f"INSERT INTO {TABLE}(rowid, kind, ref, title, body) "
             "VALUES (:id, :kind, :ref, :title, :body)"),
        [{**row, "id": rowid(row["kind"], row["ref"])} for row in rows])


def clear(session: Session) -> None:
    session.execute(text(f"DELETE FROM {TABLE}"))


def match_expression(query: str) -> str:
    """User words -> an FTS5 expression: every word must match; the last one as a prefix
    (the word being typed: "espin" finds Espinar), unless the query ends with a space.

    Only the last: FTS5 answers a prefix by merging the position lists of every term that
    starts with it into a copy, for each time the expression is evaluated; a complete word
    reads its own list (on the benchmark case, p95 43 -> 27 ms for the ranking alone)."""
    words, typing = query_words(query)
    if not words:
        return ""
    star = "*" if typing else ""
    return " ".join([*(f'"{w}"' for w in words[:-1]), f'"{words[-1]}"{star}'])


def query_words(query: str) -> tuple[list[str], bool]:
    """The query's words, and whether the last one is still being typed (no space after)."""
    # NFC first: in decomposed text (macOS, pasted) an accent is a separate mark that \w
    # does not match, so "acción" would split into "accio" + "n".
    return _TOKEN.findall(unicodedata.normalize("NFC", query)), not query[-1:].isspace()


def rank(session: Session, query: str, limit: int = 50) -> list[tuple[int, float]]:
    """(rowid, score) of the best matches: items whose title holds every word first,
    whatever the bodies of others hold (bm25's column weight alone lets a short body with
    many hits outrank a title), then the rest by relevance.

    Two plain ranked queries, no subquery, no content column: SQLite evaluates the select
    list before ORDER BY ... LIMIT, so a column there would be read for each of thousands
    of matches. They run on a connection of their own (``Case.read_index``)."""
    expression = match_expression(query)
    if not expression:
        return []
    ranked = text(f"SELECT rowid, bm25({TABLE}, 0.0, 0.0, 5.0, 1.0) AS score FROM {TABLE} "
                  f"WHERE {TABLE} MATCH :q ORDER BY score LIMIT :limit")
    titled = [(int(r[0]), float(r[1])) for r in session.execute(
        ranked, {"q": f"title : ({expression})", "limit": limit})]
    seen = {rowid_ for rowid_, _ in titled}
    rest = [(int(r[0]), float(r[1])) for r in session.execute(
        ranked, {"q": expression, "limit": limit + len(titled)}) if r[0] not in seen]
    return (titled + rest)[:limit]


def hits(session: Session, query: str, ranked: list[tuple[int, float]],
         marks: tuple[str, str] = ("[", "]")) -> list[Hit]:
    """The ranked rows read by rowid, each with its snippet (db/snippets.py)."""
    if not ranked:
        return []
    # FTS5 seeks each rowid of the list (a full-table query with rowid = ?, repeated).
    rows = {r[0]: r for r in session.execute(
        text(f"SELECT rowid, kind, ref, title, body FROM {TABLE} "
             f"WHERE rowid IN ({', '.join(str(rowid_) for rowid_, _ in ranked)})"))}
    found = snippets.pattern(*query_words(query))
    return [Hit(row[1], int(row[2]), row[3],
                snippets.snippet([row[4], row[3]], found, marks), score)
            for rowid_, score in ranked if (row := rows.get(rowid_)) is not None]
