"""The action plan for the window: recommendations with addressee, linked findings,
status history and dated progress notes; overdue items are marked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from db.models import (
    Actor,
    Finding,
    ProgressNote,
    Recommendation,
    RecommendationFinding,
    StatusChange,
)
from db.models.findings import RECOMMENDATION_STATUSES
from workbench.case import Case

OPEN_STATUSES = ("proposed", "accepted", "in progress")


@dataclass(frozen=True)
class RecommendationRow:
    id: int
    title: str
    text: str
    addressee: str
    priority: str
    status: str
    due_on: str
    overdue: bool
    findings: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (date, text), oldest first
    history: list[tuple[str, str, str, str]] = field(default_factory=list)  # on, from, to, note


def is_overdue(status: str, due_on: str, today: dt.date) -> bool:
    """Still open after its due date (a partial date is due at the end of its period)."""
    if status not in OPEN_STATUSES or not due_on:
        return False
    text = due_on.strip()
    try:
        if len(text) == 4:
            due = dt.date(int(text), 12, 31)
        elif len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            due = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        else:
            due = dt.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return due < today


def recommendations(case: Case, today: dt.date | None = None) -> list[RecommendationRow]:
    today = today or dt.date.today()
    order = {s: i for i, s in enumerate(RECOMMENDATION_STATUSES)}
    with case.read() as session:
        names = dict([(i, n) for i, n in session.execute(select(Actor.id, Actor.name))])
        out = []
        for r in session.scalars(select(Recommendation).order_by(Recommendation.id)):
            findings = list(session.scalars(
                select(Finding.title).join(RecommendationFinding,
                                           RecommendationFinding.finding_id == Finding.id)
                .where(RecommendationFinding.recommendation_id == r.id)))
            notes = [(n.noted_on, n.text) for n in session.scalars(
                select(ProgressNote).where(ProgressNote.recommendation_id == r.id)
                .order_by(ProgressNote.noted_on, ProgressNote.id))]
            history = [(c.changed_on, c.from_status, c.to_status, c.note)
                       for c in session.scalars(
                select(StatusChange).where(StatusChange.recommendation_id == r.id)
                .order_by(StatusChange.changed_on, StatusChange.id))]
            out.append(RecommendationRow(
                r.id, r.title, r.text, names.get(r.addressee_actor_id or 0, ""), r.priority,
                r.status, r.due_on, is_overdue(r.status, r.due_on, today), findings, notes,
                history))
    out.sort(key=lambda r: (order.get(r.status, 99), not r.overdue, r.due_on or "9999"))
    return out
