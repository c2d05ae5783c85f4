"""Interviews for the window: the list with a consent summary, and one interview with its
consent records, withdrawals and marked excerpts (each with the events it is linked to)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Actor,
    ConsentRecord,
    ConsentWithdrawal,
    Event,
    Excerpt,
    ExcerptEvent,
    Interview,
    Interviewee,
    Place,
)

SCOPE_FIELDS = {"notes": "notes", "internal": "internal",
                "anonymous-quotes": "anonymous_quotes", "named": "named", "photos": "photos"}


def person_label(name: str, pseudonym: str, protection: str) -> str:
    """How the window names a person: public by name, others by code (name kept beside
    for the reviewer only while pseudonymous; withheld shows the code alone)."""
    if protection == "public":
        return name
    if protection == "pseudonymous":
        return f"{pseudonym} · {name}"
    return pseudonym


@dataclass(frozen=True)
class InterviewRow:
    id: int
    title: str
    interviewees: str
    held_on: str
    language: str
    consent: str  # "notes, anonymous-quotes · 1 withdrawal"


@dataclass(frozen=True)
class Withdrawal:
    withdrawn_on: str
    scopes: list[str]
    note: str


@dataclass(frozen=True)
class Consent:
    id: int
    person: str  # who gave it ("" for everyone in the interview)
    scopes: list[str]
    given_how: str
    given_on: str
    obtained_by: str
    withdrawals: list[Withdrawal] = field(default_factory=list)

    @property
    def effective(self) -> list[str]:
        """Scopes still given after the withdrawals."""
        gone = {s for w in self.withdrawals for s in w.scopes}
        return [s for s in self.scopes if s not in gone]


@dataclass(frozen=True)
class ExcerptLink:
    link_id: int
    event_id: int
    event_title: str
    stance: str


@dataclass(frozen=True)
class ExcerptItem:
    id: int
    start: int
    end: int
    text: str
    links: list[ExcerptLink] = field(default_factory=list)


@dataclass(frozen=True)
class InterviewDetail:
    id: int
    title: str
    interviewees: str
    interviewer: str
    held_on: str
    place: str
    language: str
    interpreter: str
    mode: str
    notes_text: str
    consents: list[Consent] = field(default_factory=list)
    excerpts: list[ExcerptItem] = field(default_factory=list)


def _scopes(record: ConsentRecord) -> list[str]:
    return [scope for scope, attr in SCOPE_FIELDS.items() if getattr(record, attr)]


def _consents(session: Session, interview_ids: list[int]) -> dict[int, list[Consent]]:
    people = {i: code for i, code in session.execute(select(Actor.id, Actor.pseudonym))}
    withdrawals: dict[int, list[Withdrawal]] = {}
    for w in session.scalars(select(ConsentWithdrawal).join(ConsentRecord).where(
            ConsentRecord.interview_id.in_(interview_ids)).order_by(ConsentWithdrawal.id)):
        withdrawals.setdefault(w.consent_id, []).append(
            Withdrawal(w.withdrawn_on, [s for s in w.scopes.split(",") if s], w.note))
    out: dict[int, list[Consent]] = {}
    for r in session.scalars(select(ConsentRecord).where(
            ConsentRecord.interview_id.in_(interview_ids)).order_by(ConsentRecord.id)):
        out.setdefault(r.interview_id, []).append(Consent(
            r.id, people.get(r.actor_id, "") if r.actor_id else "", _scopes(r), r.given_how,
            r.given_on, r.obtained_by, withdrawals.get(r.id, [])))
    return out


def consent_summary(consents: list[Consent]) -> str:
    if not consents:
        return "no consent recorded"
    scopes = list(dict.fromkeys(s for c in consents for s in c.effective))
    withdrawn = sum(len(c.withdrawals) for c in consents)
    text = ", ".join(scopes) if scopes else "none given"
    if withdrawn:
        text += f" · {withdrawn} withdrawal" + ("s" if withdrawn > 1 else "")
    return text


def _interviewees(session: Session, interview_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for interview_id, name, code, protection in session.execute(
            select(Interviewee.interview_id, Actor.name, Actor.pseudonym, Actor.protection)
            .join(Actor, Actor.id == Interviewee.actor_id)
            .where(Interviewee.interview_id.in_(interview_ids)).order_by(Interviewee.id)):
        out.setdefault(interview_id, []).append(person_label(name, code, protection))
    return out


def interview_rows(session: Session) -> list[InterviewRow]:
    interviews = session.execute(select(Interview.id, Interview.title, Interview.held_on,
                                        Interview.language)
                                 .order_by(Interview.held_on_start.is_(None),
                                           Interview.held_on_start, Interview.id)).all()
    ids = [row[0] for row in interviews]
    people = _interviewees(session, ids)
    consents = _consents(session, ids)
    return [InterviewRow(i, title, ", ".join(people.get(i, [])), held_on, language,
                         consent_summary(consents.get(i, [])))
            for i, title, held_on, language in interviews]


def excerpts_of(session: Session, interview_id: int) -> list[ExcerptItem]:
    links: dict[int, list[ExcerptLink]] = {}
    for link_id, excerpt_id, event_id, title, stance in session.execute(
            select(ExcerptEvent.id, ExcerptEvent.excerpt_id, Event.id, Event.title,
                   ExcerptEvent.stance).join(Event, Event.id == ExcerptEvent.event_id)
            .join(Excerpt, Excerpt.id == ExcerptEvent.excerpt_id)
            .where(Excerpt.interview_id == interview_id).order_by(ExcerptEvent.id)):
        links.setdefault(excerpt_id, []).append(ExcerptLink(link_id, event_id, title, stance))
    return [ExcerptItem(x.id, x.start, x.end, x.text, links.get(x.id, []))
            for x in session.scalars(select(Excerpt).where(Excerpt.interview_id == interview_id)
                                     .order_by(Excerpt.start, Excerpt.id))]


def interview_detail(session: Session, interview_id: int) -> InterviewDetail | None:
    interview = session.get(Interview, interview_id)
    if interview is None:
        return None
    place = session.get(Place, interview.place_id) if interview.place_id else None
    return InterviewDetail(
        interview.id, interview.title,
        ", ".join(_interviewees(session, [interview_id]).get(interview_id, [])),
        interview.interviewer, interview.held_on, place.name if place else "",
        interview.language, interview.interpreter, interview.mode, interview.notes_text,
        _consents(session, [interview_id]).get(interview_id, []),
        excerpts_of(session, interview_id))


def interview_of_excerpt(session: Session, excerpt_id: int) -> int | None:
    return session.scalar(select(Excerpt.interview_id).where(Excerpt.id == excerpt_id))
