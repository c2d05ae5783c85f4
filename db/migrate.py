"""Schema versions: apply Alembic revisions to an open case, tell its schema apart."""

from __future__ import annotations

import ast
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.errors import NewerSchema

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only to change a schema: the window starts (and shows its unlock
# screen) without it, and opening a current case reads the revisions itself.

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Any | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def _revision_graph() -> dict[str, str | None]:
    """Each revision of ``migrations/versions`` and the one it revises, read from the files'
    ``revision = ...`` and ``down_revision = ...`` lines (ast, not Alembic: opening a case
    must not import Alembic and execute every migration module; about 100 ms).
    tests/db/test_migrations.py checks this graph against Alembic's own."""
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        values: dict[str, Any] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                    and isinstance(node.targets[0], ast.Name) \
                    and node.targets[0].id in ("revision", "down_revision"):
                values[node.targets[0].id] = ast.literal_eval(node.value)
        if "revision" in values:
            graph[values["revision"]] = values.get("down_revision")
    return graph


def known_revisions() -> frozenset[str]:
    return frozenset(_revision_graph())


def head_revision() -> str:
    """The one revision no other revises (the history is linear)."""
    graph = _revision_graph()
    heads = set(graph) - set(graph.values())
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def current_revision(connection: Any) -> str | None:
    """The case's schema revision, as Alembic records it (None: no schema yet)."""
    has_table = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if has_table is None:
        return None
    rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    if len(rows) > 1:
        raise RuntimeError(f"the case records {len(rows)} schema versions")
    return str(rows[0][0]) if rows else None


def needs_upgrade(current: str | None, label: str) -> bool:
    """True if a case at revision ``current`` (``current_revision``) is older than this
    release; raises if it is newer."""
    if current is not None and current not in known_revisions():
        raise NewerSchema(
            f"{label}: written by a newer version of the workbench (schema {current}); "
            "update the workbench to open it"
        )
    return current != head_revision()


def upgrade(connection: Any, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Any, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(connection), revision)
