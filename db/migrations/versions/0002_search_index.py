"""full-text search index (FTS5) and backfill from existing rows

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

The SQL is frozen here on purpose: a migration must keep doing what it did when it was
written, whatever the models look like later.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BACKFILL = (
    "INSERT INTO search_index(kind, ref, title, body) "
    "SELECT 'event', id, title, description || ' ' || category FROM event",
    "INSERT INTO search_index(kind, ref, title, body) "
    "SELECT 'interview', id, title, notes_text || ' ' || translation_text FROM interview",
    "INSERT INTO search_index(kind, ref, title, body) "
    "SELECT 'excerpt', id, substr(text, 1, 80), text || ' ' || translation FROM excerpt",
    "INSERT INTO search_index(kind, ref, title, body) "
    "SELECT 'evidence', id, number || ' ' || title, "
    "caption || ' ' || original_name || ' ' || extracted_text FROM evidence",
    "INSERT INTO search_index(kind, ref, title, body) "
    "SELECT 'finding', id, title, statement FROM finding",
    "INSERT INTO search_index(kind, ref, title, body) "
    "SELECT 'recommendation', id, title, text FROM recommendation",
)


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, ref UNINDEXED, title, body, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute("INSERT INTO search_index(search_index, rank) VALUES('secure-delete', 1)")
    for statement in BACKFILL:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
