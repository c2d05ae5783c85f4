"""Prepared photo copies kept in the case, so that an export prepares only what changed.

A copy is looked up by its recipe (``images.recipe_key``: the original's intake SHA-256,
the regions and styles, redact or outline, the size, the preparation code's version): a
copy made from anything else is stale and never used. Copies are made while an export is
built (in its read session) and kept only once the export succeeded, in the same write as
its "exported" custody entries: each with a custody entry of its own ("derived"), and one
audit entry for the whole export. A refused, failed or cancelled export keeps nothing.
``prepare`` makes and keeps them without an export (the demo case; ahead of a first
export).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Evidence, EvidenceBlob, PreparedPhoto, RedactionRegion
from workbench import audit
from workbench.case import Case
from workbench.errors import Cancelled
from workbench.publication import images
from workbench.services.evidence import custody

PHOTO_WORKERS = min(4, os.cpu_count() or 1)
PHOTO_BATCH = 16
Prepared = tuple[bytes, int, int]  # JPEG, width, height


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


def regions_in(session: Session) -> dict[int, list[images.Region]]:
    """Evidence id -> its redaction regions, in the order they are burned."""
    regions: dict[int, list[images.Region]] = {}
    for r in session.scalars(select(RedactionRegion).order_by(RedactionRegion.id)):
        regions.setdefault(r.evidence_id, []).append(images.Region(r.x, r.y, r.w, r.h, r.style))
    return regions


def photos_in(session: Session, items: Sequence[Evidence],
              regions: Mapping[int, Sequence[images.Region]], *, redact: bool,
              cancelled: Callable[[], bool] | None = None
              ) -> Iterator[tuple[Evidence, Prepared | str, PreparedCopy | None]]:
    """Each photo as an export carries it, in the order given: (item, (JPEG, width,
    height) or why it cannot be decoded, the copy made now or None if a kept one was
    read). Items without a stored original are left out. Originals are read a batch at a
    time, so memory holds a batch of them, not the case; ``cancelled`` is asked between
    batches and a True raises Cancelled."""
    recipes = {e.id: images.recipe_key(e.sha256, regions.get(e.id, []), redact=redact)
               for e in items}
    kept = matching(session, recipes, redact)

    def encode(job: tuple[int, bytes]) -> tuple[int, Prepared | str]:
        ident, original = job
        try:
            return ident, images.publishable_photo(original, regions.get(ident, []),
                                                   redact=redact)
        except images.UnreadablePhoto as exc:
            return ident, str(exc)

    # Pillow decodes, resizes and encodes outside the GIL: a few threads share the work.
    with ThreadPoolExecutor(max_workers=PHOTO_WORKERS) as pool:
        for start in range(0, len(items), PHOTO_BATCH):
            if cancelled is not None and cancelled():
                raise Cancelled("cancelled; nothing was written")
            batch = items[start:start + PHOTO_BATCH]
            ready: dict[int, Prepared | str] = dict(
                load(session, (kept[e.id] for e in batch if e.id in kept)))
            missing = [e.id for e in batch if e.id not in ready]
            originals = {row[0]: row[1] for row in session.execute(
                select(EvidenceBlob.evidence_id, EvidenceBlob.data).where(
                    EvidenceBlob.evidence_id.in_(missing),
                    EvidenceBlob.role == "original"))} if missing else {}
            made: dict[int, Prepared | str] = dict(pool.map(
                encode, [(i, originals[i]) for i in missing if i in originals]))
            for item in batch:
                if item.id in ready:
                    yield item, ready[item.id], None
                elif item.id in made:
                    result = made[item.id]
                    copy = None if isinstance(result, str) else PreparedCopy(
                        item.id, item.sha256, recipes[item.id], redact, *result)
                    yield item, result, copy


def prepare(case: Case, *, redact: bool = True, cancelled: Callable[[], bool] | None = None
            ) -> int:
    """Make and keep now the copies an export of every photo would need (publication:
    redacted; else outlined), without exporting: one write, one audit entry. Returns how
    many were made (those already kept and current are not made again)."""
    with case.read() as session:
        photos = list(session.scalars(select(Evidence).where(Evidence.kind == "photo")
                                      .order_by(Evidence.id)))
        made = [copy for _, _, copy in photos_in(session, photos, regions_in(session),
                                                 redact=redact, cancelled=cancelled)
                if copy is not None]
    if made:
        with case.write(f"prepare {mode(redact)} copies of {len(made)} photos") as session:
            keep(session, made, case.reviewer)
    return len(made)


__all__ = ["PreparedCopy", "keep", "load", "matching", "mode", "photos_in", "prepare",
           "regions_in"]
