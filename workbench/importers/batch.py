"""Batches: walk folders, import each file as its own audited write, report per file, with
progress and cancellation through plain callables (the window wraps them in signals).

The writes of a batch are committed in groups (``Case.batch``); progress counts a file done
only once its group is committed, so a file reported done survives a crash."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from workbench.case import Batch, Case
from workbench.errors import CaseError
from workbench.importers.intake import PREPARED, Prepared, parse_guarded
from workbench.importers.results import FileResult, ImportOptions, one_line, rejected
from workbench.services.evidence import sha256

Progress = Callable[[int, int, int, int], None]  # files done, files total, bytes done, total
CancelCheck = Callable[[], bool]
Importer = Callable[..., FileResult]



def _lazy(module: str, function: str) -> Callable[..., Any]:
    """The importer modules pull in Pillow, pillow-heif, python-docx, pypdf, openpyxl: load
    them on the first import of that kind, not when the window starts (cold start)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(f"workbench.importers.{module}"),
                       function)(*args, **kwargs)

    call.__name__ = function
    return call


IMPORTERS: dict[str, Importer] = {
    "notes": _lazy("notes", "import_notes"), "photos": _lazy("photos", "import_photo"),
    "documents": _lazy("documents", "import_document"),
    "timeline": _lazy("timeline", "import_timeline"),
    "grievances": _lazy("grievances", "import_grievances"),
}
_read_photo, _parse_notes = _lazy("photos", "read_photo"), _lazy("notes", "parse_notes")
# Parsers that only read the file's bytes (no case access): a batch runs the next file's
# hash and parse on a helper thread while this file is written, so decoding (Pillow and
# zlib release the GIL) overlaps encryption and the commit's fsync.
AHEAD: dict[str, Callable[[str, bytes, ImportOptions], Any]] = {
    "photos": lambda name, data, options: _read_photo(data, options.limits),
    "notes": lambda name, data, options: _parse_notes(name, data, options),
}
# What a folder walk picks up for each kind (a file named explicitly is always tried).
SUFFIXES = {
    "notes": {".txt", ".md", ".markdown", ".docx", ".odt", ".rtf", ".pdf"},
    "photos": {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".heic", ".heif"},
    "documents": {".pdf", ".docx", ".odt", ".txt", ".md", ".rtf"},
    "timeline": {".csv", ".tsv", ".xlsx"},
    "grievances": {".csv", ".tsv", ".xlsx"},
}


def collect(kind: str, paths: Iterable[Path]) -> list[Path]:
    """Files named, and the matching files in folders named (recursively, sorted, hidden
    files and folders left out)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [Path(root, f) for f in sorted(files)
                          if not f.startswith(".") and Path(f).suffix.lower() in SUFFIXES[kind]]
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def import_one(case: Case, kind: str, path: Path, options: ImportOptions,
               data: bytes | None = None) -> FileResult:
    name = str(path)
    if data is not None:  # read (and prepared) ahead by import_paths
        return IMPORTERS[kind](case, name, data, options=options, path=path)
    try:
        if not path.is_file():
            return rejected(name, "not found or not a file", path=path)
        size = path.stat().st_size
        if size > options.limits.max_file_bytes:
            return rejected(name, f"larger than the limit of {options.limits.max_file_bytes} "
                            "bytes", path=path, size=size)
        data = path.read_bytes()
    except OSError as exc:
        return rejected(name, f"cannot be read ({exc.strerror or exc})", path=path)
    return IMPORTERS[kind](case, name, data, options=options, path=path)


def import_paths(case: Case, kind: str, paths: list[Path], *,
                 options: ImportOptions | None = None, progress: Progress | None = None,
                 cancelled: CancelCheck | None = None) -> list[FileResult]:
    """Import every file; one result per file, in order. A cancelled batch keeps what was
    finished and returns the results so far (the file in progress finishes first). A
    CaseError (the case cannot be written) leaves the groups committed before it."""
    if kind not in IMPORTERS:
        raise CaseError(f"'{kind}' is not something to import; use one of "
                        f"{', '.join(IMPORTERS)}")
    options = options or ImportOptions()
    files = collect(kind, paths)
    sizes = [_size(p) for p in files]
    total_bytes = sum(sizes)
    results: list[FileResult] = []
    if progress:
        progress(0, len(files), 0, total_bytes)
    parse = AHEAD.get(kind)
    pool = ThreadPoolExecutor(1, "import-ahead") if parse is not None and files else None
    prepared: dict[int, Prepared] = {}
    ahead: dict[int, bytes] = {}  # file index -> its bytes, being prepared
    token = PREPARED.set(prepared)

    def prepare(index: int) -> None:
        path, size = files[index], sizes[index]
        if pool is None or parse is None or not 0 < size <= options.limits.max_file_bytes:
            return  # import_one reports it
        try:
            data = path.read_bytes()
        except OSError:
            return
        digest: Future[str] = Future()
        parsed: Future[Any] = Future()

        def job() -> None:
            try:
                digest.set_result(sha256(data))
                parsed.set_result(parse_guarded(lambda: parse(str(path), data, options)))
            except BaseException as exc:
                for future in (digest, parsed):
                    if not future.done():
                        future.set_exception(exc)

        prepared[id(data)] = Prepared(data, digest, parsed)
        ahead[index] = data
        pool.submit(job)

    committed = 0  # files whose writes are committed: only these are reported done

    def commit(group: Batch, processed: int) -> None:
        nonlocal committed
        if processed == committed:
            return
        try:
            group.commit()
        except SQLAlchemyError as exc:  # the disk full, the file-size limit...
            raise _not_written(exc, files[committed], committed) from None
        committed = processed
        if progress:
            progress(processed, len(files), sum(sizes[:processed]), total_bytes)

    try:
        if pool is not None:
            prepare(0)
        with case.batch(group_seconds=options.commit_seconds) as group:
            for index, path in enumerate(files):
                if cancelled is not None and cancelled():
                    break
                if pool is not None and index + 1 < len(files):
                    prepare(index + 1)
                results.append(_import_step(case, kind, path, options,
                                            ahead.pop(index, None), committed))
                group.wrote(sizes[index])
                if group.due():
                    commit(group, len(results))
            commit(group, len(results))
    finally:
        PREPARED.reset(token)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return results


def _not_written(exc: SQLAlchemyError, path: Path, committed: int) -> CaseError:
    reason = one_line(str(getattr(exc, "orig", exc)), 160)
    return CaseError(f"{path}: the case could not be written ({reason}); the "
                     f"{committed} files before it are in the case")


def _import_step(case: Case, kind: str, path: Path, options: ImportOptions,
                 data: bytes | None, committed: int) -> FileResult:
    """One file of a batch; raises CaseError only for a problem of the case itself."""
    try:
        return import_one(case, kind, path, options, data)
    except CaseError:  # the case itself (locked, damaged): stop; committed files stay
        raise
    except SQLAlchemyError as exc:  # the case could not be written (disk full...)
        raise _not_written(exc, path, committed) from None
    except Exception as exc:  # a bug of ours on this file; report it, go on with the rest
        return rejected(str(path), f"internal error ({type(exc).__name__}: "
                        f"{one_line(str(exc), 120)}); please report it", path=path)
