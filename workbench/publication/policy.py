"""Who and what may appear in an export, under the confidential or the publication profile.

The confidential profile shows everything to the review team. The publication profile:
pseudonymous actors appear only by their code and their names and aliases are replaced in
every text; withheld actors, and what only they said, are left out; excerpts are quoted only
where the interview's consent allows it on the export date; sensitive places are generalised
to their administrative area; only publishable evidence appears; internal notes and contact
details never do. Every exclusion is recorded (``withheld``) for the reviewer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Actor,
    ConsentRecord,
    Event,
    Evidence,
    Excerpt,
    Finding,
    Interview,
    Interviewee,
    Place,
)
from exports.model import PROFILES, Withheld
from workbench.errors import InvalidInput
from workbench.publication.names import NameRedactor, NameRule
from workbench.services.common import from_json_list

QUOTE_SCOPES = ("anonymous-quotes", "named", "notes")
WITHHELD_MARK = {"en": "[name withheld]", "es": "[nombre reservado]"}
PLACE_MARK = {"en": "[location withheld]", "es": "[lugar reservado]"}


@dataclass(frozen=True)
class ExcerptDecision:
    allowed: bool
    source: str  # how the source is named in this profile
    reason: str = ""
    by_withheld: bool = False


@dataclass
class Policy:
    """The rules for one export, bound to the case's actors, places and consents."""

    profile: str
    lang: str
    today: str
    actors: dict[int, Actor]
    places: dict[int, Place]
    redactor: NameRedactor
    withheld: list[Withheld] = field(default_factory=list)
    # For the leak guard: protected spellings (text, whose) and texts that must not appear.
    protected_names: list[tuple[str, str]] = field(default_factory=list)
    withheld_texts: list[tuple[str, str]] = field(default_factory=list)
    allowed_texts: list[str] = field(default_factory=list)
    # Texts that are never published whatever the per-item decisions say, found by rules
    # of their own, so a wrong decision cannot also blind the guard.
    standing_texts: list[tuple[str, str]] = field(default_factory=list)
    protected_coordinates: list[tuple[float, float, str]] = field(default_factory=list)
    _interviewees: dict[int, list[int]] = field(default_factory=dict)
    _consents: dict[int, list[ConsentRecord]] = field(default_factory=dict)
    _evidence: dict[int, Evidence] = field(default_factory=dict)
    _noted: set[str] = field(default_factory=set)

    @property
    def public(self) -> bool:
        return self.profile == "publication"

    # -- recording what was withheld ------------------------------------------------

    def withhold(self, what: str, reason: str, text: str = "") -> None:
        if what not in self._noted:
            self._noted.add(what)
            self.withheld.append(Withheld(what, reason))
        if text.strip():
            self.withheld_texts.append((text, what))

    # -- texts, people, places ------------------------------------------------------

    def text(self, value: str) -> str:
        return self.redactor.redact(value) if self.public else value

    def note(self, value: str) -> str:
        """Internal notes: the team's, never published."""
        return "" if self.public else value

    def actor_label(self, actor_id: int | None) -> str | None:
        """How an actor is named here; None when it must not appear at all."""
        if actor_id is None or actor_id not in self.actors:
            return None
        actor = self.actors[actor_id]
        if not self.public:
            return f"{actor.name} ({actor.pseudonym})" if actor.protection != "public" \
                else actor.name
        if actor.protection == "withheld":
            return None
        return actor.name if actor.protection == "public" else actor.pseudonym

    def place_label(self, place_id: int | None) -> str:
        if place_id is None or place_id not in self.places:
            return ""
        place = self.places[place_id]
        if self.public and place.sensitive:
            return place.admin_area or PLACE_MARK[self.lang]
        return place.name

    # -- evidence and excerpts ------------------------------------------------------

    def evidence_allowed(self, item: Evidence) -> bool:
        if not self.public:
            return True
        if not item.publishable:
            self.withhold(f"evidence {item.number}", "not marked publishable",
                          item.caption)
            return False
        return True

    def excerpt(self, excerpt: Excerpt) -> ExcerptDecision:
        what = f"excerpt {excerpt.id}"
        if excerpt.evidence_id is not None:
            item = self._evidence.get(excerpt.evidence_id)
            label = item.number if item else "?"
            if item is None or not self.evidence_allowed(item):
                self.withhold(what, f"from evidence {label}, which is not publishable",
                              excerpt.text)
                return ExcerptDecision(False, label, "source not publishable")
            self.allowed_texts.append(excerpt.text)
            return ExcerptDecision(True, label)
        interview_id = excerpt.interview_id or 0
        people = self._interviewees.get(interview_id, [])
        if not self.public:
            labels = [self.actor_label(a) or "?" for a in people]
            return ExcerptDecision(True, ", ".join(labels) or f"interview {interview_id}")
        if any(self.actors[a].protection == "withheld" for a in people if a in self.actors):
            self.withhold(what, f"said in interview {interview_id} by a withheld person",
                          excerpt.text)
            return ExcerptDecision(False, "", "withheld speaker", by_withheld=True)
        named_ok, anonymous_ok, reason = True, True, ""
        for actor_id in people or [None]:  # type: ignore[list-item]
            record = self._consent_for(interview_id, actor_id)
            if record is None:
                named_ok = anonymous_ok = False
                reason = "no consent record"
                continue
            withdrawn = self._withdrawn(record)
            if "notes" in withdrawn:
                named_ok = anonymous_ok = False
                reason = "consent to use the notes was withdrawn"
            named_ok &= record.named and "named" not in withdrawn and \
                (actor_id is None or self.actors[actor_id].protection == "public")
            anonymous_ok &= (record.anonymous_quotes or record.named) and \
                "anonymous-quotes" not in withdrawn
            if not (record.anonymous_quotes or record.named) and not reason:
                reason = "consent does not allow quotes"
            elif "anonymous-quotes" in withdrawn and not reason:
                reason = "consent to quotes was withdrawn"
        if not (named_ok or anonymous_ok):
            self.withhold(what, f"interview {interview_id}: {reason or 'no consent'}",
                          excerpt.text)
            return ExcerptDecision(False, "", reason)
        labels = [self.actors[a].name if named_ok else self.actors[a].pseudonym
                  for a in people if a in self.actors]
        self.allowed_texts.append(excerpt.text)
        return ExcerptDecision(True, ", ".join(labels) or f"interview {interview_id}")

    def _consent_for(self, interview_id: int, actor_id: int | None) -> ConsentRecord | None:
        records = self._consents.get(interview_id, [])
        own = [r for r in records if r.actor_id == actor_id]
        general = [r for r in records if r.actor_id is None]
        found = own or general
        return found[0] if found else None

    def _withdrawn(self, record: ConsentRecord) -> set[str]:
        scopes: set[str] = set()
        for w in record.withdrawals:
            if w.withdrawn_on[:10] <= self.today:
                scopes |= {s.strip() for s in w.scopes.split(",") if s.strip()}
        return scopes


