"""Batches: walk folders, import each file in its own transaction, report per file, with
progress and cancellation through plain callables (the window wraps them in signals)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from workbench.case import Case
from workbench.errors import CaseError
from workbench.importers.documents import import_document
from workbench.importers.grievances import import_grievances
from workbench.importers.notes import import_notes
from workbench.importers.photos import import_photo
from workbench.importers.results import FileResult, ImportOptions, one_line, rejected
from workbench.importers.timeline import import_timeline

Progress = Callable[[int, int, int, int], None]  # files done, files total, bytes done, total
CancelCheck = Callable[[], bool]
Importer = Callable[..., FileResult]

IMPORTERS: dict[str, Importer] = {
    "notes": import_notes, "photos": import_photo, "documents": import_document,
    "timeline": import_timeline, "grievances": import_grievances,
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


def import_one(case: Case, kind: str, path: Path, options: ImportOptions) -> FileResult:
    name = str(path)
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
    finished and returns the results so far (the file in progress finishes first)."""
    if kind not in IMPORTERS:
        raise CaseError(f"'{kind}' is not something to import; use one of "
                        f"{', '.join(IMPORTERS)}")
    options = options or ImportOptions()
    files = collect(kind, paths)
    sizes = [_size(p) for p in files]
    total_bytes = sum(sizes)
    done_bytes = 0
    results: list[FileResult] = []
    if progress:
        progress(0, len(files), 0, total_bytes)
    for index, path in enumerate(files):
        if cancelled is not None and cancelled():
            break
        try:
            result = import_one(case, kind, path, options)
        except CaseError:  # the case itself (locked, damaged): stop; finished files stay
            raise
        except SQLAlchemyError as exc:  # the case could not be written (disk full...)
            reason = one_line(str(getattr(exc, "orig", exc)), 160)
            raise CaseError(f"{path}: the case could not be written ({reason}); the "
                            f"{len(results)} files before it are in the case") from None
        except Exception as exc:  # a bug of ours on this file; report it, go on with the rest
            result = rejected(str(path), f"internal error ({type(exc).__name__}: "
                              f"{one_line(str(exc), 120)}); please report it", path=path)
        results.append(result)
        done_bytes += sizes[index]
        if progress:
            progress(index + 1, len(files), done_bytes, total_bytes)
    return results
