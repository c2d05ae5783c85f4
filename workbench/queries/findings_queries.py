"""Allegations with their responses, findings with their basis, the lists a finding's basis
is picked from, and the corroboration matrix: which sources support, contradict or add
context to a finding or an event."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Actor,
    Allegation,
    Event,
    Evidence,
    EvidenceEvent,
    Excerpt,
    ExcerptEvent,
    Finding,
    FindingEvent,
    FindingEvidence,
    FindingExcerpt,
    FindingStandard,
    Interview,
    Response,
    Standard,
)
from workbench.case import Case
from workbench.errors import InvalidInput

STANCE_ORDER = ("supports", "contradicts", "context")


@dataclass(frozen=True)
class ResponseRow:
    id: int
    received_on: str
    summary: str
    letter_id: int | None
    letter_label: str
    letter_excerpts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AllegationRow:
    id: int
    title: str
    text: str
    party: str
    put_on: str
    response_due: str
    responses: list[ResponseRow] = field(default_factory=list)


@dataclass(frozen=True)
class Choice:
    """One pickable item: its id and how a list shows it."""

    id: int
    label: str
    detail: str = ""


@dataclass(frozen=True)
class FindingDetail:
    id: int
    title: str
    statement: str
    assessment: str
    events: list[Choice]
    excerpts: list[Choice]
    evidence: list[Choice]
    standards: list[str]


@dataclass(frozen=True)
class MatrixRow:
    source: str  # "Interview 3: …" or "E-0004 Photo …"
    kind: str  # excerpt | evidence
    cells: list[str]  # a stance per column, '' where the source says nothing


@dataclass(frozen=True)
class Matrix:
    columns: list[str]
    rows: list[MatrixRow]

    def stance_of(self, source_prefix: str, column: int = 0) -> str:
        for row in self.rows:
            if row.source.startswith(source_prefix):
                return row.cells[column]
        return ""


def allegations(case: Case) -> list[AllegationRow]:
    with case.read() as session:
        parties = dict([(i, n) for i, n in session.execute(select(Actor.id, Actor.name))])
        out = []
        for a in session.scalars(select(Allegation).order_by(Allegation.put_on, Allegation.id)):
            responses = []
            for r in session.scalars(select(Response).where(Response.allegation_id == a.id)
                                     .order_by(Response.received_on)):
                label, quotes = "", []
                if r.letter_evidence_id is not None:
                    letter = session.get(Evidence, r.letter_evidence_id)
                    label = f"{letter.number} {letter.title}" if letter else ""
                    quotes = list(session.scalars(select(Excerpt.text).where(
                        Excerpt.evidence_id == r.letter_evidence_id).order_by(Excerpt.start)))
                responses.append(ResponseRow(r.id, r.received_on, r.summary,
                                             r.letter_evidence_id, label, quotes))
            out.append(AllegationRow(a.id, a.title, a.text,
                                     parties.get(a.party_actor_id or 0, ""), a.put_on,
                                     a.response_due, responses))
        return out


def _excerpt_label(session: Session, excerpt: Excerpt) -> str:
    if excerpt.interview_id is not None:
        title = session.scalar(select(Interview.title)
                               .where(Interview.id == excerpt.interview_id)) or ""
    else:
        title = session.scalar(select(Evidence.number).where(
            Evidence.id == excerpt.evidence_id)) or ""
    text = " ".join(excerpt.text.split())
    return f"{title}: “{text[:90]}{'…' if len(text) > 90 else ''}”"


def choices(case: Case) -> dict[str, list[Choice]]:
    """What a finding's basis can be picked from: events, excerpts, evidence, standards."""
    with case.read() as session:
        events = [Choice(e.id, e.title, e.when) for e in
                  session.scalars(select(Event).order_by(Event.when_start, Event.id))]
        excerpts = [Choice(x.id, _excerpt_label(session, x)) for x in
                    session.scalars(select(Excerpt).order_by(Excerpt.id))]
        evidence = [Choice(v.id, f"{v.number} {v.title}", v.kind) for v in
                    session.scalars(select(Evidence).order_by(Evidence.number))]
        standards = [Choice(s.id, s.code, s.title) for s in
                     session.scalars(select(Standard).order_by(Standard.framework,
                                                               Standard.id))]
    return {"events": events, "excerpts": excerpts, "evidence": evidence,
            "standards": standards}


