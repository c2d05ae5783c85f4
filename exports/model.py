"""The report model: plain frozen values a renderer turns into a document.

The core (``workbench.publication``) builds it with the publication policy applied; a
renderer receives only this, so what the policy withheld is not there to leak
(ARCHITECTURE.md, principle 3). It lives beside the renderers because they are the lower
layer: exports never import the core. Texts are already redacted where the profile requires.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PROFILES = ("confidential", "publication")
FORMATS = ("pdf", "json", "csv", "archive", "reply-letter")
LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class Methodology:
    interviews: int
    by_group: tuple[Count, ...]
    by_language: tuple[Count, ...]
    by_month: tuple[Count, ...]
    by_mode: tuple[Count, ...]
    first_interview: str
    last_interview: str
    documents: int
    photos: int


@dataclass(frozen=True)
class SourceRef:
    """Where a claim comes from: a pseudonym or public name, or an evidence number."""

    label: str
    stance: str  # supports | contradicts | context


@dataclass(frozen=True)
class Account:
    """A quoted excerpt with its source, as it may appear in this profile."""

    source: str
    text: str
    translation: str = ""
    stance: str = "supports"


@dataclass(frozen=True)
class ChronologyEntry:
    ref: str  # C-01: the number used in the chart and the table
    when: str  # displayed at its precision, in the report's language
    notation: str  # EDTF as stored (2018-04-03~)
    earliest: str | None
    latest: str | None
    approximate: bool
    uncertain: bool
    title: str
    description: str
    status: str
    place: str
    actors: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    internal_notes: str = ""


@dataclass(frozen=True)
class ContestedFact:
    ref: str
    when: str
    title: str
    status: str
    supporting: tuple[Account, ...]
    contradicting: tuple[Account, ...]


@dataclass(frozen=True)
class FindingEntry:
    number: int
    title: str
    statement: str
    assessment: str
    events: tuple[str, ...]  # chronology refs with titles
    evidence: tuple[str, ...]  # evidence numbers
    standards: tuple[str, ...]  # "UNGP 22: Remediation"
    accounts: tuple[Account, ...]
    internal_notes: str = ""


@dataclass(frozen=True)
class StatusStep:
    on: str
    status: str
    note: str


@dataclass(frozen=True)
class RecommendationEntry:
    number: int
    title: str
    text: str
    addressee: str
    priority: str
    status: str
    due_on: str
    findings: tuple[int, ...]
    history: tuple[StatusStep, ...]
    progress: tuple[StatusStep, ...]


@dataclass(frozen=True)
class GrievanceEntry:
    reference: str
    received_on: str
    channel: str
    language: str
    category: str
    status: str
    outcome: str
    description: str


@dataclass(frozen=True)
class GrievanceStats:
    total: int
    by_status: tuple[Count, ...]
    by_category: tuple[Count, ...]
    by_channel: tuple[Count, ...]
    by_language: tuple[Count, ...]
    entries: tuple[GrievanceEntry, ...]


@dataclass(frozen=True)
class CustodyStep:
    at: str
    action: str
    who: str
    note: str


@dataclass(frozen=True)
class EvidenceEntry:
    number: str
    kind: str
    title: str
    date: str
    sha256: str
    size: int
    verification: str
    caption: str
    source: str = ""  # who it came from (confidential only)
    location: str = ""  # coordinates (confidential only)
    custody: tuple[CustodyStep, ...] = ()
    internal_notes: str = ""


@dataclass(frozen=True)
class Photo:
    """A photo re-encoded from pixels: redactions burned in, no metadata at all."""

    number: str
    caption: str
    jpeg: bytes = field(repr=False)
    width: int
    height: int
    graphic: bool = False


@dataclass(frozen=True)
class Report:
    profile: str
    lang: str
    title: str
    reference: str
    classification: str
    generated_on: str
    period: str
    mandate: str
    scope: str
    is_demo: bool
    summary: tuple[str, ...]
    methodology: Methodology
    chronology: tuple[ChronologyEntry, ...]
    contested: tuple[ContestedFact, ...]
    findings: tuple[FindingEntry, ...]
    recommendations: tuple[RecommendationEntry, ...]
    grievances: GrievanceStats
    evidence: tuple[EvidenceEntry, ...]
    photos: tuple[Photo, ...]


@dataclass(frozen=True)
class Allegation:
    title: str
    text: str
    put_on: str
    response_due: str
    responded_on: str = ""


@dataclass(frozen=True)
class ReplyLetter:
    """A right-of-reply letter to one party: the allegations put to it and the deadline."""

    lang: str
    case_title: str
    reference: str
    classification: str
    party: str
    dated: str
    response_due: str
    allegations: tuple[Allegation, ...]
    signatory: str


@dataclass(frozen=True)
class Withheld:
    """Something the policy kept out of a publication export, and why (for the reviewer)."""

    what: str  # "excerpt 12", "evidence E-0004", "actor W-05"
    reason: str


__all__ = [
    "LANGUAGES",
    "PROFILES",
    "Account",
    "Allegation",
    "ChronologyEntry",
    "ContestedFact",
    "Count",
    "CustodyStep",
    "EvidenceEntry",
    "FindingEntry",
    "GrievanceEntry",
    "GrievanceStats",
    "Methodology",
    "Photo",
    "RecommendationEntry",
    "ReplyLetter",
    "Report",
    "SourceRef",
    "StatusStep",
    "Withheld",
]
