"""What a case holds at a glance: counts per entity, recent activity, schema version."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from db import migrate
from db.models import (
    Actor,
    Allegation,
    AuditEntry,
    CaseInfo,
    Event,
    Evidence,
    Excerpt,
    Finding,
    Grievance,
    Interview,
    Place,
    Recommendation,
    Response,
    Reviewer,
)
from workbench.case import Case

COUNTED = {
    "events": Event,
    "interviews": Interview,
    "excerpts": Excerpt,
    "actors": Actor,
    "places": Place,
    "evidence": Evidence,
    "allegations": Allegation,
    "responses": Response,
    "findings": Finding,
    "recommendations": Recommendation,
    "grievances": Grievance,
    "reviewers": Reviewer,
    "audit_entries": AuditEntry,
}


@dataclass(frozen=True)
class Activity:
    seq: int
    at: str
    reviewer: str
    action: str


@dataclass(frozen=True)
class Overview:
    title: str
    reference: str
    classification: str
    is_demo: bool
    schema_version: str
    counts: dict[str, int]
    recent: list[Activity] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "reference": self.reference,
            "classification": self.classification,
            "is_demo": self.is_demo,
            "schema_version": self.schema_version,
            "counts": self.counts,
            "recent": [a.__dict__ for a in self.recent],
        }


def overview(case: Case, recent: int = 10) -> Overview:
    with case.read() as session:
        info = session.get(CaseInfo, 1)
        assert info is not None
        # One statement of scalar subqueries, not one per table: each statement costs
        # about a millisecond of SQLCipher's memory wiping before it reads anything.
        totals = session.execute(select(*(
            select(func.count()).select_from(model).scalar_subquery().label(name)
            for name, model in COUNTED.items()))).one()
        counts = {name: int(totals[i] or 0) for i, name in enumerate(COUNTED)}
        entries = session.scalars(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(recent)
        ).all()
        version = migrate.current_revision(session.connection()) or ""
        return Overview(
            title=info.title,
            reference=info.reference,
            classification=info.classification,
            is_demo=info.is_demo,
            schema_version=version,
            counts=counts,
            recent=[Activity(e.seq, e.at, e.reviewer, e.action) for e in entries],
        )


def to_json(ov: Overview) -> str:
    return json.dumps(ov.as_json(), ensure_ascii=False, indent=2)
