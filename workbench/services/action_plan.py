"""Recommendations as an action plan, followed over time; and the grievance register."""

from __future__ import annotations

import datetime as dt

from db.models import (
    Grievance,
    ProgressNote,
    Recommendation,
    RecommendationFinding,
    StatusChange,
)
from db.models.findings import PRIORITIES, RECOMMENDATION_STATUSES
from workbench.case import Case
from workbench.changes import Changes
from workbench.services.common import check_choice, get


def add_recommendation(case: Case, title: str, *, text: str = "",
                       addressee_actor_id: int | None = None, priority: str = "medium",
                       status: str = "proposed", due_on: str = "",
                       finding_ids: list[int] | None = None) -> Changes:
    check_choice(priority, PRIORITIES, "priority")
    check_choice(status, RECOMMENDATION_STATUSES, "recommendation status")
    with case.write("add recommendation") as session:
        rec = Recommendation(title=title, text=text, addressee_actor_id=addressee_actor_id,
                             priority=priority, status=status, due_on=due_on)
        session.add(rec)
        session.flush()
        session.add(StatusChange(recommendation_id=rec.id, changed_on=_today(),
                                 from_status="", to_status=status))
        for fid in finding_ids or []:
            session.add(RecommendationFinding(recommendation_id=rec.id, finding_id=fid))
    return case.last_changes


def set_status(case: Case, recommendation_id: int, status: str, note: str = "",
               on: str | None = None) -> Changes:
    check_choice(status, RECOMMENDATION_STATUSES, "recommendation status")
    with case.write(f"set recommendation status to {status}") as session:
        rec = get(session, Recommendation, recommendation_id)
        session.add(StatusChange(recommendation_id=rec.id, changed_on=on or _today(),
                                 from_status=rec.status, to_status=status, note=note))
        rec.status = status
    return case.last_changes


def add_progress_note(case: Case, recommendation_id: int, text: str,
                      on: str | None = None) -> Changes:
    with case.write("add progress note") as session:
        get(session, Recommendation, recommendation_id)
        session.add(ProgressNote(recommendation_id=recommendation_id, noted_on=on or _today(),
                                 text=text))
    return case.last_changes


def add_grievance(case: Case, **fields: object) -> Changes:
    with case.write("add grievance") as session:
        session.add(Grievance(**fields))
    return case.last_changes


def _today() -> str:
    return dt.date.today().isoformat()
