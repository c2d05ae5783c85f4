"""People, groups, organisations and institutions, with protection levels and pseudonyms."""

from __future__ import annotations

import functools
import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Actor, Place
from db.models.timeline import ACTOR_KINDS, PLACE_PRECISIONS, PROTECTION_LEVELS
from workbench.case import Case
from workbench.changes import Changes
from workbench.services.common import (
    check_choice,
    from_json_list,
    get,
    highest_retired_code,
    json_list,
)

# Stable code prefixes: W(itness/person), G(roup), O(rganisation), I(nstitution).
PSEUDONYM_PREFIX = {"person": "W", "group": "G", "organisation": "O", "institution": "I"}
NO_ALIASES = json_list([])  # how an actor without aliases stores them


@functools.lru_cache(maxsize=8192)  # pure; find_actor folds every actor's name per lookup
def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped).strip()


def next_pseudonym(session: Session, kind: str) -> str:
    prefix = PSEUDONYM_PREFIX[kind]
    used = session.scalars(select(Actor.pseudonym).where(Actor.pseudonym.like(f"{prefix}-%")))
    numbers = [int(code.split("-")[1]) for code in used if code.split("-")[1].isdigit()]
    numbers.append(highest_retired_code(session, "pseudonym", prefix))
    return f"{prefix}-{max(numbers) + 1:02d}"


def add_actor_in(session: Session, name: str, *, kind: str = "person",
                 protection: str = "pseudonymous", aliases: list[str] | None = None,
                 description: str = "", stakeholder_group: str = "",
                 contact_notes: str = "") -> Actor:
    check_choice(kind, ACTOR_KINDS, "kind of actor")
    check_choice(protection, PROTECTION_LEVELS, "protection level")
    actor = Actor(
        name=name.strip(), kind=kind, protection=protection, aliases=json_list(aliases or []),
        description=description, stakeholder_group=stakeholder_group,
        contact_notes=contact_notes, pseudonym=next_pseudonym(session, kind),
    )
    session.add(actor)
    session.flush()
    return actor


def add_actor(case: Case, name: str, **fields: object) -> Changes:
    with case.write(f"add actor {fields.get('kind', 'person')}") as session:
        add_actor_in(session, name, **fields)  # type: ignore[arg-type]
    return case.last_changes


def find_actor(session: Session, name: str) -> Actor | None:
    """The actor whose name or one of whose aliases matches, ignoring case and accents."""
    wanted = fold(name)
    # Columns, not ORM objects: an import looks up each interviewee among every actor.
    for ident, actor_name, aliases in session.execute(
            select(Actor.id, Actor.name, Actor.aliases).order_by(Actor.id)):
        # Most actors have no aliases: decoding their '[]' was most of a lookup's time.
        if fold(actor_name) == wanted or (aliases != NO_ALIASES and any(
                fold(a) == wanted for a in from_json_list(aliases))):
            return session.get(Actor, ident)
    return None


def set_protection(case: Case, actor_id: int, protection: str) -> Changes:
    """Changing who may be named is deliberate: its own action in the audit log."""
    check_choice(protection, PROTECTION_LEVELS, "protection level")
    with case.write(f"set protection to {protection}") as session:
        get(session, Actor, actor_id).protection = protection
    return case.last_changes


def set_aliases(case: Case, actor_id: int, aliases: list[str]) -> Changes:
    with case.write("edit aliases") as session:
        get(session, Actor, actor_id).aliases = json_list(aliases)
    return case.last_changes


def add_place_in(session: Session, name: str, *, admin_area: str = "",
                 latitude: float | None = None, longitude: float | None = None,
                 precision: str = "locality", sensitive: bool = False) -> Place:
    check_choice(precision, PLACE_PRECISIONS, "place precision")
    place = Place(name=name, admin_area=admin_area, latitude=latitude, longitude=longitude,
                  precision=precision, sensitive=sensitive)
    session.add(place)
    session.flush()
    return place


def find_or_add_place(session: Session, name: str) -> Place:
    wanted = fold(name)
    for place in session.scalars(select(Place)):
        if fold(place.name) == wanted:
            return place
    return add_place_in(session, name)


def add_place(case: Case, name: str, **fields: object) -> Changes:
    with case.write("add place") as session:
        add_place_in(session, name, **fields)  # type: ignore[arg-type]
    return case.last_changes
