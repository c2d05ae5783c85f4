"""The whole case as a JSON document (lossless), and a new case made from one.

Every table except the audit log and the prepared photo copies, every row, every column, in
a fixed order; file contents either inline (base64) or as paths to files carried beside the
document (in an archive).
Importing into a new case and exporting again gives the same bytes. The format is described
in docs/case-json.md; ``json_schema()`` generates docs/case.schema.json from the models.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Float, Integer, LargeBinary, Table, select
from sqlalchemy.orm import Session

from db.keys import DEFAULT_KDF, KdfParams
from db.models import Base, CaseInfo
from workbench.case import Case
from workbench.errors import InvalidInput

FORMAT = "incident-workbench-case"
SCHEMA_VERSION = 1
# The audit log travels apart (archive: audit-log.jsonl); prepared photo copies are derived
# from the originals and regions the document carries, and made again at the next export.
NOT_EXPORTED = {"audit_entry", "prepared_photo"}


def tables() -> list[Table]:
    """Exported tables, parents before children (foreign keys resolve on import)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_EXPORTED]


def models() -> dict[str, type[Base]]:
    return {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}


def _safe(name: str) -> str:
    cleaned = re.sub(r"[^\w.\-]+", "_", name, flags=re.ASCII).strip("._")
    return cleaned[:80] or "file"


def dump(session: Session, *, inline_files: bool = True) -> tuple[dict[str, Any],
                                                                  dict[str, bytes]]:
    """(document, files): with ``inline_files`` False, file contents are returned apart,
    keyed by the relative path the document names."""
    numbers = dict(session.execute(select(Base.metadata.tables["evidence"].c.id,
                                          Base.metadata.tables["evidence"].c.number)).all())
    names = dict(session.execute(select(Base.metadata.tables["evidence"].c.id,
                                        Base.metadata.tables["evidence"].c.original_name)).all())
    files: dict[str, bytes] = {}
    out: dict[str, list[dict[str, Any]]] = {}
    for table in tables():
        pk = list(table.primary_key.columns)
        rows = []
        for row in session.execute(select(table).order_by(*pk)).mappings():
            record: dict[str, Any] = {}
            for column in table.columns:
                value = row[column.name]
                if isinstance(value, bytes | bytearray | memoryview):
                    data = bytes(value)
                    ref: dict[str, Any] = {"sha256": hashlib.sha256(data).hexdigest(),
                                           "size": len(data)}
                    if inline_files:
                        ref["base64"] = base64.b64encode(data).decode("ascii")
                    else:
                        ref["file"] = _file_path(row, numbers, names, files)
                        files[ref["file"]] = data
                    value = ref
                record[column.name] = value
            rows.append(record)
        out[table.name] = rows
    document = {"format": FORMAT, "schema_version": SCHEMA_VERSION, "tables": out}
    return document, files


def _file_path(row: Any, numbers: dict[int, str], names: dict[int, str],
               taken: dict[str, bytes]) -> str:
    number = numbers.get(row["evidence_id"], f"blob{row['id']}")
    if row["role"] == "original":
        path = f"originals/{number}-{_safe(names.get(row['evidence_id'], ''))}"
    else:
        path = f"thumbnails/{number}-{row['role']}.jpg"
    if path in taken:
        path = f"{path}.{row['id']}"
    return path


def _value(value: Any, column: Any, files: Mapping[str, bytes] | None) -> Any:
    if isinstance(column.type, LargeBinary) and value is not None:
        if "base64" in value:
            data = base64.b64decode(value["base64"], validate=True)
        elif files is not None and value.get("file") in files:
            data = files[value["file"]]
        else:
            raise InvalidInput(f"file {value.get('file', '?')} named in the document is missing")
        if hashlib.sha256(data).hexdigest() != value.get("sha256"):
            raise InvalidInput(f"file {value.get('file', 'inline')} does not match its SHA-256")
        return data
    if value is None:
        return None
    expected = {Boolean: bool, Integer: int, Float: (int, float)}
    for kind, python in expected.items():
        if isinstance(column.type, kind) and not isinstance(value, python):  # type: ignore[arg-type]
            raise InvalidInput(f"{column.table.name}.{column.name}: {value!r} is not a "
                               f"{kind.__name__.lower()}")
    return float(value) if isinstance(column.type, Float) else value


