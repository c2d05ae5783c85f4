"""Test data through the real services, with valid defaults (SecureDrop style).

Each factory makes one entity the way the workbench would (one audited write) and returns
its id. Pass only what the test is about; everything else gets a plausible default.
"""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path
from typing import Any

from workbench.case import Case
from workbench.services import action_plan, actors, events, evidence, findings, interviews

# The same values as tests/conftest.py (the `case` fixture's passphrase). Test modules take
# them from here: "from conftest import" picks whichever conftest.py was imported last
# (tests/ui has its own), so it is not a reliable way to share constants.
PASSPHRASE = "correct horse battery staple"
PROJECT = Path(__file__).resolve().parents[1]

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def actor(case: Case, name: str | None = None, **fields: Any) -> int:
    changes = actors.add_actor(case, name or f"Actor {_n()}", **fields)
    return changes.first_created("actor")


def place(case: Case, name: str | None = None, **fields: Any) -> int:
    changes = actors.add_place(case, name or f"Place {_n()}", **fields)
    return changes.first_created("place")


def event(case: Case, title: str | None = None, **fields: Any) -> int:
    fields.setdefault("when", "2018-04-03")
    changes = events.add_event(case, title or f"Event {_n()}", **fields)
    return changes.first_created("event")


def interview(case: Case, title: str | None = None, *, notes_text: str = "",
              interviewee_ids: list[int] | None = None, **fields: Any) -> int:
    if interviewee_ids is None:
        interviewee_ids = [actor(case)]
    changes = interviews.add_interview(
        case, title or f"Interview {_n()}", interviewee_ids=interviewee_ids,
        notes_text=notes_text or "Notes of the interview.", **fields,
    )
    return changes.first_created("interview")


def excerpt(case: Case, interview_id: int | None = None, *, text: str | None = None,
            **fields: Any) -> int:
    """An excerpt spanning ``text`` (or the whole notes) of a new or given interview."""
    if interview_id is None:
        interview_id = interview(case, notes_text=text or f"Excerpt text {_n()}.")
    with case.read() as session:
        from db.models import Interview

        notes = session.get(Interview, interview_id).notes_text  # type: ignore[union-attr]
    start = notes.index(text) if text else 0
    end = start + len(text) if text else len(notes)
    changes = interviews.mark_excerpt(case, start=start, end=end, interview_id=interview_id,
                                      **fields)
    return changes.first_created("excerpt")


def evidence_item(case: Case, *, original: bytes | None = None, caption: str = "",
                  **fields: Any) -> int:
    original = original if original is not None else f"original bytes {_n()}".encode()
    fields.setdefault("kind", "document")
    fields.setdefault("original_name", f"file-{hashlib.sha256(original).hexdigest()[:8]}.txt")
    fields.setdefault("media_type", "text/plain")
    changes = evidence.add_evidence(case, original=original, caption=caption, **fields)
    return changes.first_created("evidence")


def finding(case: Case, title: str | None = None, **fields: Any) -> int:
    changes = findings.add_finding(case, title or f"Finding {_n()}", **fields)
    return changes.first_created("finding")


def recommendation(case: Case, title: str | None = None, **fields: Any) -> int:
    changes = action_plan.add_recommendation(case, title or f"Recommendation {_n()}", **fields)
    return changes.first_created("recommendation")


def allegation(case: Case, title: str | None = None, **fields: Any) -> int:
    changes = findings.add_allegation(case, title or f"Allegation {_n()}", **fields)
    return changes.first_created("allegation")


def grievance(case: Case, **fields: Any) -> int:
    fields.setdefault("reference", f"G-{_n():03d}")
    changes = action_plan.add_grievance(case, **fields)
    return changes.first_created("grievance")


