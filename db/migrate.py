"""Schema versions: apply Alembic revisions to an open case, tell its schema apart."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.errors import NewerSchema

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported where it is used: the window starts (and shows its unlock screen)
# without it, about 100 ms sooner; the revisions are read once per process, not per open.

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Any | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@functools.cache
def known_revisions() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


def current_revision(connection: Any) -> str | None:
    from alembic.runtime.migration import MigrationContext

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
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Any, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(connection), revision)
