"""search index rows numbered by kind and id (an item's row found by rowid, not by a scan)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

The index row of an item gets rowid (kind code << 32) | id, as db/search_index.py writes
them from now on. The rows are copied into a new table under those rowids, the old table is
dropped and the new one renamed. The SQL (and the codes) are frozen here on purpose.
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CODES = ("CASE kind WHEN 'event' THEN 1 WHEN 'interview' THEN 2 WHEN 'excerpt' THEN 3 "
         "WHEN 'evidence' THEN 4 WHEN 'finding' THEN 5 WHEN 'recommendation' THEN 6 END")


def _renumber(select_rowid: str) -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index_new USING fts5("
        "kind UNINDEXED, ref UNINDEXED, title, body, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute("INSERT INTO search_index_new(search_index_new, rank) "
               "VALUES('secure-delete', 1)")
    op.execute("INSERT INTO search_index_new(rowid, kind, ref, title, body) "
               f"SELECT {select_rowid}, kind, ref, title, body FROM search_index "
               "ORDER BY 1")
    op.execute("DROP TABLE search_index")
    op.execute("ALTER TABLE search_index_new RENAME TO search_index")


def upgrade() -> None:
    _renumber(f"({CODES} << 32) | ref")


def downgrade() -> None:
    _renumber("NULL")  # rowids handed out by FTS5 again