def populated(case: Case, canary: dict[str, str] | None = None) -> dict[str, int]:
    """A small case touching most entities; ``canary`` texts (by slot) are written into it.

    Slots: actor, alias, contact, place, event, event_description, interview, notes,
    translation, excerpt_translation, caption, extracted, evidence_original, finding,
    recommendation, allegation, response, grievance, progress, consent.
    """
    c = {k: "" for k in ("actor", "alias", "contact", "place", "event", "event_description",
                         "interview", "notes", "translation", "excerpt_translation", "caption",
                         "extracted", "evidence_original", "finding", "recommendation",
                         "allegation", "response", "grievance", "progress", "consent")}
    c.update(canary or {})
    ids: dict[str, int] = {}
    ids["actor"] = actor(case, c["actor"] or None, aliases=[c["alias"] or "Alias"],
                         contact_notes=c["contact"] or "contact")
    ids["place"] = place(case, c["place"] or None)
    ids["event"] = event(case, c["event"] or None, description=c["event_description"],
                         place_id=ids["place"],
                         roles=[events.Role(ids["actor"], "witness")], tags=["tag-a"])
    notes = f"Start of notes. {c['notes'] or 'The witness spoke.'} End of notes."
    ids["interview"] = interview(
        case, c["interview"] or None, notes_text=notes, interviewee_ids=[ids["actor"]],
        consent=interviews.Consent.parse("notes,internal", obtained_by=c["consent"]),
    )
    if c["translation"]:
        from db.models import Interview
        from workbench.services.common import update

        update(case, Interview, ids["interview"], "edit interview",
               translation_text=c["translation"])
    ids["excerpt"] = excerpt(case, ids["interview"], text=c["notes"] or "The witness spoke.",
                             translation=c["excerpt_translation"])
    events.link_excerpt(case, ids["excerpt"], ids["event"], "supports")
    original = (c["evidence_original"] or "plain original").encode("utf-8")
    ids["evidence"] = evidence_item(case, original=original, caption=c["caption"],
                                    extracted_text=c["extracted"])
    evidence.link_event(case, ids["evidence"], ids["event"])
    ids["finding"] = finding(case, c["finding"] or None, statement="Statement.",
                             event_ids=[ids["event"]], excerpt_ids=[ids["excerpt"]],
                             evidence_ids=[ids["evidence"]])
    ids["recommendation"] = recommendation(case, c["recommendation"] or None,
                                           finding_ids=[ids["finding"]])
    action_plan.add_progress_note(case, ids["recommendation"], c["progress"] or "Progress.")
    ids["allegation"] = allegation(case, c["allegation"] or None, party_actor_id=ids["actor"])
    findings.add_response(case, ids["allegation"], received_on="2019-01-02",
                          summary=c["response"] or "Response.")
    ids["grievance"] = grievance(case, description=c["grievance"] or "Grievance.")
    return ids


def encodings(text: str) -> list[bytes]:
    """The byte forms a text could take if it leaked: UTF-8 (NFC and NFD) and UTF-16."""
    import unicodedata

    forms = {text, unicodedata.normalize("NFD", text)}
    out = []
    for form in forms:
        out += [form.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    return out


def leaks(folder: Any, texts: list[str]) -> list[str]:
    """'file: text' for every text found in clear in any file in the folder (recursively)."""
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for text in texts:
            if any(form in data for form in encodings(text)):
                found.append(f"{path.name}: {text}")
    return found


PAGE, RESERVE = 4096, 80  # SQLCipher 4 defaults: 16-byte IV + 64-byte HMAC-SHA512 per page


def decrypted_pages(path: Path, passphrase: str = PASSPHRASE) -> bytes:
    """Every page of a case file decrypted with its key (AES-256-CBC, each page's IV): what
    someone holding the passphrase could search, free pages and freed cells included."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    from db import keys

    salt = keys.read_salt(path)
    key = keys.derive_key(passphrase, salt)
    data = path.read_bytes()
    out = bytearray()
    for n in range(len(data) // PAGE):
        page = data[n * PAGE:(n + 1) * PAGE]
        start = 16 if n == 0 else 0  # page 1 begins with the salt
        iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out += decryptor.update(page[start:PAGE - RESERVE]) + decryptor.finalize()
    return bytes(out)


def found_in(plain: bytes, texts: list[str]) -> list[str]:
    """The texts present in ``plain`` in any of their byte forms (see ``encodings``)."""
    return [t for t in texts if any(form in plain for form in encodings(t))]
