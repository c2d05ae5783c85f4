"""Interviews, who gave them, their consent records, and excerpts linked to events."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base

INTERVIEW_MODES = ("in person", "phone", "video", "written", "other")
STANCES = ("supports", "contradicts", "context")
CONSENT_SCOPES = ("notes", "internal", "anonymous-quotes", "named", "photos")


class Interview(Base):
    __tablename__ = "interview"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    interviewer: Mapped[str] = mapped_column(String(300), default="")
    held_on: Mapped[str] = mapped_column(String(100), default="")  # a date form
    held_on_start: Mapped[str | None] = mapped_column(String(40), index=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(60), default="")
    interpreter: Mapped[str] = mapped_column(String(300), default="")
    mode: Mapped[str] = mapped_column(String(20), default="in person")
    notes_text: Mapped[str] = mapped_column(Text, default="")
    translation_text: Mapped[str] = mapped_column(Text, default="")
    extra_metadata: Mapped[str] = mapped_column(Text, default="{}")  # JSON: unknown header keys
    internal_notes: Mapped[str] = mapped_column(Text, default="")
    # The imported original file, kept as an evidence item.
    source_evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )

    interviewees: Mapped[list[Interviewee]] = relationship(
        back_populates="interview", cascade="all, delete-orphan"
    )
    consents: Mapped[list[ConsentRecord]] = relationship(
        back_populates="interview", cascade="all, delete-orphan"
    )


class Interviewee(Base):
    __tablename__ = "interviewee"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)

    interview: Mapped[Interview] = relationship(back_populates="interviewees")


class ConsentRecord(Base):
    """What one interviewee (or everyone in the interview, if actor_id is null) agreed to."""

    __tablename__ = "consent_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"))
    notes: Mapped[bool] = mapped_column(default=False)
    internal: Mapped[bool] = mapped_column(default=False)
    anonymous_quotes: Mapped[bool] = mapped_column(default=False)
    named: Mapped[bool] = mapped_column(default=False)
    photos: Mapped[bool] = mapped_column(default=False)
    given_how: Mapped[str] = mapped_column(String(100), default="")  # oral, written, recorded
    given_on: Mapped[str] = mapped_column(String(40), default="")
    obtained_by: Mapped[str] = mapped_column(String(300), default="")

    interview: Mapped[Interview] = relationship(back_populates="consents")
    withdrawals: Mapped[list[ConsentWithdrawal]] = relationship(
        back_populates="consent", cascade="all, delete-orphan"
    )


class ConsentWithdrawal(Base):
    __tablename__ = "consent_withdrawal"
    id: Mapped[int] = mapped_column(primary_key=True)
    consent_id: Mapped[int] = mapped_column(
        ForeignKey("consent_record.id", ondelete="CASCADE"), index=True
    )
    withdrawn_on: Mapped[str] = mapped_column(String(40))
    scopes: Mapped[str] = mapped_column(String(200))  # comma list of CONSENT_SCOPES
    note: Mapped[str] = mapped_column(Text, default="")

    consent: Mapped[ConsentRecord] = relationship(back_populates="withdrawals")


class Excerpt(Base):
    """A span of an interview's (or a document's) text, kept as it was marked."""

    __tablename__ = "excerpt"
    __table_args__ = (
        CheckConstraint(
            "(interview_id IS NOT NULL) <> (evidence_id IS NOT NULL)", name="one_source"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), index=True
    )
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer, default=0)
    end: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    translation: Mapped[str] = mapped_column(Text, default="")


class ExcerptEvent(Base):
    __tablename__ = "excerpt_event"
    __table_args__ = (CheckConstraint(f"stance IN {STANCES}", name="stance"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    excerpt_id: Mapped[int] = mapped_column(
        ForeignKey("excerpt.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    stance: Mapped[str] = mapped_column(String(20), default="supports")
