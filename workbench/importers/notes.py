"""Interview notes: text from any notes format, the metadata header turned into the
interview's fields (interviewees matched to actors or created, consent, date, place), and the
original file kept as an evidence item the interview links to."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePath

from sqlalchemy.orm import Session

from workbench import dates
from workbench.case import Case
from workbench.errors import InvalidInput
from workbench.importers import datefmt
from workbench.importers.header import MODE_VALUES, PROTECTION_VALUES, NotesHeader, split_header
from workbench.importers.intake import import_file
from workbench.importers.results import FileResult, ImportOptions, Rejected
from workbench.importers.text_readers import MEDIA_TYPES, read_text
from workbench.services.actors import add_actor_in, find_actor, find_or_add_place
from workbench.services.evidence import add_evidence_in
from workbench.services.interviews import Consent, add_interview_in


@dataclass(frozen=True)
class ParsedNotes:
    header: NotesHeader
    fmt: str
    encoding: str
    title: str
    held_on: str
    protection: str
    mode: str
    consent: Consent


def parse_notes(name: str, data: bytes, options: ImportOptions) -> ParsedNotes:
    """Everything an interview needs from the file, checked before anything is written."""
    text, fmt, encoding = read_text(name, data, options.limits)
    header = split_header(text, fmt)
    if not header.body.strip():
        raise Rejected("the notes hold a header but no text")
    try:
        held_on = datefmt.from_value(header.fields.get("date"), options.dayfirst)
    except (datefmt.AmbiguousDate, dates.DateError) as exc:
        raise Rejected(f"header 'date': {exc}") from None
    try:
        consent = Consent.parse(header.consent_scopes())
    except InvalidInput as exc:
        raise Rejected(f"header 'consent': {exc}") from None
    return ParsedNotes(
        header=header, fmt=fmt, encoding=encoding,
        title=header.fields.get("title") or PurePath(name).stem,
        held_on=held_on,
        protection=header.choice("protection", PROTECTION_VALUES) or options.default_protection,
        mode=header.choice("mode", MODE_VALUES) or "in person",
        consent=consent,
    )


def import_notes(case: Case, name: str, data: bytes, *, options: ImportOptions | None = None,
                 path: Path | None = None) -> FileResult:
    """One notes file -> one Interview, its interviewees and consent, and its original."""
    options = options or ImportOptions()

    def store(session: Session, notes: ParsedNotes, digest: str
              ) -> tuple[dict[str, list[int]], list[str]]:
        remarks: list[str] = []
        original = add_evidence_in(
            session, case.reviewer, kind="document", original=data,
            original_name=PurePath(name).name, media_type=MEDIA_TYPES[notes.fmt],
            digest=digest, title=f"Interview notes: {notes.title}",
            acquired_from=options.acquired_from, acquired_how="interview notes import",
            metadata_json=json.dumps({"format": notes.fmt, "encoding": notes.encoding},
                                     sort_keys=True),
        )
        actor_ids: list[int] = []
        created: list[int] = []
        for person in notes.header.interviewees:
            existing = find_actor(session, person)
            actor = existing or add_actor_in(session, person, protection=notes.protection)
            if existing is None:
                created.append(actor.id)
            elif "protection" in notes.header.fields and existing.protection != \
                    notes.protection:
                remarks.append(f"{existing.pseudonym} is already in the case as "
                               f"{existing.protection}; the header's {notes.protection} was "
                               "not applied")
            actor_ids.append(actor.id)
        place = notes.header.fields.get("place", "").strip()
        interview = add_interview_in(
            session, notes.title, interviewee_ids=list(dict.fromkeys(actor_ids)),
            consent=notes.consent, held_on=notes.held_on,
            interviewer=notes.header.fields.get("interviewer", ""),
            place_id=find_or_add_place(session, place).id if place else None,
            language=notes.header.fields.get("language", ""),
            interpreter=notes.header.fields.get("interpreter", ""), mode=notes.mode,
            notes_text=notes.header.body, extra_metadata=notes.header.extra,
            source_evidence_id=original.id,
        )
        ids = {"interview": [interview.id], "evidence": [original.id]}
        if created:
            ids["actor"] = created
        return ids, remarks

    return import_file(case, name, data, action="import interview notes", options=options,
                       parse=lambda raw: parse_notes(name, raw, options), store=store,
                       path=path)
