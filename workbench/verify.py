"""Verification of a case: cipher, database, evidence hashes, audit chain and coverage."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError as SADatabaseError

from db.models import Evidence, EvidenceBlob
from workbench import audit
from workbench.case import Case

ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"check": self.name, "ok": self.ok, "problems": self.problems}


def _cipher(case: Case) -> list[str]:
    # SQLCipher checks the HMAC of every page: any changed byte in any page shows here.
    return [str(r[0]) for r in case.raw_execute("PRAGMA cipher_integrity_check")]


def _database(case: Case) -> list[str]:
    rows = [str(r[0]) for r in case.raw_execute("PRAGMA integrity_check")]
    problems = [] if rows == ["ok"] else rows
    problems += [f"foreign key: {r}" for r in case.raw_execute("PRAGMA foreign_key_check")]
    return problems


def _evidence_hashes(case: Case) -> list[str]:
    problems = []
    with case.read() as session:
        rows = session.execute(
            select(Evidence.id, Evidence.number, Evidence.sha256, EvidenceBlob.data)
            .outerjoin(EvidenceBlob, (EvidenceBlob.evidence_id == Evidence.id)
                       & (EvidenceBlob.role == "original"))
        ).yield_per(20)
        for ident, number, expected, data in rows:
            if data is None:  # every intake stores its original: a missing one was removed
                problems.append(f"{number or ident}: original is missing")
                continue
            actual = hashlib.sha256(data).hexdigest()
            if actual != expected:
                problems.append(f"{number or ident}: original does not match its intake "
                                f"SHA-256 ({expected[:12]}… now {actual[:12]}…)")
    return problems


def _audit_chain(case: Case) -> list[str]:
    with case.read() as session:
        return [str(p) for p in audit.check_chain(session)]


def _audit_coverage(case: Case) -> list[str]:
    with case.read() as session:
        return [str(p) for p in audit.check_coverage(session)]


CHECKS: list[tuple[str, Callable[[Case], list[str]]]] = [
    ("cipher integrity", _cipher),
    ("database integrity", _database),
    ("evidence hashes", _evidence_hashes),
    ("audit chain", _audit_chain),
    ("audit coverage", _audit_coverage),
]


def verify(case: Case, progress: ProgressFn | None = None) -> list[CheckResult]:
    results = []
    for done, (name, check) in enumerate(CHECKS):
        if progress:
            progress(name, done, len(CHECKS))
        try:
            problems = check(case)
        except SADatabaseError as exc:
            problems = [f"unreadable: {str(getattr(exc, 'orig', exc)).splitlines()[0]}"]
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # Damaged content that still decrypts (an audit entry that is no longer JSON,
            # a value of the wrong type): a failed check, never a crash of verify.
            problems = [f"damaged content ({type(exc).__name__}: "
                        f"{(str(exc).splitlines() or [''])[0][:200]})"]
        results.append(CheckResult(name, not problems, problems))
    return results
