"""Documents (a company's response letter, a report): the original kept as evidence with its
text extracted and searchable."""

from __future__ import annotations

import json
from pathlib import Path, PurePath

from sqlalchemy.orm import Session

from workbench.case import Case
from workbench.importers.intake import import_file
from workbench.importers.results import FileResult, ImportOptions
from workbench.importers.text_readers import MEDIA_TYPES, read_text
from workbench.services.evidence import add_evidence_in


def import_document(case: Case, name: str, data: bytes, *,
                    options: ImportOptions | None = None,
                    path: Path | None = None) -> FileResult:
    options = options or ImportOptions()

    def store(session: Session, parsed: tuple[str, str, str], digest: str
              ) -> tuple[dict[str, list[int]], list[str]]:
        text, fmt, encoding = parsed
        item = add_evidence_in(
            session, case.reviewer, kind="document", original=data,
            original_name=PurePath(name).name, media_type=MEDIA_TYPES[fmt], digest=digest,
            title=PurePath(name).stem, extracted_text=text,
            acquired_from=options.acquired_from, acquired_how="document import",
            metadata_json=json.dumps({"format": fmt, "encoding": encoding}, sort_keys=True),
        )
        return {"evidence": [item.id]}, []

    return import_file(case, name, data, action="import document", options=options,
                       parse=lambda raw: read_text(name, raw, options.limits), store=store,
                       path=path)
