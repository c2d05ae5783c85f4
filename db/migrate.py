"""Schema versions: apply Alembic revisions to an open case, tell its schema apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from db.errors import NewerSchema

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Any | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(connection: Any) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def needs_upgrade(connection: Any, label: str) -> bool:
    """True if the case is older than this release; raises if it is newer."""
    current = current_revision(connection)
    if current is not None and current not in known_revisions():
        raise NewerSchema(
            f"{label}: written by a newer version of the workbench (schema {current}); "
            "update the workbench to open it"
        )
    return current != head_revision()


def upgrade(connection: Any, revision: str = "head") -> None:
    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Any, revision: str) -> None:
    command.downgrade(alembic_config(connection), revision)
