"""Allegations and responses (right of reply), findings with their basis and standards."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Allegation,
    Finding,
    FindingEvent,
    FindingEvidence,
    FindingExcerpt,
    FindingStandard,
    Response,
    Standard,
)
from db.models.findings import ASSESSMENTS
from workbench.case import Case
from workbench.changes import Changes
from workbench.errors import InvalidInput
from workbench.services.common import check_choice


def add_allegation(case: Case, title: str, *, text: str = "", party_actor_id: int | None = None,
                   put_on: str = "", response_due: str = "") -> Changes:
    with case.write("add allegation") as session:
        session.add(Allegation(title=title, text=text, party_actor_id=party_actor_id,
                               put_on=put_on, response_due=response_due))
    return case.last_changes


def add_response(case: Case, allegation_id: int, *, received_on: str, summary: str,
                 letter_evidence_id: int | None = None) -> Changes:
    with case.write("record response") as session:
        session.add(Response(allegation_id=allegation_id, received_on=received_on,
                             summary=summary, letter_evidence_id=letter_evidence_id))
    return case.last_changes


def standard_ids(session: Session, codes: list[str]) -> list[int]:
    found = dict(session.execute(select(Standard.code, Standard.id)
                                 .where(Standard.code.in_(codes))).all())
    missing = [c for c in codes if c not in found]
    if missing:
        raise InvalidInput(f"unknown standard {', '.join(missing)}; add it to the catalogue")
    return [found[c] for c in codes]


def add_finding(case: Case, title: str, *, statement: str = "",
                assessment: str = "inconclusive", event_ids: list[int] | None = None,
                excerpt_ids: list[int] | None = None, evidence_ids: list[int] | None = None,
                standards: list[str] | None = None) -> Changes:
    check_choice(assessment, ASSESSMENTS, "standard-of-proof assessment")
    with case.write("add finding") as session:
        finding = Finding(title=title, statement=statement, assessment=assessment)
        session.add(finding)
        session.flush()
        for eid in event_ids or []:
            session.add(FindingEvent(finding_id=finding.id, event_id=eid))
        for xid in excerpt_ids or []:
            session.add(FindingExcerpt(finding_id=finding.id, excerpt_id=xid))
        for vid in evidence_ids or []:
            session.add(FindingEvidence(finding_id=finding.id, evidence_id=vid))
        for sid in standard_ids(session, standards or []):
            session.add(FindingStandard(finding_id=finding.id, standard_id=sid))
    return case.last_changes


def add_standard(case: Case, code: str, framework: str, title: str) -> Changes:
    if not code.strip():
        raise InvalidInput("a standard needs a code")
    with case.write(f"add standard {code}") as session:
        if session.scalar(select(Standard.id).where(Standard.code == code.strip())):
            raise InvalidInput(f"standard {code.strip()} is already in the catalogue")
        session.add(Standard(code=code.strip(), framework=framework, title=title))
    return case.last_changes


def edit_finding(case: Case, finding_id: int, *, title: str | None = None,
                 statement: str | None = None, assessment: str | None = None,
                 event_ids: list[int] | None = None, excerpt_ids: list[int] | None = None,
                 evidence_ids: list[int] | None = None,
                 standards: list[str] | None = None) -> Changes:
    """Change a finding and, for each list given, replace its basis with that list (links
    already there keep their stance)."""
    if assessment is not None:
        check_choice(assessment, ASSESSMENTS, "standard-of-proof assessment")
    with case.write("edit finding") as session:
        finding = session.get(Finding, finding_id)
        if finding is None:
            raise InvalidInput(f"no finding with id {finding_id}")
        if title is not None:
            finding.title = title
        if statement is not None:
            finding.statement = statement
        if assessment is not None:
            finding.assessment = assessment
        links: list[tuple[type[FindingEvent] | type[FindingExcerpt] | type[FindingEvidence]
                          | type[FindingStandard], str, list[int] | None]] = [
            (FindingEvent, "event_id", event_ids),
            (FindingExcerpt, "excerpt_id", excerpt_ids),
            (FindingEvidence, "evidence_id", evidence_ids),
            (FindingStandard, "standard_id",
             None if standards is None else standard_ids(session, standards)),
        ]
        for model, column, wanted in links:
            if wanted is None:
                continue
            present = {getattr(link, column): link for link in session.scalars(
                select(model).where(model.finding_id == finding_id))}
            for ident, link in present.items():
                if ident not in wanted:
                    session.delete(link)
            for ident in dict.fromkeys(wanted):
                if ident not in present:
                    session.add(model(finding_id=finding_id, **{column: ident}))
    return case.last_changes


def link_evidence(case: Case, finding_id: int, evidence_id: int,
                  stance: str = "supports") -> Changes:
    with case.write("link evidence to finding") as session:
        session.add(FindingEvidence(finding_id=finding_id, evidence_id=evidence_id,
                                    stance=stance))
    return case.last_changes
