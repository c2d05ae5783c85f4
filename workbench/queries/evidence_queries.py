"""Evidence for the gallery and the viewer: filtered rows, thumbnails in batches, one item
in detail, and the photo exactly as a publication export renders it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from db.models import (
    CustodyEntry,
    Event,
    Evidence,
    EvidenceBlob,
    EvidenceEvent,
    Excerpt,
    Finding,
    FindingEvidence,
    RedactionRegion,
)
from workbench.case import Case
from workbench.errors import Cancelled, InvalidInput, NotFound
from workbench.publication import images


@dataclass(frozen=True)
class EvidenceFilter:
    kind: str = ""  # '' = any
    status: str = ""
    linked: bool | None = None  # linked to an event or a finding
    date_from: str = ""  # ISO prefix compared with the capture (or acquisition) date
    date_to: str = ""
    has_gps: bool | None = None


@dataclass(frozen=True)
class EvidenceRow:
    id: int
    number: str
    kind: str
    title: str
    media_type: str
    verification_status: str
    captured_at: str
    has_gps: bool
    graphic: bool
    publishable: bool
    linked: bool
    size: int


@dataclass(frozen=True)
class RegionRow:
    id: int
    x: float
    y: float
    w: float
    h: float
    style: str


@dataclass(frozen=True)
class EvidenceDetail:
    row: EvidenceRow
    original_name: str
    sha256: str
    latitude: float | None
    longitude: float | None
    altitude: float | None
    camera: str
    width: int | None
    height: int | None
    orientation: int
    caption: str
    verification_notes: str
    acquired: str
    metadata_notes: str
    extracted_text: str
    custody: list[tuple[str, str, str, str]] = field(default_factory=list)  # at, who, what, note
    events: list[tuple[int, str, str]] = field(default_factory=list)  # id, title, stance
    findings: list[tuple[int, str, str]] = field(default_factory=list)
    regions: list[RegionRow] = field(default_factory=list)
    excerpts: list[tuple[int, int, int, str]] = field(default_factory=list)  # id, start, end


def _linked_clause() -> ColumnElement[bool]:
    return or_(exists().where(EvidenceEvent.evidence_id == Evidence.id),
               exists().where(FindingEvidence.evidence_id == Evidence.id))


def list_evidence(case: Case, flt: EvidenceFilter | None = None) -> list[EvidenceRow]:
    """Every evidence item matching ``flt``, in number order (no bytes are loaded)."""
    flt = flt or EvidenceFilter()
    linked = _linked_clause().label("linked")
    query = select(Evidence.id, Evidence.number, Evidence.kind, Evidence.title,
                   Evidence.media_type, Evidence.verification_status, Evidence.captured_at,
                   Evidence.acquired_on, Evidence.latitude, Evidence.graphic,
                   Evidence.publishable, Evidence.size, linked).order_by(Evidence.number)
    if flt.kind:
        query = query.where(Evidence.kind == flt.kind)
    if flt.status:
        query = query.where(Evidence.verification_status == flt.status)
    if flt.has_gps is not None:
        query = query.where(Evidence.latitude.is_not(None) if flt.has_gps
                            else Evidence.latitude.is_(None))
    if flt.linked is not None:
        query = query.where(_linked_clause() if flt.linked else ~_linked_clause())
    rows = []
    with case.read() as session:
        for r in session.execute(query):
            when = r.captured_at or r.acquired_on or ""
            if flt.date_from and (not when or when[:len(flt.date_from)] < flt.date_from):
                continue
            if flt.date_to and (not when or when[:len(flt.date_to)] > flt.date_to):
                continue
            rows.append(EvidenceRow(r.id, r.number, r.kind, r.title, r.media_type,
                                    r.verification_status, when, r.latitude is not None,
                                    bool(r.graphic), bool(r.publishable), bool(r.linked),
                                    r.size))
    return rows


def thumbnails(case: Case, ids: list[int]) -> dict[int, bytes]:
    """The stored thumbnails of ``ids`` (items without one are absent), in one query."""
    out: dict[int, bytes] = {}
    if not ids:
        return out
    with case.read() as session:
        for ident, data in session.execute(
                select(EvidenceBlob.evidence_id, EvidenceBlob.data)
                .where(EvidenceBlob.evidence_id.in_(ids), EvidenceBlob.role == "thumbnail")):
            out[ident] = bytes(data)
    return out


def _row(session: Session, item: Evidence) -> EvidenceRow:
    linked = bool(session.scalar(select(_linked_clause()).where(Evidence.id == item.id)))
    return EvidenceRow(item.id, item.number, item.kind, item.title, item.media_type,
                       item.verification_status, item.captured_at or item.acquired_on or "",
                       item.latitude is not None, item.graphic, item.publishable, linked,
                       item.size)


def detail(case: Case, evidence_id: int) -> EvidenceDetail:
    with case.read() as session:
        item = session.get(Evidence, evidence_id)
        if item is None:
            raise NotFound(f"no evidence item with id {evidence_id}")
        custody = [(c.at, c.reviewer, c.action, c.note) for c in session.scalars(
            select(CustodyEntry).where(CustodyEntry.evidence_id == evidence_id)
            .order_by(CustodyEntry.at, CustodyEntry.id))]
        events = [(i, t, s) for i, t, s in session.execute(
            select(Event.id, Event.title, EvidenceEvent.stance).join(
                EvidenceEvent, EvidenceEvent.event_id == Event.id)
            .where(EvidenceEvent.evidence_id == evidence_id).order_by(Event.when_start))]
        findings = [(i, t, s) for i, t, s in session.execute(
            select(Finding.id, Finding.title, FindingEvidence.stance).join(
                FindingEvidence, FindingEvidence.finding_id == Finding.id)
            .where(FindingEvidence.evidence_id == evidence_id).order_by(Finding.id))]
        regions = [RegionRow(r.id, r.x, r.y, r.w, r.h, r.style) for r in session.scalars(
            select(RedactionRegion).where(RedactionRegion.evidence_id == evidence_id)
            .order_by(RedactionRegion.id))]
        excerpts = [(x.id, x.start, x.end, x.text) for x in session.scalars(
            select(Excerpt).where(Excerpt.evidence_id == evidence_id).order_by(Excerpt.start))]
        acquired = ", ".join(p for p in (item.acquired_from, item.acquired_on,
                                         item.acquired_how) if p)
        camera = " ".join(p for p in (item.camera_make, item.camera_model) if p)
        return EvidenceDetail(
            row=_row(session, item), original_name=item.original_name, sha256=item.sha256,
            latitude=item.latitude, longitude=item.longitude, altitude=item.altitude,
            camera=camera, width=item.width, height=item.height,
            orientation=item.orientation, caption=item.caption,
            verification_notes=item.verification_notes, acquired=acquired,
            metadata_notes=item.metadata_notes, extracted_text=item.extracted_text,
            custody=custody, events=events, findings=findings, regions=regions,
            excerpts=excerpts)


def original(case: Case, evidence_id: int) -> bytes:
    with case.read() as session:
        data = session.scalar(select(EvidenceBlob.data).where(
            EvidenceBlob.evidence_id == evidence_id, EvidenceBlob.role == "original"))
    if data is None:
        raise NotFound(f"evidence item {evidence_id} has no stored original")
    return bytes(data)


def publication_preview(case: Case, evidence_id: int) -> bytes:
    """The JPEG a publication export would carry for this photo: same core function, same
    regions, same size limits, so the preview cannot differ from the published pixels."""
    data = original(case, evidence_id)
    with case.read() as session:
        regions = [images.Region(r.x, r.y, r.w, r.h, r.style) for r in session.scalars(
            select(RedactionRegion).where(RedactionRegion.evidence_id == evidence_id)
            .order_by(RedactionRegion.id))]
    try:
        jpeg, _w, _h = images.publishable_photo(data, regions)
    except images.UnreadablePhoto as exc:
        raise InvalidInput(f"this photo cannot be decoded: {exc}") from None
    return jpeg


def metadata(case: Case, evidence_id: int) -> dict[str, object]:
    with case.read() as session:
        text = session.scalar(select(Evidence.metadata_json).where(Evidence.id == evidence_id))
    value = json.loads(text or "{}")
    return value if isinstance(value, dict) else {}


def verify_hashes(case: Case, progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> tuple[int, list[str]]:
    """Re-hash every original against its intake SHA-256, one item at a time (so progress
    moves and Cancel is honoured). Returns (items checked, problems)."""
    with case.read() as session:
        items = list(session.execute(select(Evidence.id, Evidence.number, Evidence.sha256)
                                     .order_by(Evidence.number)))
    problems: list[str] = []
    for done, (ident, number, expected) in enumerate(items):
        if cancelled is not None and cancelled():
            raise Cancelled("hash verification cancelled")
        if progress is not None:
            progress(done, len(items))
        with case.read() as session:
            data = session.scalar(select(EvidenceBlob.data).where(
                EvidenceBlob.evidence_id == ident, EvidenceBlob.role == "original"))
        if data is None:
            problems.append(f"{number}: the original is missing")
        elif hashlib.sha256(bytes(data)).hexdigest() != expected:
            problems.append(f"{number}: the original does not match its intake SHA-256")
    if progress is not None:
        progress(len(items), len(items))
    return len(items), problems


def event_choices(case: Case) -> list[tuple[int, str]]:
    """Events an item can be linked to, in time order: (id, "title (when)")."""
    with case.read() as session:
        return [(i, f"{t} ({w})" if w else t) for i, t, w in session.execute(
            select(Event.id, Event.title, Event.when).order_by(Event.when_start, Event.id))]
