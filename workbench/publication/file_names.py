"""Suggested export file names: from the case's reference (or its title with protected
names replaced), checked by the leak guard, so a suggestion never names a protected person
or sensitive place, whatever the profile (a file name is seen in folder listings, mail
attachments and backups even when the file itself is encrypted)."""

from __future__ import annotations

import re

from db.models import CaseInfo
from workbench.case import Case
from workbench.services.actors import fold

FALLBACK_STEM = "case"
MAX_STEM = 60
# (profile, format) -> what follows the stem
_KIND = {
    ("confidential", "pdf"): "confidential-report.pdf",
    ("confidential", "json"): "confidential-data.json",
    ("confidential", "csv"): "confidential-tables",
    ("confidential", "archive"): "confidential-archive.zip",
    ("confidential", "reply-letter"): "reply-letters-confidential.pdf",
    ("publication", "pdf"): "publication-summary.pdf",
    ("publication", "json"): "publication-summary.json",
    ("publication", "csv"): "publication-tables",
    ("publication", "reply-letter"): "reply-letters.pdf",
}


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: 'Revisión Ñawpa 2019' -> 'revision-nawpa-2019'."""
    words = re.findall(r"[a-z0-9]+", fold(text).encode("ascii", "ignore").decode())
    out = "-".join(words)
    return out[:MAX_STEM].rstrip("-")


def safe_stem(case: Case) -> str:
    """The first part of every suggested name: the reference if the case has one, else the
    title as the publication profile shows it; 'case' if the guard objects to both."""
    # The leak guard brings the PDF readers: loaded here (on the database worker, when an
    # export is first asked for), not when the window imports this module at start-up.
    from workbench.publication.leak_guard import Guard
    from workbench.publication.policy import make_policy

    with case.read() as session:
        info = session.get(CaseInfo, 1)
        reference, title = (info.reference, info.title) if info is not None else ("", "")
        policy = make_policy(session, "publication")
    guard = Guard.from_policy(policy)
    for candidate in (reference, policy.text(title)):
        stem = slug(candidate)
        if stem and not guard.scan_file_name(stem):
            return stem
    return FALLBACK_STEM


def file_name(stem: str, profile: str, fmt: str) -> str:
    """'pe-2019-004-publication-summary.pdf'; a CSV export is a folder (no extension)."""
    kind = _KIND.get((profile, fmt), f"{profile}-{fmt}")
    return f"{stem}-{kind}"


__all__ = ["file_name", "safe_stem", "slug"]
