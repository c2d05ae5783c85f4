"""CSV registers from the report model: timeline, evidence register, action plan, grievances.

UTF-8, comma-separated, one header row, RFC 4180 quoting; one file per register.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from exports.model import Report


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


def render(report: Report) -> dict[str, bytes]:
    """File name -> CSV bytes."""
    timeline = _csv(
        ["ref", "date", "date_notation", "earliest", "latest", "approximate", "uncertain",
         "title", "description", "status", "place", "actors", "sources"],
        ([e.ref, e.when, e.notation, e.earliest or "", e.latest or "", int(e.approximate),
          int(e.uncertain), e.title, e.description, e.status, e.place, "; ".join(e.actors),
          "; ".join(f"{s.label} ({s.stance})" for s in e.sources)]
         for e in report.chronology),
    )
    evidence = _csv(
        ["number", "kind", "title", "date", "sha256", "size", "verification", "caption"],
        ([e.number, e.kind, e.title, e.date, e.sha256, e.size, e.verification, e.caption]
         for e in report.evidence),
    )
    plan = _csv(
        ["number", "title", "text", "addressee", "priority", "status", "due_on", "findings",
         "status_history", "progress"],
        ([r.number, r.title, r.text, r.addressee, r.priority, r.status, r.due_on,
          "; ".join(str(f) for f in r.findings),
          "; ".join(f"{h.on} {h.status}" + (f": {h.note}" if h.note else "") for h in r.history),
          "; ".join(f"{p.on}: {p.note}" for p in r.progress)]
         for r in report.recommendations),
    )
    grievances = _csv(
        ["reference", "received_on", "channel", "language", "category", "status", "outcome",
         "description"],
        ([g.reference, g.received_on, g.channel, g.language, g.category, g.status, g.outcome,
          g.description] for g in report.grievances.entries),
    )
    return {"timeline.csv": timeline, "evidence_register.csv": evidence,
            "action_plan.csv": plan, "grievances.csv": grievances}


__all__ = ["render"]
