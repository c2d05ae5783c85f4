"""Interview notes: the header becomes the interview; the original is kept as evidence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Actor, ConsentRecord, Evidence, EvidenceBlob, Interview, Place
from tests.importers.helpers import docx_bytes, paragraphs
from workbench.importers.header import split_header
from workbench.importers.notes import import_notes
from workbench.importers.results import ImportOptions
from workbench.services.actors import add_actor_in

FRONT = """---
title: Entrevista con familia
interviewee: [María Quispe, Juan Mamani]
protection: withheld
interviewer: R. Torres
date: 2018-04-05
place: Comunidad Alta
language: quechua
interpreter: L. Huamán
mode: in person
consent: notes, internal, anonymous-quotes
recorder: none
---

Nos contaron que el agua cambió de color el 3 de abril.
"""


def interview(case, ident: int) -> Interview:
    with case.read() as s:
        item = s.get(Interview, ident)
        s.expunge(item)
        return item


def test_front_matter_becomes_the_interview(case) -> None:
    data = FRONT.encode("utf-8")
    result = import_notes(case, "familia.md", data)
    assert result.status == "imported", result.reason
    with case.read() as s:
        item = s.get(Interview, result.ids["interview"][0])
        assert item.title == "Entrevista con familia"
        assert item.held_on == "2018-04-05" and item.interviewer == "R. Torres"
        assert item.language == "quechua" and item.interpreter == "L. Huamán"
        assert item.mode == "in person"
        assert item.notes_text.startswith("Nos contaron que el agua")
        assert "---" not in item.notes_text
        assert json.loads(item.extra_metadata) == {"recorder": "none"}
        assert s.get(Place, item.place_id).name == "Comunidad Alta"
        people = s.scalars(select(Actor).order_by(Actor.id)).all()
        assert [(a.name, a.protection) for a in people] == [
            ("María Quispe", "withheld"), ("Juan Mamani", "withheld")]
        consents = s.scalars(select(ConsentRecord)).all()
        assert len(consents) == 2
        assert all(c.notes and c.internal and c.anonymous_quotes and not c.named
                   for c in consents)
        original = s.get(Evidence, item.source_evidence_id)
        assert original.original_name == "familia.md"
        blob = s.scalar(select(EvidenceBlob.data).where(
            EvidenceBlob.evidence_id == original.id, EvidenceBlob.role == "original"))
        assert blob == data


def test_key_value_header_in_a_docx_in_spanish_matches_an_existing_actor(case) -> None:
    with case.write("add actor") as s:
        add_actor_in(s, "Rosa Quispe Mamani", aliases=["Rosa Q."], protection="pseudonymous")
    body = paragraphs("Título: Reunión en la plaza", "Entrevistado: Rosa Q.; Pedro Ccori",
                      "Fecha: 05/04/2018", "Modalidad: teléfono", "Consentimiento: notas",
                      "", "La policía llegó a las tres.")
    result = import_notes(case, "reunion.docx", docx_bytes(body),
                          options=ImportOptions(dayfirst=True))
    assert result.status == "imported", result.reason
    item = interview(case, result.ids["interview"][0])
    assert item.title == "Reunión en la plaza" and item.held_on == "2018-04-05"
    assert item.mode == "phone"
    assert item.notes_text == "La policía llegó a las tres."
    with case.read() as s:
        names = s.scalars(select(Actor.name).order_by(Actor.id)).all()
    assert names == ["Rosa Quispe Mamani", "Pedro Ccori"]  # matched by alias; one created
    assert result.ids["actor"] == [2]


def test_ambiguous_header_date_is_rejected_with_the_options_named(case) -> None:
    result = import_notes(case, "n.txt", b"Date: 05/04/2018\n\nText.")
    assert result.status == "rejected"
    assert "header 'date'" in result.reason and "--dayfirst" in result.reason


@pytest.mark.parametrize(("header", "reason"), [
    ("consent: everything", "consent"), ("protection: secret", "protection"),
    ("mode: telepathy", "mode")])
def test_bad_header_values_are_rejected(case, header: str, reason: str) -> None:
    result = import_notes(case, "n.txt", f"title: x\n{header}\n\nText.".encode())
    assert result.status == "rejected" and reason in result.reason
    with case.read() as s:
        assert s.scalars(select(Interview)).all() == []
        assert s.scalars(select(Evidence)).all() == []  # nothing half-written


def test_prose_first_paragraph_is_not_a_header() -> None:
    header = split_header("Note: the witness was afraid.\nShe spoke softly.\n\nMore.", "txt")
    assert header.fields == {} and header.body.startswith("Note: the witness")
    header = split_header("Summary: short\n\nBody", "txt")  # no known key: text
    assert header.fields == {} and header.body.startswith("Summary")


def test_latin1_notes_without_header_take_the_file_name(case) -> None:
    text = "La comunidad denunció que el camión pasó a las 6 de la mañana."
    result = import_notes(case, "notas_cañón.txt", text.encode("latin-1"))
    assert result.status == "imported"
    item = interview(case, result.ids["interview"][0])
    assert item.title == "notas_cañón" and item.notes_text == text


def test_same_notes_twice_is_a_duplicate(case) -> None:
    data = FRONT.encode("utf-8")
    assert import_notes(case, "a.md", data).status == "imported"
    again = import_notes(case, "b.md", data)
    assert again.status == "duplicate"
    with case.read() as s:
        assert len(s.scalars(select(Interview)).all()) == 1


def test_header_without_text_is_rejected(case) -> None:
    result = import_notes(case, "n.md", b"---\ntitle: x\n---\n")
    assert result.status == "rejected" and "no text" in result.reason


def template_examples() -> list[str]:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "notes-template.md").read_text(
        encoding="utf-8")
    return re.findall(r"```\n(.*?)```", doc, flags=re.DOTALL)


def test_the_documented_templates_import_as_documented(case) -> None:
    english, front, spanish = template_examples()
    for name, text, dayfirst in (("en.txt", english, None), ("es.txt", spanish, True)):
        result = import_notes(case, name, text.encode("utf-8"),
                              options=ImportOptions(dayfirst=dayfirst))
        assert result.status == "imported", result.reason
        item = interview(case, result.ids["interview"][0])
        assert item.held_on == "2018-04-05" and item.mode == "in person"
        assert item.notes_text.startswith(("The notes start here", "Las notas empiezan"))
        with case.read() as s:
            consent = s.scalars(select(ConsentRecord).where(
                ConsentRecord.interview_id == item.id)).first()
            assert consent.notes and consent.internal and consent.anonymous_quotes
            assert not consent.named and not consent.photos
    with case.read() as s:
        people = [(a.name, a.protection) for a in s.scalars(select(Actor))]
    assert sorted(people) == [
        ("Juan Mamani", "withheld"), ("María Quispe", "withheld")]  # matched the 2nd time
    header = split_header(front, "md")
    assert header.interviewees == ["María Quispe", "Juan Mamani"]
