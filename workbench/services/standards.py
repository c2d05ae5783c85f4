"""The standards catalogue a finding can engage: the UN Guiding Principles on Business and
Human Rights (UNGP 1-31) and the Voluntary Principles on Security and Human Rights (VPSHR).

The catalogue ships as ``resources/standards/catalogue.json`` (short titles and summaries
in our own words, not the official text). ``seed_catalogue`` copies it into a case in one
write, skipping codes the case already has, so re-seeding after an upgrade only adds what
is new and never overwrites a reviewer's edits.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select

from db.models import Standard
from workbench.case import Case
from workbench.changes import Changes

CATALOGUE_PACKAGE = "resources.standards"
CATALOGUE_FILE = "catalogue.json"


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    framework: str
    title: str
    summary: str
    group: str  # UNGP pillar or VPSHR section

    @property
    def label(self) -> str:
        return f"{self.code}: {self.title}"


@functools.cache
def catalogue() -> tuple[CatalogueEntry, ...]:
    """Every standard of the shipped catalogue, in catalogue order."""
    text = resources.files(CATALOGUE_PACKAGE).joinpath(CATALOGUE_FILE).read_text("utf-8")
    data = json.loads(text)
    entries = tuple(
        CatalogueEntry(code=item["code"], framework=item["framework"], title=item["title"],
                       summary=item.get("summary", ""),
                       group=item.get("pillar") or item.get("section") or "")
        for item in data["standards"]
    )
    codes = [e.code for e in entries]
    if len(set(codes)) != len(codes):
        raise ValueError("the standards catalogue repeats a code")
    return entries


def summary(code: str) -> str:
    """The catalogue's summary of a standard ('' for codes not in the catalogue)."""
    return next((e.summary for e in catalogue() if e.code == code), "")


def seed_catalogue(case: Case) -> Changes:
    """Add every catalogue standard the case does not have yet (one write; a write that
    adds nothing leaves no audit entry)."""
    with case.write("seed standards catalogue") as session:
        present = set(session.scalars(select(Standard.code)))
        session.add_all(Standard(code=e.code, framework=e.framework, title=e.title)
                        for e in catalogue() if e.code not in present)
    return case.last_changes


__all__ = ["CatalogueEntry", "catalogue", "seed_catalogue", "summary"]
