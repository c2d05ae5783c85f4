"""Alembic environment: always run on the connection the case layer hands us (already keyed);
batch mode because SQLite cannot alter most constraints in place."""

from __future__ import annotations

from alembic import context

from db.models import Base
from db.search_index import is_index_table


def include_object(obj, name, type_, reflected, compare_to):
    # The FTS5 index and its shadow tables are created by SQL in the revisions, not models.
    return not (type_ == "table" and name and is_index_table(name))


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run only on an open case connection (see db.migrate)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_object=include_object,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