def make_policy(session: Session, profile: str, lang: str = "en",
                today: str | None = None) -> Policy:
    if profile not in PROFILES:
        raise InvalidInput(f"'{profile}' is not a profile; use one of: {', '.join(PROFILES)}")
    today = today or dt.date.today().isoformat()
    actors = {a.id: a for a in session.scalars(select(Actor))}
    places = {p.id: p for p in session.scalars(select(Place))}
    rules, protected = [], []
    for actor in actors.values():
        if actor.protection == "public":
            continue
        names = (actor.name, *from_json_list(actor.aliases))
        code = actor.pseudonym if actor.protection == "pseudonymous" else WITHHELD_MARK[lang]
        rules.append(NameRule(names, code))
        protected += [(n, actor.pseudonym) for n in names]
    for place in places.values():
        if place.sensitive:
            rules.append(NameRule((place.name,), place.admin_area or PLACE_MARK[lang]))
            protected.append((place.name, f"sensitive place {place.id}"))
    policy = Policy(profile, lang, today, actors, places,
                    NameRedactor(rules if profile == "publication" else []))
    policy.protected_names = protected
    for iv in session.scalars(select(Interviewee)):
        policy._interviewees.setdefault(iv.interview_id, []).append(iv.actor_id)
    for record in session.scalars(select(ConsentRecord)):
        policy._consents.setdefault(record.interview_id, []).append(record)
    policy._evidence = {e.id: e for e in session.scalars(select(Evidence))}
    if profile == "publication":
        _record_standing_exclusions(session, policy)
    return policy


def _record_standing_exclusions(session: Session, policy: Policy) -> None:
    """What is never published, whatever the content: said once, for the reviewer."""
    for actor in policy.actors.values():
        if actor.protection == "withheld":
            policy.withhold(f"actor {actor.pseudonym}",
                            "protection level 'withheld': left out with everything only "
                            "they said")
        if actor.contact_notes.strip():
            policy.standing_texts.append((actor.contact_notes, f"contact notes of "
                                                               f"{actor.pseudonym}"))
    for place in policy.places.values():
        if place.sensitive:
            policy.withhold(f"place {place.id}", "sensitive: generalised to "
                            + (place.admin_area or "nothing (no administrative area)"))
        if place.latitude is not None and place.longitude is not None:
            policy.protected_coordinates.append((place.latitude, place.longitude,
                                                 f"place {place.id}"))
    for item in policy._evidence.values():
        if item.latitude is not None and item.longitude is not None:
            policy.protected_coordinates.append((item.latitude, item.longitude,
                                                 f"evidence {item.number}"))
        if item.internal_notes.strip():
            policy.standing_texts.append((item.internal_notes,
                                          f"internal notes of {item.number}"))
        if not item.publishable and item.caption.strip():
            policy.standing_texts.append((item.caption, f"caption of {item.number} (not "
                                                        "publishable)"))
    models: tuple[tuple[Any, str], ...] = ((Interview, "interview"), (Event, "event"),
                                           (Finding, "finding"))
    for model, label in models:
        for ident, notes in session.execute(select(model.id, model.internal_notes)):
            if notes.strip():
                policy.standing_texts.append((notes, f"internal notes of {label} {ident}"))
    for excerpt in session.scalars(select(Excerpt).where(Excerpt.interview_id.is_not(None))):
        interview_id = excerpt.interview_id or 0
        people = policy._interviewees.get(interview_id, [])
        if any(policy.actors[a].protection == "withheld" for a in people if a in policy.actors):
            policy.standing_texts.append((excerpt.text, f"excerpt {excerpt.id} (said by a "
                                                        "withheld person)"))
        elif any(policy._withdrawn(r) & set(QUOTE_SCOPES)
                 for r in policy._consents.get(interview_id, [])):
            policy.standing_texts.append((excerpt.text, f"excerpt {excerpt.id} (consent "
                                                        "withdrawn)"))
    policy.withhold("internal notes", "never published (events, findings, evidence, "
                    "interviews)")
    policy.withhold("contact details", "never published")
    policy.withhold("interview notes", "only consented excerpts are quoted")


__all__ = ["ExcerptDecision", "Policy", "make_policy"]
