"""JSON exports: the report model (any profile) and the whole case (confidential, lossless).

Both are canonical: keys sorted, UTF-8, two-space indent, a final newline; the same input
gives the same bytes. The whole-case document is described in docs/case-json.md and
docs/case.schema.json.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from exports.model import Report

REPORT_FORMAT = "incident-workbench-report"
REPORT_SCHEMA_VERSION = 1


def canonical(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2,
                       allow_nan=False) + "\n").encode("utf-8")


def render_report(report: Report) -> bytes:
    """The report model as JSON; photos are listed (number, caption, size), not embedded."""
    body = dataclasses.asdict(report)
    body["photos"] = [{"number": p.number, "caption": p.caption, "width": p.width,
                       "height": p.height, "graphic": p.graphic} for p in report.photos]
    return canonical({"format": REPORT_FORMAT, "schema_version": REPORT_SCHEMA_VERSION,
                      "report": body})


def render_case(document: dict[str, Any]) -> bytes:
    return canonical(document)


__all__ = ["canonical", "render_case", "render_report"]
