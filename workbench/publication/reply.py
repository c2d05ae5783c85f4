"""Right-of-reply letters: for each party, the allegations put to it (policy applied)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Allegation, CaseInfo, Response
from exports.model import Allegation as AllegationItem
from exports.model import ReplyLetter
from workbench.publication.policy import Policy, make_policy

SIGNATORY = {"en": "The independent review panel", "es": "El panel de revisión independiente"}


def build_letters_in(session: Session, profile: str, lang: str = "en",
                     today: str | None = None) -> tuple[list[ReplyLetter], Policy]:
    policy = make_policy(session, profile, lang, today)
    info = session.get(CaseInfo, 1)
    assert info is not None
    responded: dict[int, str] = {}
    for r in session.scalars(select(Response).order_by(Response.received_on)):
        responded.setdefault(r.allegation_id, r.received_on)
    by_party: dict[int | None, list[Allegation]] = {}
    for a in session.scalars(select(Allegation).order_by(Allegation.put_on, Allegation.id)):
        by_party.setdefault(a.party_actor_id, []).append(a)
    letters = []
    for party_id, items in by_party.items():
        party = policy.actor_label(party_id)
        if party is None:
            if party_id is not None:
                policy.withhold(f"reply letter to actor {party_id}", "the party is withheld")
            continue
        dues = sorted(a.response_due for a in items if a.response_due)
        letters.append(ReplyLetter(
            lang=lang, case_title=policy.text(info.title), reference=info.reference,
            classification=info.classification if profile == "confidential" else "PUBLIC",
            party=policy.text(party), dated=policy.today or dt.date.today().isoformat(),
            response_due=dues[-1] if dues else "",
            allegations=tuple(AllegationItem(policy.text(a.title), policy.text(a.text),
                                             a.put_on, a.response_due,
                                             responded.get(a.id, "")) for a in items),
            signatory=SIGNATORY.get(lang, SIGNATORY["en"]),
        ))
    return letters, policy


__all__ = ["build_letters_in"]