def findings(case: Case) -> list[FindingDetail]:
    with case.read() as session:
        out = []
        for f in session.scalars(select(Finding).order_by(Finding.id)):
            events = [Choice(i, t, w) for i, t, w in session.execute(
                select(Event.id, Event.title, Event.when).join(
                    FindingEvent, FindingEvent.event_id == Event.id)
                .where(FindingEvent.finding_id == f.id).order_by(Event.when_start))]
            excerpts = [Choice(x.id, _excerpt_label(session, x)) for x in session.scalars(
                select(Excerpt).join(FindingExcerpt, FindingExcerpt.excerpt_id == Excerpt.id)
                .where(FindingExcerpt.finding_id == f.id).order_by(Excerpt.id))]
            evidence = [Choice(i, f"{n} {t}") for i, n, t in session.execute(
                select(Evidence.id, Evidence.number, Evidence.title).join(
                    FindingEvidence, FindingEvidence.evidence_id == Evidence.id)
                .where(FindingEvidence.finding_id == f.id).order_by(Evidence.number))]
            standards = list(session.scalars(
                select(Standard.code).join(FindingStandard,
                                           FindingStandard.standard_id == Standard.id)
                .where(FindingStandard.finding_id == f.id).order_by(Standard.id)))
            out.append(FindingDetail(f.id, f.title, f.statement, f.assessment, events,
                                     excerpts, evidence, standards))
        return out


def _strongest(current: str, new: str) -> str:
    # A contradiction is never hidden behind support: it wins the cell, then support.
    rank = {"contradicts": 0, "supports": 1, "context": 2}
    if not current:
        return new
    return min(current, new, key=lambda s: rank.get(s, 9))


def corroboration(case: Case, *, finding_id: int | None = None,
                  event_id: int | None = None) -> Matrix:
    """Sources (excerpts, evidence) against the finding itself and each event it rests on
    (or one event): a cell holds the stance of that source there."""
    if (finding_id is None) == (event_id is None):
        raise InvalidInput("a corroboration matrix is for one finding or one event")
    with case.read() as session:
        if finding_id is not None:
            finding = session.get(Finding, finding_id)
            if finding is None:
                raise InvalidInput(f"no finding with id {finding_id}")
            events: list[tuple[int, str]] = [(i, t) for i, t in session.execute(
                select(Event.id, Event.title).join(FindingEvent,
                                                   FindingEvent.event_id == Event.id)
                .where(FindingEvent.finding_id == finding_id).order_by(Event.when_start))]
            columns = ["Finding", *[t for _i, t in events]]
        else:
            title = session.scalar(select(Event.title).where(Event.id == event_id))
            if title is None:
                raise InvalidInput(f"no event with id {event_id}")
            events = [(event_id or 0, title)]
            columns = [title]
        offset = 1 if finding_id is not None else 0
        cells: dict[tuple[str, int], dict[int, str]] = {}

        def put(kind: str, ident: int, column: int, stance: str) -> None:
            row = cells.setdefault((kind, ident), {})
            row[column] = _strongest(row.get(column, ""), stance)

        if finding_id is not None:
            for xid, stance in session.execute(select(
                    FindingExcerpt.excerpt_id, FindingExcerpt.stance)
                    .where(FindingExcerpt.finding_id == finding_id)):
                put("excerpt", xid, 0, stance)
            for vid, stance in session.execute(select(
                    FindingEvidence.evidence_id, FindingEvidence.stance)
                    .where(FindingEvidence.finding_id == finding_id)):
                put("evidence", vid, 0, stance)
        for column, (eid, _title) in enumerate(events, start=offset):
            for xid, stance in session.execute(select(ExcerptEvent.excerpt_id,
                                                      ExcerptEvent.stance)
                                               .where(ExcerptEvent.event_id == eid)):
                put("excerpt", xid, column, stance)
            for vid, stance in session.execute(select(EvidenceEvent.evidence_id,
                                                      EvidenceEvent.stance)
                                               .where(EvidenceEvent.event_id == eid)):
                put("evidence", vid, column, stance)
        rows = []
        for (kind, ident), by_column in cells.items():
            if kind == "excerpt":
                excerpt = session.get(Excerpt, ident)
                label = _excerpt_label(session, excerpt) if excerpt else str(ident)
            else:
                number, title = session.execute(select(Evidence.number, Evidence.title)
                                                .where(Evidence.id == ident)).one()
                label = f"{number} {title}"
            rows.append(MatrixRow(label, kind, [by_column.get(c, "")
                                                for c in range(len(columns))]))
    rows.sort(key=lambda r: (r.kind != "excerpt", r.source))
    return Matrix(columns, rows)
