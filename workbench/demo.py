"""The fictional demo case: a whole review in one command (``workbench demo CASE``).

Everything in it is invented and labelled so (title, classification, mandate, the
``is_demo`` flag): a review of incidents around an invented copper mine in the southern
Peruvian highlands, in Spanish and English with Quechua names and words. The content lives
in data files under ``resources/demo/`` (JSON and plain text); this module only turns them
into a case through the same services the window uses, so the demo exercises every entity,
every write goes through the audit log, and ``workbench verify`` passes on the result.
Photos are drawn at build time (``workbench.demo_photos``) with EXIF, and imported through
the photo importer like any photo a reviewer brings in.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.keys import DEFAULT_KDF, KdfParams
from db.models import (
    CaseInfo,
    ConsentRecord,
    Evidence,
    Finding,
    GrievanceEvent,
    Reviewer,
    StatusChange,
)
from workbench.case import Case
from workbench.demo_photos import PhotoSpec, render
from workbench.errors import InvalidInput
from workbench.importers.photos import import_photo
from workbench.publication import prepared
from workbench.services import (
    action_plan,
    actors,
    events,
    evidence,
    findings,
    interviews,
    standards,
)
from workbench.services.common import update

DATA_PACKAGE = "resources.demo"


def _text(name: str) -> str:
    return resources.files(DATA_PACKAGE).joinpath(name).read_text("utf-8")


def _json(name: str) -> Any:
    return json.loads(_text(name))


def build(path: Path | str, passphrase: str, *, kdf: KdfParams = DEFAULT_KDF,
          reviewer: str | None = None) -> Case:
    """Create the demo case at ``path`` and return it open (use it as a context manager).

    A failed build removes the half-built file: a demo case is either whole or absent.
    """
    path = Path(path)
    info = _json("case.json")
    case = Case.create(path, passphrase, info["title"], kdf=kdf,
                       reviewer=reviewer or info["reviewer"], is_demo=True)
    try:
        _Builder(case).run(info)
    except BaseException:
        case.close()
        path.unlink(missing_ok=True)
        raise
    return case


class _Builder:
    """Turns the data files into rows, remembering each key's database id."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.actors: dict[str, int] = {}
        self.places: dict[str, int] = {}
        self.events: dict[str, int] = {}
        self.interviews: dict[str, int] = {}
        self.evidence: dict[str, int] = {}
        self.excerpts: dict[str, int] = {}
        self.findings: dict[str, int] = {}

    def run(self, info: dict[str, Any]) -> None:
        self.describe(info)
        standards.seed_catalogue(self.case)  # new cases have it already: then a no-op
        people = _json("people.json")
        self.add_actors(people["actors"])
        self.add_places(people["places"])
        self.add_events(_json("timeline.json")["events"])
        ev = _json("evidence.json")
        self.add_documents(ev["documents"])
        ivs = _json("interviews.json")
        self.add_interviews(ivs["interviews"])
        self.add_document_excerpts(ivs["document_excerpts"])
        self.add_photos(ev["photos"])
        # The publication copies of the photos (regions burned in), as an export keeps them.
        prepared.prepare(self.case, redact=True)
        fi = _json("findings.json")
        self.add_allegations(fi["allegations"])
        self.add_findings(fi["findings"])
        plan = _json("action_plan.json")
        self.add_recommendations(plan["recommendations"])
        self.add_grievances(plan["grievances"])

    # -- the case and its team ------------------------------------------------------

    def describe(self, info: dict[str, Any]) -> None:
        update(self.case, CaseInfo, 1, "describe the case (fictional demo)",
               reference=info["reference"], mandate=info["mandate"], scope=info["scope"],
               period=info["period"], languages=info["languages"],
               classification=info["classification"])
        with self.case.write("add review team (fictional demo)") as session:
            for member in info["team"]:
                session.add(Reviewer(name=member["name"], role=member["role"]))

    # -- who and where --------------------------------------------------------------

    def add_actors(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            fields = {k: v for k, v in item.items() if k not in ("key", "name")}
            changes = actors.add_actor(self.case, item["name"], **fields)
            self.actors[item["key"]] = changes.first_created("actor")

    def add_places(self, items: list[dict[str, Any]]) -> None:
        with self.case.write("add places") as session:
            for item in items:
                fields = {k: v for k, v in item.items() if k not in ("key", "name")}
                self.places[item["key"]] = actors.add_place_in(session, item["name"],
                                                               **fields).id

    # -- what happened --------------------------------------------------------------

    def add_events(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            roles = [events.Role(self.actors[a], role) for a, role in item.get("roles", [])]
            with self.case.write("add event") as session:
                event = events.add_event_in(
                    session, item["title"], when=item["when"], description=item["description"],
                    category=item.get("category", ""), status=item.get("status", "alleged"),
                    place_id=self.places.get(item.get("place", "")), roles=roles,
                    tags=item.get("tags", []), internal_notes=item.get("internal_notes", ""),
                )
                self.events[item["key"]] = event.id

    # -- documents and photos -------------------------------------------------------

    def add_documents(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            text = _text(item["file"])
            with self.case.write(f"add evidence {item['name']}") as session:
                doc = evidence.add_evidence_in(
                    session, self.case.reviewer, kind="document", original=text.encode("utf-8"),
                    original_name=item["name"], media_type=item["media_type"],
                    title=item["title"], caption=item["caption"], extracted_text=text,
                    acquired_from=item["acquired_from"], acquired_on=item["acquired_on"],
                    acquired_how=item["acquired_how"], publishable=item["publishable"],
                )
                self.evidence[item["key"]] = doc.id
            self._verify(item)

    def add_photos(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            spec = PhotoSpec(scene=item["scene"], seed=item["seed"], taken=item["taken"],
                             offset=item["offset"], lat=item.get("lat"), lon=item.get("lon"),
                             alt=item.get("alt"), make=item["make"], model=item["model"],
                             text=item.get("text", ""))
            ident = _import_photo(self.case, item["name"], render(spec), item["acquired_from"])
            self.evidence[item["key"]] = ident
            update(self.case, Evidence, ident, f"describe {item['name']}",
                   title=item["title"], caption=item["caption"],
                   acquired_on=item["acquired_on"], acquired_how=item["acquired_how"],
                   publishable=item["publishable"], graphic=item["graphic"],
                   internal_notes=item.get("internal_notes", ""))
            self._verify(item)
            for region in item.get("redactions", []):
                evidence.add_redaction(self.case, ident, region["x"], region["y"], region["w"],
                                       region["h"], style=region.get("style", "fill"))
            for event_key, stance in item.get("events", []):
                evidence.link_event(self.case, ident, self.events[event_key], stance)

    def _verify(self, item: dict[str, Any]) -> None:
        status, notes = item.get("verification", ["unverified", ""])
        if status != "unverified" or notes:
            evidence.set_verification(self.case, self.evidence[item["key"]], status, notes)

    # -- interviews, consent, excerpts ----------------------------------------------

    def add_interviews(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            notes = _text(item["notes"])
            consent = interviews.Consent.parse(
                item["consent"]["scopes"],
                **{k: v for k, v in item["consent"].items() if k != "scopes"},
            )
            with self.case.write("add interview") as session:
                source_id = None
                if item.get("keep_original"):
                    original = evidence.add_evidence_in(
                        session, self.case.reviewer, kind="document",
                        original=notes.encode("utf-8"), original_name=item["notes"],
                        media_type="text/plain; charset=utf-8",
                        title=f"Original notes: {item['title']}", extracted_text=notes,
                        acquired_from="review team", acquired_on=item["held_on"][:10],
                        acquired_how="typed during the interview",
                    )
                    source_id = original.id
                interview = interviews.add_interview_in(
                    session, item["title"],
                    interviewee_ids=[self.actors[k] for k in item["interviewees"]],
                    consent=consent, held_on=item["held_on"],
                    interviewer=item.get("interviewer", ""),
                    place_id=self.places.get(item.get("place", "")),
                    language=item["language"], interpreter=item.get("interpreter", ""),
                    mode=item["mode"], notes_text=notes, source_evidence_id=source_id,
                    extra_metadata={"demo": "fictional"},
                )
                if item.get("translation"):
                    interview.translation_text = _text(item["translation"])
                interview.internal_notes = item.get("internal_notes", "")
                self.interviews[item["key"]] = interview.id
            if "withdrawal" in item:
                self._withdraw(item)
            for excerpt in item.get("excerpts", []):
                self._excerpt(excerpt, notes, interview_id=self.interviews[item["key"]])

    def _withdraw(self, item: dict[str, Any]) -> None:
        w = item["withdrawal"]
        actor_id = self.actors[item["interviewees"][0]]
        with self.case.read() as session:
            consent_id = session.scalar(select(ConsentRecord.id).where(
                ConsentRecord.interview_id == self.interviews[item["key"]],
                ConsentRecord.actor_id == actor_id))
        assert consent_id is not None
        interviews.withdraw_consent(self.case, consent_id, w["on"], w["scopes"], w["note"])

    def add_document_excerpts(self, items: list[dict[str, Any]]) -> None:
        for excerpt in items:
            ident = self.evidence[excerpt["document"]]
            with self.case.read() as session:
                text = session.scalar(select(Evidence.extracted_text)
                                      .where(Evidence.id == ident)) or ""
            self._excerpt(excerpt, text, evidence_id=ident)

    def _excerpt(self, excerpt: dict[str, Any], source: str, *,
                 interview_id: int | None = None, evidence_id: int | None = None) -> None:
        key = excerpt["key"]
        start = source.find(excerpt["quote"])
        if start < 0 or source.count(excerpt["quote"]) != 1:
            raise InvalidInput(f"demo data: excerpt {key} must occur exactly once in its "
                               "source text")
        changes = interviews.mark_excerpt(
            self.case, start=start, end=start + len(excerpt["quote"]),
            interview_id=interview_id, evidence_id=evidence_id,
            translation=excerpt.get("translation", ""),
        )
        self.excerpts[key] = changes.first_created("excerpt")
        for event_key, stance in excerpt.get("events", []):
            events.link_excerpt(self.case, self.excerpts[key], self.events[event_key], stance)

    # -- allegations, responses, findings -------------------------------------------

    def add_allegations(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            changes = findings.add_allegation(
                self.case, item["title"], text=item["text"],
                party_actor_id=self.actors[item["party"]], put_on=item["put_on"],
                response_due=item["response_due"],
            )
            response = item.get("response")
            if response:
                findings.add_response(
                    self.case, changes.first_created("allegation"),
                    received_on=response["received_on"], summary=response["summary"],
                    letter_evidence_id=self.evidence[response["letter"]],
                )

    def add_findings(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            changes = findings.add_finding(
                self.case, item["title"], statement=item["statement"],
                assessment=item["assessment"],
                event_ids=[self.events[k] for k in item["events"]],
                excerpt_ids=[self.excerpts[k] for k in item["excerpts"]],
                evidence_ids=[self.evidence[k] for k in item["evidence"]],
                standards=item["standards"],
            )
            self.findings[item["key"]] = changes.first_created("finding")
            if item.get("internal_notes"):
                update(self.case, Finding, self.findings[item["key"]], "edit finding notes",
                       internal_notes=item["internal_notes"])

    # -- the action plan and the grievance register ---------------------------------

    def add_recommendations(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            changes = action_plan.add_recommendation(
                self.case, item["title"], text=item["text"],
                addressee_actor_id=self.actors[item["addressee"]], priority=item["priority"],
                due_on=item["due_on"], finding_ids=[self.findings[k] for k in item["findings"]],
            )
            rec_id = changes.first_created("recommendation")
            # The service dates the first status entry today; the demo's plan began in 2019.
            first = changes.first_created("status_change")
            update(self.case, StatusChange, first, "date the proposal",
                   changed_on=item["proposed_on"], note="Proposed in the review's report.")
            for status, on, note in item["history"]:
                action_plan.set_status(self.case, rec_id, status, note, on=on)
            for on, text in item["notes"]:
                action_plan.add_progress_note(self.case, rec_id, text, on=on)

    def add_grievances(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            complainant = item.get("complainant")
            changes = action_plan.add_grievance(
                self.case, reference=item["reference"], received_on=item["received_on"],
                channel=item["channel"], language=item["language"], category=item["category"],
                status=item["status"], outcome=item["outcome"], description=item["description"],
                complainant_actor_id=self.actors[complainant] if complainant else None,
            )
            grievance_id = changes.first_created("grievance")
            if item["events"]:
                with self.case.write("link grievance to events") as session:
                    for key in item["events"]:
                        session.add(GrievanceEvent(grievance_id=grievance_id,
                                                   event_id=self.events[key]))


def _import_photo(case: Case, name: str, data: bytes, acquired_from: str) -> int:
    """Import one photo through the photo importer (EXIF, thumbnail, custody), like any
    photo a reviewer brings in; return its evidence id."""
    result = import_photo(case, name, data, acquired_from=acquired_from)
    if result.status != "imported":
        raise InvalidInput(f"demo photo {name} was not imported: {result.status} "
                           f"({result.reason})")
    return result.ids["evidence"][0]


__all__ = ["build"]
