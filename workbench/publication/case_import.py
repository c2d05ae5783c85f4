"""Open an exported case again: ``workbench import json|archive NEW.case PATH``.

The JSON document or the archive becomes a new case file. An archive is checked first:
every hash in SHA256SUMS, every original against the SHA-256 recorded at intake, and the
source case's audit log chain; any mismatch refuses the import with the reason. The new
case's own audit log starts with one entry naming the source and its last audit hash.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from db.keys import DEFAULT_KDF, KdfParams
from exports import archive
from workbench import audit
from workbench.case import Case
from workbench.errors import InvalidInput
from workbench.publication import case_data

MAX_JSON = 8 * 1024**3


def _read(path: Path | str) -> bytes:
    path = Path(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from None


def _document(data: bytes, where: str) -> dict[str, Any]:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{where}: not a JSON document ({exc})") from None
    case_data.check(document)
    return document


def import_json(case_path: Path | str, passphrase: str, json_path: Path | str, *,
                kdf: KdfParams = DEFAULT_KDF, reviewer: str | None = None) -> Case:
    """A new case (returned open) from a whole-case JSON export."""
    document = _document(_read(json_path), str(json_path))
    return case_data.import_document(case_path, passphrase, document, kdf=kdf,
                                     reviewer=reviewer,
                                     action=f"import case from JSON {Path(json_path).name}")


def check_audit_log(data: bytes) -> tuple[list[str], int, str]:
    """(problems, entries, last hash) of an exported audit log (JSON lines)."""
    problems: list[str] = []
    prev, count = audit.GENESIS, 0
    for n, line in enumerate(data.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        e = json.loads(line)
        count += 1
        if e["prev_hash"] != prev:
            problems.append(f"audit entry {e['seq']} does not follow the one before it")
        if audit.entry_hash(e["prev_hash"], e["seq"], e["at"], e["reviewer"], e["action"],
                            e["changes"]) != e["hash"]:
            problems.append(f"audit entry {e['seq']} (line {n}) does not match its hash")
        prev = e["hash"]
    return problems, count, prev


def import_archive(case_path: Path | str, passphrase: str, archive_path: Path | str, *,
                   kdf: KdfParams = DEFAULT_KDF, reviewer: str | None = None) -> Case:
    """A new case (returned open) from a case archive, after checking every hash."""
    name = Path(archive_path).name
    try:
        members, problems = archive.read(_read(archive_path))
    except (ValueError, OSError) as exc:
        raise InvalidInput(f"{name}: not a case archive ({exc})") from None
    if archive.CASE_JSON not in members:
        raise InvalidInput(f"{name}: not a case archive ({archive.CASE_JSON} is missing)")
    log_problems, entries, last = check_audit_log(members.get(archive.AUDIT_LOG, b""))
    problems += log_problems
    if problems:
        shown = "; ".join(problems[:5])
        raise InvalidInput(f"{name}: the archive does not check out: {shown}"
                           + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
    document = _document(members[archive.CASE_JSON], f"{name}/{archive.CASE_JSON}")
    evidence = {e["id"]: e for e in document["tables"].get("evidence", [])}
    for blob in document["tables"].get("evidence_blob", []):
        item = evidence.get(blob["evidence_id"])
        if blob["role"] == "original" and item and item["sha256"] != blob["data"]["sha256"]:
            raise InvalidInput(f"{name}: the original of {item['number']} does not match the "
                               "SHA-256 taken at intake")
    action = (f"import case archive {name} (source audit log: {entries} entries, "
              f"last hash {last})")
    return case_data.import_document(case_path, passphrase, document, members, kdf=kdf,
                                     reviewer=reviewer, action=action)


__all__ = ["check_audit_log", "import_archive", "import_json"]
