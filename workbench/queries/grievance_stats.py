"""The grievance register for the window: filtered rows, counts by category, channel and
status, and grievances per month by category (for a small chart)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from db.models import Grievance
from workbench.case import Case


@dataclass(frozen=True)
class GrievanceFilter:
    category: str = ""
    channel: str = ""
    status: str = ""
    text: str = ""  # in reference, description or outcome (case-insensitive)


@dataclass(frozen=True)
class GrievanceRow:
    id: int
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
    by_category: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    # month "YYYY-MM" -> category -> count; months without a full date are left out
    per_month: dict[str, dict[str, int]] = field(default_factory=dict)
    undated: int = 0


def matches(row: GrievanceRow, flt: GrievanceFilter) -> bool:
    if flt.category and row.category != flt.category:
        return False
    if flt.channel and row.channel != flt.channel:
        return False
    if flt.status and row.status != flt.status:
        return False
    if flt.text:
        needle = flt.text.casefold()
        return any(needle in v.casefold() for v in (row.reference, row.description,
                                                    row.outcome))
    return True


def grievances(case: Case, flt: GrievanceFilter | None = None) -> list[GrievanceRow]:
    with case.read() as session:
        rows = [GrievanceRow(g.id, g.reference, g.received_on, g.channel, g.language,
                             g.category, g.status, g.outcome, g.description)
                for g in session.scalars(select(Grievance)
                                         .order_by(Grievance.received_on, Grievance.id))]
    return [r for r in rows if matches(r, flt or GrievanceFilter())]


def _month(received_on: str) -> str:
    text = received_on.strip()
    if len(text) >= 7 and text[4] == "-" and text[:4].isdigit() and text[5:7].isdigit():
        return text[:7]
    return ""


def stats(rows: list[GrievanceRow]) -> GrievanceStats:
    per_month: dict[str, Counter[str]] = {}
    undated = 0
    for r in rows:
        month = _month(r.received_on)
        if not month:
            undated += 1
            continue
        per_month.setdefault(month, Counter())[r.category or "—"] += 1
    return GrievanceStats(
        by_category=dict(Counter(r.category or "—" for r in rows).most_common()),
        by_channel=dict(Counter(r.channel or "—" for r in rows).most_common()),
        by_status=dict(Counter(r.status or "—" for r in rows).most_common()),
        per_month={m: dict(per_month[m]) for m in sorted(per_month)},
        undated=undated,
    )


def choices(rows: list[GrievanceRow]) -> dict[str, list[str]]:
    """The distinct categories, channels and statuses (for filter boxes)."""
    return {name: sorted({getattr(r, name) for r in rows if getattr(r, name)})
            for name in ("category", "channel", "status")}
