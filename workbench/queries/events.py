"""Events for the timeline: filtered and sorted id lists, table rows for a page of ids,
drawable spans, filter choices, and one event's detail with its sources."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from db.models import (
    Actor,
    Event,
    EventActor,
    EventTag,
    Evidence,
    EvidenceEvent,
    Excerpt,
    ExcerptEvent,
    Interview,
    Place,
    Tag,
)
from db.models.timeline import EVENT_ROLES, EVENT_STATUSES
from workbench import dates

SORT_KEYS = ("when", "title", "category", "status", "place")


@dataclass(frozen=True)
class EventFilter:
    """What the timeline shows; empty fields do not filter. Dates are date forms."""

    text: str = ""
    category: str = ""
    actor_id: int | None = None
    status: str = ""
    date_from: str = ""  # events whose latest bound is on or after this date's earliest
    date_to: str = ""  # events whose earliest bound is on or before this date's latest

    @property
    def is_empty(self) -> bool:
        return self == EventFilter()


class EventRow(NamedTuple):
    """A table row (a tuple of plain values: the garbage collector soon stops tracking it)."""

    id: int
    when: str  # the notation as written
    when_text: str  # in words
    title: str
    category: str
    status: str
    place: str
    actors: str
    sources: int


@dataclass
class Spans:
    """Dated events as the chart draws them, column by column (a few lists rather than
    100,000 objects: the garbage collector and the UI thread never walk them one by one).
    Bounds are seconds since 1970 (naive, as written); shape is "exact", "range" (partial
    date or range) or "fuzzy" (approximate or uncertain)."""

    ids: list[int] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    actors: dict[int, tuple[int, ...]] = field(default_factory=dict)  # event -> actors

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Choices:
    categories: list[str]
    actors: list[tuple[int, str]]
    places: list[tuple[int, str]]
    statuses: tuple[str, ...] = EVENT_STATUSES
    roles: tuple[str, ...] = EVENT_ROLES


@dataclass(frozen=True)
class SourceLink:
    """An excerpt or evidence item linked to an event, with its stance."""

    kind: str  # "excerpt" or "evidence"
    link_id: int  # the ExcerptEvent / EvidenceEvent row
    ref: int  # the excerpt or evidence id
    label: str  # the interview's title, or the evidence number and title
    text: str
    stance: str
    interview_id: int | None = None


@dataclass(frozen=True)
class EventDetail:
    id: int
    title: str
    description: str
    when: str
    category: str
    status: str
    place_id: int | None
    place: str
    internal_notes: str
    tags: list[str] = field(default_factory=list)
    roles: list[tuple[int, str, str]] = field(default_factory=list)  # actor id, name, role
    sources: list[SourceLink] = field(default_factory=list)

    @property
    def disagree(self) -> bool:
        """Some sources support the event and others contradict it."""
        stances = {s.stance for s in self.sources}
        return "contradicts" in stances and "supports" in stances


def _date_bound(text: str, latest: bool) -> str | None:
    try:
        earliest, last = dates.bounds(text)
    except dates.DateError:
        return None
    return last if latest else earliest


def _filtered(query: Select, flt: EventFilter) -> Select:
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        query = query.where(or_(Event.title.ilike(like), Event.description.ilike(like),
                                Event.category.ilike(like), Event.when.ilike(like)))
    if flt.category:
        query = query.where(Event.category == flt.category)
    if flt.status:
        query = query.where(Event.status == flt.status)
    if flt.actor_id is not None:
        query = query.where(Event.id.in_(
            select(EventActor.event_id).where(EventActor.actor_id == flt.actor_id)))
    if flt.date_from.strip():
        bound = _date_bound(flt.date_from, latest=False)
        if bound:
            query = query.where(Event.when_end >= bound)
    if flt.date_to.strip():
        bound = _date_bound(flt.date_to, latest=True)
        if bound:
            query = query.where(Event.when_start <= bound)
    return query


def event_ids(session: Session, flt: EventFilter = EventFilter(), sort: str = "when",
              descending: bool = False) -> list[int]:
    """The ids of the events the filter keeps, in the order asked (ties by date, id)."""
    query = _filtered(select(Event.id), flt)
    undated = Event.when_start.is_(None)
    key: Any
    if sort == "place":
        query = query.outerjoin(Place, Place.id == Event.place_id)
        key = func.coalesce(Place.name, "")
    else:
        key = {"when": Event.when_start, "title": Event.title, "category": Event.category,
               "status": Event.status}.get(sort, Event.when_start)
    if sort == "when":
        # Dated events by their earliest bound, then the undated: two queries, so the dated
        # ones come straight from the when_start index (no sort of every row).
        dated = query.where(Event.when_start.is_not(None)).order_by(
            *((Event.when_start.desc(), Event.id.desc()) if descending
              else (Event.when_start, Event.id)))
        undated_ids = query.where(undated).order_by(Event.id)
        return _streamed_ids(session, dated) + _streamed_ids(session, undated_ids)
    order = key.desc() if descending else key.asc()
    query = query.order_by(order, undated, Event.when_start, Event.id)
    return _streamed_ids(session, query)


# Rows of the 100,000-event queries are read a chunk at a time: fetched all at once they
# are 100,000 row objects alive together, and the window's garbage collector (on the UI
# thread, ui/gc_guard.py) walked them in one young collection of 40-140 ms.
_CHUNK = 2_000


def _streamed_ids(session: Session, query: Any) -> list[int]:
    return list(session.scalars(query).yield_per(_CHUNK))


def _actor_names(session: Session, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    rows = session.execute(
        select(EventActor.event_id, Actor.name).join(Actor, Actor.id == EventActor.actor_id)
        .where(EventActor.event_id.in_(ids)).order_by(EventActor.id))
    for event_id, name in rows:
        out.setdefault(event_id, []).append(name)
    return out


def _source_counts(session: Session, ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for model in (ExcerptEvent, EvidenceEvent):
        rows = session.execute(select(model.event_id, func.count()).where(
            model.event_id.in_(ids)).group_by(model.event_id))
        for event_id, n in rows:
            counts[event_id] = counts.get(event_id, 0) + n
    return counts


def when_text(when: str) -> str:
    try:
        return dates.display(when)
    except dates.DateError:
        return when


def event_rows(session: Session, ids: list[int]) -> dict[int, EventRow]:
    """Table rows for these ids (a page of the lazy model); missing ids are left out."""
    if not ids:
        return {}
    actors = _actor_names(session, ids)
    sources = _source_counts(session, ids)
    rows = session.execute(
        select(Event.id, Event.when, Event.title, Event.category, Event.status, Place.name)
        .outerjoin(Place, Place.id == Event.place_id).where(Event.id.in_(ids)))
    return {i: EventRow(i, when or "", when_text(when or ""), title, category, status,
                        place or "", ", ".join(actors.get(i, [])), sources.get(i, 0))
            for i, when, title, category, status, place in rows}


_EPOCH_DAY = dt.date(1970, 1, 1).toordinal()


@functools.lru_cache(maxsize=65_536)
def _day_seconds(day: str) -> float:
    return (dt.date.fromisoformat(day).toordinal() - _EPOCH_DAY) * 86_400.0


def seconds(iso: str) -> float:
    """'YYYY-MM-DDTHH:MM:SS' -> seconds since 1970 (naive); fast, for 100,000 bounds."""
    base = _day_seconds(iso[:10])
    if len(iso) >= 19:
        return base + int(iso[11:13]) * 3600 + int(iso[14:16]) * 60 + int(iso[17:19])
    return base


def _shape(when: str, start: str, end: str) -> str:
    if any(q in when for q in "~?%"):
        return "fuzzy"
    if "/" in when or start[:10] != end[:10]:
        return "range"
    return "exact"


def event_spans(session: Session, flt: EventFilter = EventFilter(),
                with_actors: bool = False) -> Spans:
    """Dated events the filter keeps, by start; undated events cannot be drawn."""
    query = _filtered(select(Event.id, Event.when, Event.when_start, Event.when_end,
                             Event.status, Event.category, Event.title), flt)
    query = query.where(Event.when_start.is_not(None)).order_by(Event.when_start, Event.id)
    out = Spans()
    if with_actors:
        # Tuples, not lists: the collector stops tracking a tuple of ints once it has seen
        # it, so 100,000 of them are walked once, not in every older collection after.
        current: int | None = None
        found: list[int] = []
        for event_id, actor_id in session.execute(select(
                EventActor.event_id, EventActor.actor_id).order_by(
                EventActor.event_id, EventActor.id)).yield_per(_CHUNK):
            if event_id != current:
                if current is not None:
                    out.actors[current] = tuple(found)
                current, found = event_id, []
            found.append(actor_id)
        if current is not None:
            out.actors[current] = tuple(found)
    for i, when, start, end, status, category, title in session.execute(query).yield_per(
            _CHUNK):
        end = end or start
        out.ids.append(i)
        out.starts.append(seconds(start))
        out.ends.append(seconds(end))
        out.shapes.append(_shape(when or "", start, end))
        out.statuses.append(status)
        out.categories.append(category)
        out.titles.append(title)
    return out


def choices(session: Session) -> Choices:
    categories = session.scalars(select(Event.category).distinct()
                                 .where(Event.category != "").order_by(Event.category))
    actors = session.execute(select(Actor.id, Actor.name).order_by(Actor.name))
    places = session.execute(select(Place.id, Place.name).order_by(Place.name))
    return Choices(list(categories), [(i, n) for i, n in actors], [(i, n) for i, n in places])


def _sources(session: Session, event_id: int) -> list[SourceLink]:
    out = [SourceLink("excerpt", link_id, excerpt_id, title or "", text, stance, interview_id)
           for link_id, excerpt_id, stance, text, interview_id, title in session.execute(
               select(ExcerptEvent.id, Excerpt.id, ExcerptEvent.stance, Excerpt.text,
                      Excerpt.interview_id, Interview.title)
               .join(Excerpt, Excerpt.id == ExcerptEvent.excerpt_id)
               .outerjoin(Interview, Interview.id == Excerpt.interview_id)
               .where(ExcerptEvent.event_id == event_id).order_by(ExcerptEvent.id))]
    out += [SourceLink("evidence", link_id, ev_id, f"{number} {title}".strip(),
                       caption or "", stance)
            for link_id, ev_id, stance, number, title, caption in session.execute(
                select(EvidenceEvent.id, Evidence.id, EvidenceEvent.stance, Evidence.number,
                       Evidence.title, Evidence.caption)
                .join(Evidence, Evidence.id == EvidenceEvent.evidence_id)
                .where(EvidenceEvent.event_id == event_id).order_by(EvidenceEvent.id))]
    return out


def event_detail(session: Session, event_id: int) -> EventDetail | None:
    event = session.get(Event, event_id)
    if event is None:
        return None
    tags = session.scalars(select(Tag.name).join(EventTag, EventTag.tag_id == Tag.id)
                           .where(EventTag.event_id == event_id).order_by(EventTag.id))
    roles = session.execute(
        select(Actor.id, Actor.name, EventActor.role).join(Actor, Actor.id == EventActor.actor_id)
        .where(EventActor.event_id == event_id).order_by(EventActor.id))
    return EventDetail(
        event.id, event.title, event.description, event.when, event.category, event.status,
        event.place_id, event.place.name if event.place else "", event.internal_notes,
        list(tags), [(i, n, r) for i, n, r in roles], _sources(session, event_id))


def find_events(session: Session, text: str, limit: int = 50) -> list[tuple[int, str, str]]:
    """Events whose title, description, category or date holds ``text``: (id, title, when
    in words), by date; for choosing an event to link to."""
    query = _filtered(select(Event.id, Event.title, Event.when), EventFilter(text=text))
    query = query.order_by(Event.when_start.is_(None), Event.when_start, Event.id).limit(limit)
    return [(i, title, when_text(when or "")) for i, title, when in session.execute(query)]


def count_events(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Event)) or 0


__all__ = ["SORT_KEYS", "Choices", "EventDetail", "EventFilter", "EventRow", "SourceLink",
           "Spans", "choices", "count_events", "event_detail", "event_ids",
           "event_rows", "event_spans", "find_events", "when_text"]
