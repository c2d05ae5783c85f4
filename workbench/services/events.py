"""Events on the timeline: dates at their precision, actors with roles, tags, status."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Event, EventActor, EventTag, ExcerptEvent, Tag
from db.models.interviews import STANCES
from db.models.timeline import EVENT_ROLES, EVENT_STATUSES
from workbench import dates
from workbench.case import Case
from workbench.changes import Changes
from workbench.errors import InvalidInput
from workbench.services.common import check_choice, get, set_fields


@dataclass(frozen=True)
class Role:
    actor_id: int
    role: str = "other"


def _set_when(event: Event, when: str) -> None:
    try:
        earliest, latest = dates.bounds(when)
    except dates.DateError as exc:
        raise InvalidInput(str(exc)) from None
    event.when = dates.parse(when).notation if when.strip() else ""
    event.when_start = earliest or latest
    event.when_end = latest or earliest


def _set_tags(session: Session, event: Event, tags: list[str]) -> None:
    for link in session.scalars(select(EventTag).where(EventTag.event_id == event.id)):
        session.delete(link)
    for name in dict.fromkeys(t.strip() for t in tags if t.strip()):
        tag = session.scalar(select(Tag).where(Tag.name == name))
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
            session.flush()
        session.add(EventTag(event_id=event.id, tag_id=tag.id))


def add_event_in(session: Session, title: str, *, when: str = "", description: str = "",
                 category: str = "", status: str = "alleged", place_id: int | None = None,
                 roles: list[Role] | None = None, tags: list[str] | None = None,
                 internal_notes: str = "") -> Event:
    if not title.strip():
        raise InvalidInput("an event needs a title")
    check_choice(status, EVENT_STATUSES, "event status")
    event = Event(title=title.strip(), description=description, category=category,
                  status=status, place_id=place_id, internal_notes=internal_notes)
    _set_when(event, when)
    session.add(event)
    session.flush()
    for role in roles or []:
        check_choice(role.role, EVENT_ROLES, "role in an event")
        session.add(EventActor(event_id=event.id, actor_id=role.actor_id, role=role.role))
    _set_tags(session, event, tags or [])
    return event


def add_event(case: Case, title: str, **fields: object) -> Changes:
    with case.write("add event") as session:
        add_event_in(session, title, **fields)  # type: ignore[arg-type]
    return case.last_changes


def edit_event(case: Case, event_id: int, *, when: str | None = None,
               status: str | None = None, roles: list[Role] | None = None,
               tags: list[str] | None = None, **fields: object) -> Changes:
    with case.write("edit event") as session:
        event = get(session, Event, event_id)
        if when is not None:
            _set_when(event, when)
        if status is not None:
            event.status = check_choice(status, EVENT_STATUSES, "event status")
        set_fields(event, fields)
        if roles is not None:
            for link in list(event.actors):
                session.delete(link)
            session.flush()
            for role in roles:
                check_choice(role.role, EVENT_ROLES, "role in an event")
                session.add(EventActor(event_id=event.id, actor_id=role.actor_id,
                                       role=role.role))
        if tags is not None:
            _set_tags(session, event, tags)
    return case.last_changes


def link_excerpt(case: Case, excerpt_id: int, event_id: int, stance: str = "supports") -> Changes:
    check_choice(stance, STANCES, "stance")
    with case.write(f"link excerpt to event ({stance})") as session:
        session.add(ExcerptEvent(excerpt_id=excerpt_id, event_id=event_id, stance=stance))
    return case.last_changes


def timeline(session: Session) -> list[Event]:
    """Events by earliest bound; events with an unknown date come last."""
    return list(session.scalars(
        select(Event).order_by(Event.when_start.is_(None), Event.when_start, Event.id)
    ))


def restore_event(case: Case, title: str, *, excerpt_links: list[tuple[int, str]],
                  evidence_links: list[tuple[int, str]], **fields: object) -> Changes:
    """Re-create a deleted event with its sources in one write (undo of a delete)."""
    from db.models import EvidenceEvent

    with case.write("restore deleted event") as session:
        event = add_event_in(session, title, **fields)  # type: ignore[arg-type]
        for excerpt_id, stance in excerpt_links:
            session.add(ExcerptEvent(excerpt_id=excerpt_id, event_id=event.id, stance=stance))
        for evidence_id, stance in evidence_links:
            session.add(EvidenceEvent(evidence_id=evidence_id, event_id=event.id,
                                      stance=stance))
    return case.last_changes


def delete_event(case: Case, event_id: int) -> Changes:
    """Delete an event; its actor, tag and source links go with it (recorded in the audit)."""
    with case.write("delete event") as session:
        session.delete(get(session, Event, event_id))
    return case.last_changes
