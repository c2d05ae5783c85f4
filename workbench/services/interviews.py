"""Interviews, their interviewees and consent records, and the excerpts marked in them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.models import ConsentRecord, ConsentWithdrawal, Excerpt, Interview, Interviewee
from db.models.interviews import CONSENT_SCOPES, INTERVIEW_MODES
from workbench import dates
from workbench.case import Case
from workbench.changes import Changes
from workbench.errors import InvalidInput
from workbench.services.common import check_choice, get


@dataclass(frozen=True)
class Consent:
    """The scopes one interviewee agreed to (see CONSENT_SCOPES)."""

    scopes: frozenset[str] = frozenset()
    given_how: str = ""
    given_on: str = ""
    obtained_by: str = ""

    @classmethod
    def parse(cls, text: str, **fields: str) -> Consent:
        scopes = frozenset(s.strip().lower() for s in text.split(",") if s.strip())
        unknown = scopes - set(CONSENT_SCOPES)
        if unknown:
            raise InvalidInput(f"unknown consent scope {', '.join(sorted(unknown))}; use "
                               f"{', '.join(CONSENT_SCOPES)}")
        return cls(scopes, **fields)


def _date_start(text: str) -> str | None:
    try:
        return dates.bounds(text)[0] if text.strip() else None
    except dates.DateError as exc:
        raise InvalidInput(str(exc)) from None


def add_interview_in(session: Session, title: str, *, interviewee_ids: list[int],
                     consent: Consent | None = None, held_on: str = "",
                     interviewer: str = "", place_id: int | None = None, language: str = "",
                     interpreter: str = "", mode: str = "in person", notes_text: str = "",
                     extra_metadata: dict[str, str] | None = None,
                     source_evidence_id: int | None = None) -> Interview:
    check_choice(mode, INTERVIEW_MODES, "interview mode")
    interview = Interview(
        title=title.strip() or "Untitled interview", held_on=held_on.strip(),
        held_on_start=_date_start(held_on), interviewer=interviewer, place_id=place_id,
        language=language, interpreter=interpreter, mode=mode, notes_text=notes_text,
        extra_metadata=json.dumps(extra_metadata or {}, ensure_ascii=False, sort_keys=True),
        source_evidence_id=source_evidence_id,
    )
    session.add(interview)
    session.flush()
    consent = consent or Consent()
    for actor_id in interviewee_ids:
        session.add(Interviewee(interview_id=interview.id, actor_id=actor_id))
        session.add(_consent_record(interview.id, actor_id, consent))
    if not interviewee_ids:
        session.add(_consent_record(interview.id, None, consent))
    session.flush()
    return interview


def _consent_record(interview_id: int, actor_id: int | None, consent: Consent) -> ConsentRecord:
    return ConsentRecord(
        interview_id=interview_id, actor_id=actor_id,
        notes="notes" in consent.scopes, internal="internal" in consent.scopes,
        anonymous_quotes="anonymous-quotes" in consent.scopes, named="named" in consent.scopes,
        photos="photos" in consent.scopes, given_how=consent.given_how,
        given_on=consent.given_on, obtained_by=consent.obtained_by,
    )


def add_interview(case: Case, title: str, **fields: object) -> Changes:
    with case.write("add interview") as session:
        add_interview_in(session, title, **fields)  # type: ignore[arg-type]
    return case.last_changes


def withdraw_consent(case: Case, consent_id: int, withdrawn_on: str, scopes: list[str],
                     note: str = "") -> Changes:
    for scope in scopes:
        check_choice(scope, CONSENT_SCOPES, "consent scope")
    _date_start(withdrawn_on)
    with case.write("record consent withdrawal") as session:
        get(session, ConsentRecord, consent_id)
        session.add(ConsentWithdrawal(consent_id=consent_id, withdrawn_on=withdrawn_on,
                                      scopes=",".join(scopes), note=note))
    return case.last_changes


def mark_excerpt(case: Case, *, start: int, end: int, interview_id: int | None = None,
                 evidence_id: int | None = None, translation: str = "") -> Changes:
    """Keep the span [start, end) of an interview's notes (or a document's text)."""
    with case.write("mark excerpt") as session:
        if interview_id is not None:
            source = get(session, Interview, interview_id).notes_text
        else:
            from db.models import Evidence

            source = get(session, Evidence, evidence_id or 0).extracted_text
        if not 0 <= start < end <= len(source):
            raise InvalidInput(f"excerpt {start}-{end} is outside the text "
                               f"(0-{len(source)})")
        session.add(Excerpt(interview_id=interview_id, evidence_id=evidence_id, start=start,
                            end=end, text=source[start:end], translation=translation))
    return case.last_changes
