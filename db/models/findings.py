"""Allegations and responses, findings, recommendations (the action plan), grievances."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base

ASSESSMENTS = ("established", "reasonable grounds to believe", "not substantiated",
               "inconclusive")
RECOMMENDATION_STATUSES = ("proposed", "accepted", "in progress", "implemented", "rejected")
PRIORITIES = ("high", "medium", "low")


class Allegation(Base):
    __tablename__ = "allegation"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text, default="")
    party_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="SET NULL")
    )
    put_on: Mapped[str] = mapped_column(String(40), default="")
    response_due: Mapped[str] = mapped_column(String(40), default="")


class Response(Base):
    __tablename__ = "response"
    id: Mapped[int] = mapped_column(primary_key=True)
    allegation_id: Mapped[int] = mapped_column(
        ForeignKey("allegation.id", ondelete="CASCADE"), index=True
    )
    received_on: Mapped[str] = mapped_column(String(40), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    letter_evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )


class Finding(Base):
    __tablename__ = "finding"
    __table_args__ = (CheckConstraint(f"assessment IN {ASSESSMENTS}", name="assessment"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    statement: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(String(40), default="inconclusive")
    internal_notes: Mapped[str] = mapped_column(Text, default="")


class FindingEvent(Base):
    __tablename__ = "finding_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)


class FindingExcerpt(Base):
    __tablename__ = "finding_excerpt"
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), index=True
    )
    excerpt_id: Mapped[int] = mapped_column(
        ForeignKey("excerpt.id", ondelete="CASCADE"), index=True
    )
    stance: Mapped[str] = mapped_column(String(20), default="supports")


class FindingEvidence(Base):
    __tablename__ = "finding_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), index=True
    )
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    stance: Mapped[str] = mapped_column(String(20), default="supports")


class FindingStandard(Base):
    __tablename__ = "finding_standard"
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), index=True
    )
    standard_id: Mapped[int] = mapped_column(
        ForeignKey("standard.id", ondelete="CASCADE"), index=True
    )


class Recommendation(Base):
    __tablename__ = "recommendation"
    __table_args__ = (
        CheckConstraint(f"status IN {RECOMMENDATION_STATUSES}", name="status"),
        CheckConstraint(f"priority IN {PRIORITIES}", name="priority"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text, default="")
    addressee_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="SET NULL")
    )
    priority: Mapped[str] = mapped_column(String(10), default="medium")
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    due_on: Mapped[str] = mapped_column(String(40), default="")


class RecommendationFinding(Base):
    __tablename__ = "recommendation_finding"
    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), index=True
    )


class StatusChange(Base):
    """History of a recommendation's status: the action plan followed over time."""

    __tablename__ = "status_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    changed_on: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")


class ProgressNote(Base):
    __tablename__ = "progress_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    noted_on: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)


class Grievance(Base):
    __tablename__ = "grievance"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(100), default="")
    received_on: Mapped[str] = mapped_column(String(40), default="")
    channel: Mapped[str] = mapped_column(String(100), default="")
    language: Mapped[str] = mapped_column(String(60), default="")
    category: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(40), default="open")
    outcome: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    complainant_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="SET NULL")
    )


class GrievanceEvent(Base):
    __tablename__ = "grievance_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(
        ForeignKey("grievance.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
