"""Exports end to end: build (policy applied), render, scan, then write atomically.

A publication export is scanned by the leak guard in memory; only if the scan finds nothing
is the file written (temporary name in the same folder, then one rename), so a refused or
failed export leaves nothing behind. Each export is recorded: an "exported" custody entry
for every evidence item it carries, and one audit entry. Photos it had to prepare (no copy
kept in the case matched their recipe) are kept in the same write, each with a "derived"
custody entry, so the next export reuses them (workbench/publication/prepared.py).
"""

from __future__ import annotations

import contextlib
import glob
import io
import json
import os
import secrets
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from db.models import AuditEntry, Evidence
from exports import archive, csv_export, json_export, pdf, reply_letter
from exports.model import FORMATS, LANGUAGES, PROFILES, Withheld
from workbench import audit
from workbench.case import Case
from workbench.changes import Changes
from workbench.errors import Cancelled, CaseError, InvalidInput
from workbench.publication import WRITING, case_data, prepared
from workbench.publication.leak_guard import Guard, Leak, LeakFound
from workbench.publication.policy import Policy
from workbench.publication.reply import build_letters_in
from workbench.publication.report_model import CancelCheck, ProgressCallback, build_in
from workbench.services.evidence import custody


class ExportRefused(CaseError):
    """This export is not allowed (an archive of a publication, say); nothing was written."""


@dataclass
class ExportResult:
    path: Path
    profile: str
    format: str
    pages: int | None = None
    files: list[str] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)  # what recording the export wrote

    def as_json(self) -> dict[str, object]:
        return {"path": str(self.path), "profile": self.profile, "format": self.format,
                "pages": self.pages, "files": self.files,
                "withheld": [{"what": w.what, "reason": w.reason} for w in self.withheld]}


def export(case: Case, profile: str, fmt: str, out: Path | str, *, lang: str = "en",
           password: str | None = None, today: str | None = None,
           progress: ProgressCallback | None = None,
           cancelled: CancelCheck | None = None) -> ExportResult:
    """Build, render, scan and write one export; raises LeakFound (nothing written).

    ``progress`` is told each stage's name; ``cancelled`` is asked between stages and
    between photos, and a True raises Cancelled: in every case nothing is written unless
    the whole export succeeded."""
    out = Path(out)
    if profile not in PROFILES:
        raise InvalidInput(f"'{profile}' is not a profile; use one of: {', '.join(PROFILES)}")
    if fmt not in FORMATS:
        raise InvalidInput(f"'{fmt}' is not an export format; use one of: {', '.join(FORMATS)}")
    if lang not in LANGUAGES:
        raise InvalidInput(f"'{lang}' is not a report language; use one of: "
                           f"{', '.join(LANGUAGES)}")
    if password is not None and fmt not in ("pdf", "reply-letter"):
        raise InvalidInput("a password protects PDF exports only")
    if fmt == "archive" and profile != "confidential":
        raise ExportRefused("an archive carries the original files: it is confidential only")
    if not out.parent.is_dir():
        raise InvalidInput(f"{out.parent}: no such folder")
    say = progress or (lambda _s: None)
    result = ExportResult(out, profile, fmt)
    files: dict[str, bytes] = {}
    policy: Policy | None = None
    made: list[prepared.PreparedCopy] = []
    with case.read() as session:
        if fmt in ("pdf", "csv") or (fmt == "json" and profile == "publication"):
            report, policy = build_in(session, profile, lang, today=today,
                                      with_photos=fmt == "pdf", progress=say,
                                      cancelled=cancelled, made=made)
            result.evidence = [e.number for e in report.evidence]
            say("rendering")
            if fmt == "pdf":
                files[out.name] = pdf.render(report)
            elif fmt == "csv":
                files = csv_export.render(report)
            else:
                files[out.name] = json_export.render_report(report)
        elif fmt == "reply-letter":
            letters, policy = build_letters_in(session, profile, lang, today)
            if not letters:
                raise ExportRefused("no allegations have been put to any party yet")
            files[out.name] = reply_letter.render(letters)
        else:
            document, blobs = case_data.dump(session, inline_files=fmt == "json")
            result.evidence = list(session.scalars(select(Evidence.number)
                                                   .order_by(Evidence.id)))
            body = json_export.render_case(document)
            if fmt == "json":
                files[out.name] = body
            else:
                files[out.name] = archive.render(body, blobs, _audit_log(session))
    if cancelled is not None and cancelled():
        raise Cancelled("export cancelled; nothing was written")
    if policy is not None:
        result.withheld = list(policy.withheld) if profile == "publication" else []
    if fmt in ("pdf", "reply-letter"):
        say("checking")
        result.pages = _check_pdf(files[out.name], out.name, policy, profile)
        if password:
            files[out.name] = encrypt_pdf(files[out.name], password)
    elif profile == "publication":
        assert policy is not None
        say("checking")
        guard = Guard.from_policy(policy)
        leaks = guard.scan_file_name(out.name) + guard.scan_data(files.items())
        if leaks:
            raise LeakFound(leaks)
    if cancelled is not None and cancelled():
        raise Cancelled("export cancelled; nothing was written")
    # From here the export is written and recorded, or fails as a whole: a Cancel is too
    # late (the export process is not stopped once it reports this stage).
    say(WRITING)
    if fmt == "csv":
        _write_folder_atomically(out, files)
        result.files = sorted(files)
    else:
        _write_atomically(out, files[out.name])
        result.files = [out.name]
    _record(case, result, made)
    return result