def check(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(f"not a workbench case document (format is not '{FORMAT}')")
    if document.get("schema_version") != SCHEMA_VERSION:
        raise InvalidInput(f"case document schema version {document.get('schema_version')} "
                           f"is not supported (this workbench reads {SCHEMA_VERSION})")
    known = {t.name for t in tables()}
    unknown = set(document.get("tables", {})) - known
    if unknown:
        raise InvalidInput(f"unknown tables in the document: {', '.join(sorted(unknown))}")


def load(case: Case, document: dict[str, Any], files: Mapping[str, bytes] | None = None,
         action: str = "import case from JSON") -> None:
    """Fill a new, empty case with the document's rows (one write, one audit entry)."""
    check(document)
    by_name = models()
    data = document["tables"]
    with case.write(action) as session:
        # A new case holds seeded rows (reviewer, standards catalogue): the document's win.
        for table in reversed(tables()):
            if table.name == "case_info":
                continue
            for obj in session.scalars(select(by_name[table.name])):
                session.delete(obj)
        session.flush()
        deferred: list[tuple[type[Base], Any, str, Any]] = []
        for table in tables():
            model = by_name[table.name]
            for row in data.get(table.name, []):
                values = {c.name: _value(row.get(c.name), c, files) for c in table.columns}
                info = session.get(CaseInfo, values["id"]) if table.name == "case_info" \
                    else None
                if info is not None:
                    for key, v in values.items():
                        setattr(info, key, v)
                    continue
                for fk in table.foreign_keys:  # a row may point at a later row of its table
                    col = fk.parent.name
                    if fk.column.table is table and values.get(col) is not None:
                        deferred.append((model, values["id"], col, values[col]))
                        values[col] = None
                session.add(model(**values))
            session.flush()
        for model, ident, col, target in deferred:
            setattr(session.get(model, ident), col, target)


def import_document(case_path: Path | str, passphrase: str, document: dict[str, Any],
                    files: Mapping[str, bytes] | None = None, *, kdf: KdfParams = DEFAULT_KDF,
                    reviewer: str | None = None, action: str = "import case from JSON") -> Case:
    check(document)
    path = Path(case_path)
    if path.exists():
        raise InvalidInput(f"{path}: already exists; import into a new case file")
    info = (document["tables"].get("case_info") or [{}])[0]
    case = Case.create(path, passphrase, str(info.get("title") or "Imported case"), kdf=kdf,
                       reviewer=reviewer)
    try:
        load(case, document, files, action)
    except BaseException:
        case.close()
        path.unlink(missing_ok=True)
        raise
    return case


def json_schema() -> dict[str, Any]:
    """A JSON Schema (2020-12) of the case document, generated from the models."""
    def column_schema(column: Any) -> dict[str, Any]:
        if isinstance(column.type, LargeBinary):
            kind: dict[str, Any] = {"$ref": "#/$defs/file"}
        elif isinstance(column.type, Boolean):
            kind = {"type": "boolean"}
        elif isinstance(column.type, Integer):
            kind = {"type": "integer"}
        elif isinstance(column.type, Float):
            kind = {"type": "number"}
        else:
            kind = {"type": "string"}
        return {"anyOf": [kind, {"type": "null"}]} if column.nullable else kind

    table_schemas = {}
    for table in tables():
        table_schemas[table.name] = {
            "type": "array",
            "items": {
                "type": "object", "additionalProperties": False,
                "required": [c.name for c in table.columns],
                "properties": {c.name: column_schema(c) for c in table.columns},
            },
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://incident-workbench.invalid/schemas/case-v1.json",
        "title": "Incident Investigation Workbench case document",
        "type": "object", "required": ["format", "schema_version", "tables"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT},
            "schema_version": {"const": SCHEMA_VERSION},
            "tables": {"type": "object", "additionalProperties": False,
                       "properties": table_schemas},
        },
        "$defs": {"file": {
            "type": "object", "required": ["sha256", "size"], "additionalProperties": False,
            "properties": {"sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                           "size": {"type": "integer"},
                           "base64": {"type": "string"}, "file": {"type": "string"}},
        }},
    }


__all__ = ["FORMAT", "SCHEMA_VERSION", "check", "dump", "import_document", "json_schema", "load"]


if __name__ == "__main__":  # python -m workbench.publication.case_data > docs/case.schema.json
    import json
    import sys

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
