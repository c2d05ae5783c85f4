"""The review's data model (SQLAlchemy 2 typed models). See ../shared/design/DOMAIN.md."""

from db.models.base import Base
from db.models.case import AuditEntry, CaseInfo, Reviewer, Standard, Tag
from db.models.evidence import (
    CustodyEntry,
    Evidence,
    EvidenceBlob,
    EvidenceEvent,
    RedactionRegion,
)
from db.models.findings import (
    Allegation,
    Finding,
    FindingEvent,
    FindingEvidence,
    FindingExcerpt,
    FindingStandard,
    Grievance,
    GrievanceEvent,
    ProgressNote,
    Recommendation,
    RecommendationFinding,
    Response,
    StatusChange,
)
from db.models.interviews import (
    ConsentRecord,
    ConsentWithdrawal,
    Excerpt,
    ExcerptEvent,
    Interview,
    Interviewee,
)
from db.models.timeline import Actor, Event, EventActor, EventTag, Place

__all__ = [
    "Actor",
    "Allegation",
    "AuditEntry",
    "Base",
    "CaseInfo",
    "ConsentRecord",
    "ConsentWithdrawal",
    "CustodyEntry",
    "Event",
    "EventActor",
    "EventTag",
    "Evidence",
    "EvidenceBlob",
    "EvidenceEvent",
    "Excerpt",
    "ExcerptEvent",
    "Finding",
    "FindingEvent",
    "FindingEvidence",
    "FindingExcerpt",
    "FindingStandard",
    "Grievance",
    "GrievanceEvent",
    "Interview",
    "Interviewee",
    "Place",
    "ProgressNote",
    "Recommendation",
    "RecommendationFinding",
    "RedactionRegion",
    "Response",
    "Reviewer",
    "Standard",
    "StatusChange",
    "Tag",
]
