"""The case archive: a zip another reviewer can re-check with standard tools.

It holds case.json (the whole case, files by path), the original files byte for byte,
their thumbnails, the audit log (one JSON object per line) and SHA256SUMS, a list in the
format of ``sha256sum`` of every other file: ``unzip`` then ``sha256sum -c SHA256SUMS``.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping

SUMS = "SHA256SUMS"
CASE_JSON = "case.json"
AUDIT_LOG = "audit-log.jsonl"
README = "README.txt"
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # entries carry no clock: the same case gives the same zip

_README = """Incident Investigation Workbench case archive

case.json        the whole case (format incident-workbench-case); files are named by path
originals/       every original file, byte for byte as imported
thumbnails/      derived thumbnails
audit-log.jsonl  the case's audit log, one hash-chained entry per line
SHA256SUMS       SHA-256 of every file above

Check it:  unzip ARCHIVE -d folder && cd folder && sha256sum -c SHA256SUMS
Open it:   workbench import archive NEW.case ARCHIVE
This archive is confidential: it holds everything the case holds, unredacted.
"""


def render(case_json: bytes, files: Mapping[str, bytes], audit_log: bytes) -> bytes:
    members: dict[str, bytes] = {README: _README.encode("utf-8"), CASE_JSON: case_json,
                                 AUDIT_LOG: audit_log}
    members.update(sorted(files.items()))
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                   for name, data in members.items())
    members[SUMS] = sums.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.external_attr = 0o644 << 16
            stored = name.startswith(("originals/", "thumbnails/"))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out.getvalue()


def read(data: bytes, *, max_total: int = 20 * 1024**3) -> tuple[dict[str, bytes], list[str]]:
    """(members, problems): every member, and every hash in SHA256SUMS that does not match."""
    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        total = sum(i.file_size for i in zf.infolist())
        if total > max_total:
            raise ValueError(f"the archive unpacks to {total} bytes, above the limit")
        members = {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}
    sums = members.get(SUMS)
    if sums is None:
        return members, [f"{SUMS} is missing"]
    listed = set()
    for line in sums.decode("utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed.add(name)
        if name not in members:
            problems.append(f"{name}: listed in {SUMS} but missing")
        elif hashlib.sha256(members[name]).hexdigest() != digest:
            problems.append(f"{name}: SHA-256 does not match")
    for name in members:
        if name != SUMS and name not in listed:
            problems.append(f"{name}: not listed in {SUMS}")
    return members, problems


__all__ = ["AUDIT_LOG", "CASE_JSON", "SUMS", "read", "render"]
