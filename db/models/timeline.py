"""Actors, places and events: the timeline of what happened."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base

PROTECTION_LEVELS = ("public", "pseudonymous", "withheld")
ACTOR_KINDS = ("person", "group", "organisation", "institution")
EVENT_STATUSES = ("alleged", "corroborated", "contested", "established", "refuted")
EVENT_ROLES = ("affected person", "alleged perpetrator", "witness", "intervening authority",
               "other")
PLACE_PRECISIONS = ("exact", "vicinity", "locality", "region")


class Actor(Base):
    __tablename__ = "actor"
    __table_args__ = (
        CheckConstraint(f"protection IN {PROTECTION_LEVELS}", name="protection"),
        CheckConstraint(f"kind IN {ACTOR_KINDS}", name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="person")
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of strings
    description: Mapped[str] = mapped_column(Text, default="")
    stakeholder_group: Mapped[str] = mapped_column(String(100), default="")
    contact_notes: Mapped[str] = mapped_column(Text, default="")  # private, never exported
    protection: Mapped[str] = mapped_column(String(20), default="pseudonymous")
    pseudonym: Mapped[str] = mapped_column(String(20), unique=True)  # stable: W-03


class Place(Base):
    __tablename__ = "place"
    __table_args__ = (CheckConstraint(f"precision IN {PLACE_PRECISIONS}", name="precision"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    admin_area: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(String(20), default="locality")
    sensitive: Mapped[bool] = mapped_column(default=False)


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (CheckConstraint(f"status IN {EVENT_STATUSES}", name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(100), default="", index=True)
    # The date as the reviewer wrote it (EDTF-like), and its earliest/latest bounds
    # (ISO 8601, comparable as text) for sorting and drawing.
    when: Mapped[str] = mapped_column(String(100), default="")
    when_start: Mapped[str | None] = mapped_column(String(40), index=True)
    when_end: Mapped[str | None] = mapped_column(String(40))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="alleged")
    internal_notes: Mapped[str] = mapped_column(Text, default="")

    place: Mapped[Place | None] = relationship()
    actors: Mapped[list[EventActor]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )


class EventActor(Base):
    __tablename__ = "event_actor"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(50), default="other")

    event: Mapped[Event] = relationship(back_populates="actors")
    actor: Mapped[Actor] = relationship()


class EventTag(Base):
    __tablename__ = "event_tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), index=True)
