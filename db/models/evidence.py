"""Evidence items: originals kept byte for byte, derived copies, metadata, custody."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base

EVIDENCE_KINDS = ("photo", "document", "audio", "video", "link", "other")
VERIFICATION_STATUSES = ("unverified", "verified", "disputed", "unverifiable")
BLOB_ROLES = ("original", "thumbnail")
REDACTION_STYLES = ("fill", "blur")
PREPARED_MODES = ("redacted", "outlined")  # publication; the team's (confidential) report


class Evidence(Base):
    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint(f"kind IN {EVIDENCE_KINDS}", name="kind"),
        CheckConstraint(f"verification_status IN {VERIFICATION_STATUSES}", name="verification"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # stable: E-0012
    kind: Mapped[str] = mapped_column(String(20), default="document")
    title: Mapped[str] = mapped_column(String(500), default="")
    original_name: Mapped[str] = mapped_column(String(500), default="")
    media_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="", index=True)
    acquired_from: Mapped[str] = mapped_column(String(300), default="")
    acquired_on: Mapped[str] = mapped_column(String(40), default="")
    acquired_how: Mapped[str] = mapped_column(String(300), default="")
    # Extracted metadata. Absent values stay NULL; metadata_notes says why.
    captured_at: Mapped[str | None] = mapped_column(String(40))  # ISO, with offset if known
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    altitude: Mapped[float | None] = mapped_column(Float)
    camera_make: Mapped[str] = mapped_column(String(200), default="")
    camera_model: Mapped[str] = mapped_column(String(200), default="")
    orientation: Mapped[int] = mapped_column(Integer, default=1)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    metadata_json: Mapped[str] = mapped_column(Text, default="{}")
    metadata_notes: Mapped[str] = mapped_column(Text, default="")
    extracted_text: Mapped[str] = mapped_column(Text, default="")
    caption: Mapped[str] = mapped_column(Text, default="")
    verification_status: Mapped[str] = mapped_column(String(20), default="unverified")
    verification_notes: Mapped[str] = mapped_column(Text, default="")
    publishable: Mapped[bool] = mapped_column(default=False)
    graphic: Mapped[bool] = mapped_column(default=False)
    internal_notes: Mapped[str] = mapped_column(Text, default="")
    derived_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )


class EvidenceBlob(Base):
    """Bytes kept apart from the evidence row, so listing evidence never loads them."""

    __tablename__ = "evidence_blob"
    __table_args__ = (CheckConstraint(f"role IN {BLOB_ROLES}", name="role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default="original")
    media_type: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)


class PreparedPhoto(Base):
    """A photo as an export carries it (downscaled, regions burned in or outlined, a fresh
    JPEG without metadata), derived from its original and kept so that the next export
    reuses it instead of preparing it again.

    ``recipe`` is the SHA-256 of everything that determines the pixels (the original's
    intake hash, the regions and styles, the mode, the size, the preparation code's
    version: ``workbench.publication.images.recipe_key``); a copy whose recipe no longer
    matches is stale, never used, and replaced by the next export. One copy per item and
    mode. Not carried by the case document (JSON, archive): it is made again on demand.
    """

    __tablename__ = "prepared_photo"
    __table_args__ = (
        CheckConstraint(f"mode IN {PREPARED_MODES}", name="mode"),
        UniqueConstraint("evidence_id", "mode"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(20))
    original_sha256: Mapped[str] = mapped_column(String(64))  # the original it came from
    recipe: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    made_at: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)  # JPEG


class RedactionRegion(Base):
    """A rectangle over a photo, in fractions of its (oriented) width and height."""

    __tablename__ = "redaction_region"
    __table_args__ = (CheckConstraint(f"style IN {REDACTION_STYLES}", name="style"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    w: Mapped[float] = mapped_column(Float)
    h: Mapped[float] = mapped_column(Float)
    style: Mapped[str] = mapped_column(String(10), default="fill")


class CustodyEntry(Base):
    __tablename__ = "custody_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[str] = mapped_column(String(40))
    reviewer: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))  # imported, verified, exported, derived
    note: Mapped[str] = mapped_column(Text, default="")


class EvidenceEvent(Base):
    __tablename__ = "evidence_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    stance: Mapped[str] = mapped_column(String(20), default="supports")
