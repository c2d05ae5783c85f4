"""Prepared photo copies kept in the case, so that an export prepares only what changed.

A copy is looked up by its recipe (``images.recipe_key``: the original's intake SHA-256,
the regions and styles, redact or outline, the size, the preparation code's version): a
copy made from anything else is stale and never used. Copies are made while an export is
built (in its read session) and kept only once the export succeeded, in the same write as
its "exported" custody entries: each with a custody entry of its own ("derived"), and one
audit entry for the whole export. A refused, failed or cancelled export keeps nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Evidence, PreparedPhoto
from workbench import audit
from workbench.services.evidence import custody


@dataclass(frozen=True)
class PreparedCopy:
    """A copy made by this export, not yet kept (see ``keep``)."""

    evidence_id: int
    original_sha256: str
    recipe: str
    redact: bool
    jpeg: bytes
    width: int
    height: int


def mode(redact: bool) -> str:
    return "redacted" if redact else "outlined"


def matching(session: Session, recipes: Mapping[int, str], redact: bool) -> dict[int, int]:
    """Evidence id -> id of its kept copy made by exactly this recipe (no data read)."""
    rows = session.execute(select(PreparedPhoto.evidence_id, PreparedPhoto.id,
                                  PreparedPhoto.recipe)
                           .where(PreparedPhoto.mode == mode(redact)))
    return {evidence_id: ident for evidence_id, ident, recipe in rows
            if recipe == recipes.get(evidence_id)}


def load(session: Session, ids: Iterable[int]) -> dict[int, tuple[bytes, int, int]]:
    """Evidence id -> (JPEG, width, height) of these kept copies."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.execute(select(PreparedPhoto.evidence_id, PreparedPhoto.data,
                                  PreparedPhoto.width, PreparedPhoto.height)
                           .where(PreparedPhoto.id.in_(wanted)))
    return {evidence_id: (bytes(data), w, h) for evidence_id, data, w, h in rows}


def keep(session: Session, copies: Sequence[PreparedCopy], reviewer: str) -> None:
    """Store the copies an export made; an item's stale copy of the same mode is replaced
    (one copy per item and mode), so old pixels do not pile up in the case."""
    present = set(session.scalars(select(Evidence.id).where(
        Evidence.id.in_([made.evidence_id for made in copies])))) if copies else set()
    for made in copies:
        if made.evidence_id not in present:
            continue  # deleted while the export ran
        stored = session.scalar(select(PreparedPhoto).where(
            PreparedPhoto.evidence_id == made.evidence_id,
            PreparedPhoto.mode == mode(made.redact)))
        if stored is not None and stored.recipe == made.recipe:
            continue  # another export kept the same copy meanwhile
        if stored is None:
            stored = PreparedPhoto(evidence_id=made.evidence_id, mode=mode(made.redact))
            session.add(stored)
        stored.original_sha256 = made.original_sha256
        stored.recipe = made.recipe
        stored.width, stored.height = made.width, made.height
        stored.made_at = audit.now_iso()
        stored.data = made.jpeg
        what = ("publication copy, regions burned in" if made.redact
                else "team copy, regions outlined")
        custody(session, made.evidence_id, reviewer, "derived",
                f"{what}: {made.width}x{made.height} JPEG without metadata, from SHA-256 "
                f"{made.original_sha256} (recipe {made.recipe[:16]})")


__all__ = ["PreparedCopy", "keep", "load", "matching", "mode"]
