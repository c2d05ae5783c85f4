"""Evidence items: originals kept byte for byte with their intake hash, custody, regions."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CustodyEntry, Evidence, EvidenceBlob, EvidenceEvent, RedactionRegion
from db.models.evidence import EVIDENCE_KINDS, REDACTION_STYLES, VERIFICATION_STATUSES
from workbench import audit
from workbench.case import Case
from workbench.changes import Changes
from workbench.errors import InvalidInput
from workbench.services.common import check_choice, get, highest_retired_code


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_by_hash(session: Session, digest: str) -> int | None:
    """The id of the evidence item with this intake hash (the id alone: asked for every
    imported file, it need not load the row)."""
    return session.scalar(select(Evidence.id).where(Evidence.sha256 == digest).limit(1))


def next_number(session: Session) -> str:
    last = session.scalar(select(Evidence.number).order_by(Evidence.id.desc()).limit(1))
    n = int(last.split("-")[1]) if last else 0
    return f"E-{max(n, highest_retired_code(session, 'number', 'E')) + 1:04d}"


def custody(session: Session, evidence_id: int, reviewer: str, action: str,
            note: str = "") -> None:
    session.add(CustodyEntry(evidence_id=evidence_id, at=audit.now_iso(), reviewer=reviewer,
                             action=action, note=note))


def add_evidence_in(session: Session, reviewer: str, *, kind: str, original: bytes,
                    original_name: str, media_type: str, digest: str | None = None,
                    thumbnail: bytes | None = None, **fields: Any) -> Evidence:
    """Store an original (and optional thumbnail) with its intake hash and custody entry."""
    check_choice(kind, EVIDENCE_KINDS, "kind of evidence")
    digest = digest or sha256(original)
    item = Evidence(kind=kind, original_name=original_name, media_type=media_type,
                    size=len(original), sha256=digest, number=next_number(session), **fields)
    if not item.title:
        item.title = original_name
    session.add(item)
    session.flush()
    session.add(EvidenceBlob(evidence_id=item.id, role="original", media_type=media_type,
                             data=original))
    if thumbnail is not None:
        session.add(EvidenceBlob(evidence_id=item.id, role="thumbnail", media_type="image/jpeg",
                                 data=thumbnail))
    custody(session, item.id, reviewer, "imported", f"{original_name}, SHA-256 {digest}")
    session.flush()
    return item


def add_evidence(case: Case, **fields: Any) -> Changes:
    with case.write(f"add evidence {fields.get('original_name', '')}") as session:
        add_evidence_in(session, case.reviewer, **fields)
    return case.last_changes


def original_bytes(session: Session, evidence_id: int, role: str = "original") -> bytes | None:
    return session.scalar(select(EvidenceBlob.data).where(
        EvidenceBlob.evidence_id == evidence_id, EvidenceBlob.role == role))


def set_verification(case: Case, evidence_id: int, status: str, notes: str = "") -> Changes:
    check_choice(status, VERIFICATION_STATUSES, "verification status")
    with case.write(f"set verification to {status}") as session:
        item = get(session, Evidence, evidence_id)
        item.verification_status, item.verification_notes = status, notes
        custody(session, evidence_id, case.reviewer, "verified", f"{status}: {notes}")
    return case.last_changes


def add_redaction(case: Case, evidence_id: int, x: float, y: float, w: float, h: float,
                  style: str = "fill") -> Changes:
    check_choice(style, REDACTION_STYLES, "redaction style")
    if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 - x + 1e-9 and 0 < h <= 1 - y + 1e-9):
        raise InvalidInput("a redaction region must lie inside the image")
    with case.write("add redaction region") as session:
        get(session, Evidence, evidence_id)
        session.add(RedactionRegion(evidence_id=evidence_id, x=x, y=y, w=w, h=h, style=style))
    return case.last_changes


def link_event(case: Case, evidence_id: int, event_id: int, stance: str = "supports") -> Changes:
    with case.write("link evidence to event") as session:
        session.add(EvidenceEvent(evidence_id=evidence_id, event_id=event_id, stance=stance))
    return case.last_changes


def _check_region(x: float, y: float, w: float, h: float) -> None:
    if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 - x + 1e-9 and 0 < h <= 1 - y + 1e-9):
        raise InvalidInput("a redaction region must lie inside the image")


def move_redaction(case: Case, region_id: int, x: float, y: float, w: float, h: float,
                   style: str | None = None) -> Changes:
    """Move or resize a region (and optionally change its style); the original is untouched."""
    _check_region(x, y, w, h)
    with case.write("move redaction region") as session:
        region = get(session, RedactionRegion, region_id)
        region.x, region.y, region.w, region.h = x, y, w, h
        if style is not None:
            region.style = check_choice(style, REDACTION_STYLES, "redaction style")
    return case.last_changes


def delete_redaction(case: Case, region_id: int) -> Changes:
    with case.write("delete redaction region") as session:
        session.delete(get(session, RedactionRegion, region_id))
    return case.last_changes


def set_flags(case: Case, evidence_id: int, *, publishable: bool | None = None,
              graphic: bool | None = None, caption: str | None = None) -> Changes:
    """The reviewer's judgement on an item: may it be published, is it graphic, caption."""
    with case.write("edit evidence flags") as session:
        item = get(session, Evidence, evidence_id)
        if publishable is not None:
            item.publishable = publishable
        if graphic is not None:
            item.graphic = graphic
        if caption is not None:
            item.caption = caption
    return case.last_changes
