"""What a write changed, so each view can decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """Rows created, updated and deleted by one write, as (table, id) pairs."""

    action: str = ""
    audit_seq: int | None = None
    created: frozenset[tuple[str, int]] = field(default_factory=frozenset)
    updated: frozenset[tuple[str, int]] = field(default_factory=frozenset)
    deleted: frozenset[tuple[str, int]] = field(default_factory=frozenset)

    def tables(self) -> set[str]:
        return {t for t, _ in self.created | self.updated | self.deleted}

    def touches(self, *tables: str) -> bool:
        return bool(self.tables() & set(tables))

    def created_ids(self, table: str) -> list[int]:
        return sorted(i for t, i in self.created if t == table)

    def first_created(self, table: str) -> int:
        ids = self.created_ids(table)
        if not ids:
            raise LookupError(f"this write created no {table}")
        return ids[0]

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.deleted)