def _check_pdf(data: bytes, name: str, policy: Policy | None, profile: str) -> int:
    if profile != "publication" or policy is None:
        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(data)).pages)
    guard = Guard.from_policy(policy)
    leaks: list[Leak] = guard.scan_file_name(name)
    found, pages = guard.scan_pdf(data)
    leaks += found
    if leaks:
        raise LeakFound(leaks)
    return pages


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """AES-256 (PDF 2.0, revision 6) through pypdf and the cryptography package."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _audit_log(session: object) -> bytes:
    lines = []
    for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):  # type: ignore[attr-defined]
        lines.append(json.dumps({"seq": e.seq, "at": e.at, "reviewer": e.reviewer,
                                 "action": e.action, "changes": e.changes,
                                 "prev_hash": e.prev_hash, "hash": e.hash},
                                ensure_ascii=False, sort_keys=True))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _temporary(out: Path) -> Path:
    return out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")


def _remove_stale_temporaries(out: Path) -> None:
    """A killed export leaves its hidden, partly written temporary beside the output; the
    next export to the same name removes it (it is plaintext, and never the output)."""
    for stale in out.parent.glob(f".{glob.escape(out.name)}.*.part"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def _write_atomically(out: Path, data: bytes) -> None:
    _remove_stale_temporaries(out)
    tmp = _temporary(out)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(out.parent)


def _write_folder_atomically(out: Path, files: dict[str, bytes]) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InvalidInput(f"{out}: exists; a CSV export needs a new (or empty) folder")
    _remove_stale_temporaries(out)
    tmp = _temporary(out)
    tmp.mkdir(mode=0o700)
    try:
        for name, data in files.items():
            _write_atomically(tmp / name, data)
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_folder(out.parent)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _record(case: Case, result: ExportResult, made: list[prepared.PreparedCopy]) -> None:
    action = f"export {result.profile} {result.format} to {result.path.name}"
    entry: int | None = None
    with case.write(action) as session:
        prepared.keep(session, made, case.reviewer)
        ids = dict(session.execute(select(Evidence.number, Evidence.id)).all())
        for number in result.evidence:
            if number in ids:
                custody(session, ids[number], case.reviewer, "exported",
                        f"{result.profile} {result.format}: {result.path.name}")
        if not result.evidence:
            entry = audit.append(session, case.reviewer, action, {}).seq
    # What the window's views refresh from (custody entries, kept copies, the audit log).
    result.changes = case.last_changes if entry is None else Changes(action, entry)


__all__ = ["FORMATS", "ExportRefused", "ExportResult", "encrypt_pdf", "export"]
