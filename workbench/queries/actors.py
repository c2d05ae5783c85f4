"""People and organisations for the window: the list, and one actor's roles across events
and the interviews they gave."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Actor, Event, EventActor, Interview, Interviewee
from workbench.queries.events import when_text
from workbench.services.common import from_json_list


@dataclass(frozen=True)
class ActorRow:
    id: int
    name: str
    kind: str
    pseudonym: str
    protection: str
    aliases: list[str]
    events: int
    interviews: int


@dataclass(frozen=True)
class ActorDetail:
    row: ActorRow
    description: str
    stakeholder_group: str
    # event id, title, when (in words), role
    roles: list[tuple[int, str, str, str]] = field(default_factory=list)
    interviews: list[tuple[int, str, str]] = field(default_factory=list)  # id, title, held on

    @property
    def more_roles(self) -> int:
        """Roles not listed (over MAX_ROLES; the timeline's actor filter shows them all)."""
        return self.row.events - len(self.roles)


MAX_ROLES = 500  # an actor's events listed in the panel ("Police" may be in thousands)


def _counts(session: Session, model: type[EventActor] | type[Interviewee]) -> dict[int, int]:
    rows = session.execute(select(model.actor_id, func.count()).group_by(model.actor_id))
    return {actor_id: count for actor_id, count in rows}


def actor_rows(session: Session) -> list[ActorRow]:
    events = _counts(session, EventActor)
    interviews = _counts(session, Interviewee)
    return [ActorRow(a.id, a.name, a.kind, a.pseudonym, a.protection,
                     from_json_list(a.aliases), events.get(a.id, 0), interviews.get(a.id, 0))
            for a in session.scalars(select(Actor).order_by(Actor.name))]


def actor_detail(session: Session, actor_id: int) -> ActorDetail | None:
    actor = session.get(Actor, actor_id)
    if actor is None:
        return None
    roles = session.execute(
        select(Event.id, Event.title, Event.when, EventActor.role)
        .join(EventActor, EventActor.event_id == Event.id)
        .where(EventActor.actor_id == actor_id)
        .order_by(Event.when_start.is_(None), Event.when_start, Event.id).limit(MAX_ROLES))
    events = session.scalar(select(func.count()).select_from(EventActor)
                            .where(EventActor.actor_id == actor_id)) or 0
    given = session.execute(
        select(Interview.id, Interview.title, Interview.held_on)
        .join(Interviewee, Interviewee.interview_id == Interview.id)
        .where(Interviewee.actor_id == actor_id).order_by(Interview.id))
    role_list = [(i, t, when_text(w or "") if w else "", r) for i, t, w, r in roles]
    given_list = [(i, t, h) for i, t, h in given]
    row = ActorRow(actor.id, actor.name, actor.kind, actor.pseudonym, actor.protection,
                   from_json_list(actor.aliases), events, len(given_list))
    return ActorDetail(row, actor.description, actor.stakeholder_group, role_list, given_list)
