"""The steps every importer shares: size check, hash, duplicate check, a guarded parse, and
one transaction (one audit entry) per file."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from workbench.case import Case
from workbench.errors import InvalidInput, NotFound
from workbench.importers.results import (
    DUPLICATE,
    IMPORTED,
    FileResult,
    ImportOptions,
    Rejected,
    one_line,
    rejected,
)
from workbench.services.evidence import find_by_hash, sha256

P = TypeVar("P")


def parse_guarded(parse: Callable[[], P]) -> P:
    """Run a parser on untrusted bytes; anything it raises becomes a one-line reason.

    Format libraries raise all kinds of exceptions on fuzzed input (ValueError, KeyError,
    struct.error, zlib.error, RecursionError...); none of them may reach the user as a
    traceback, and none of them is a bug of ours to report.
    """
    try:
        return parse()
    except Rejected:
        raise
    except MemoryError:
        raise Rejected("too large to read in memory") from None
    except RecursionError:
        raise Rejected("unreadable: nested too deeply") from None
    except Exception as exc:  # hostile input, see the docstring
        detail = one_line(str(exc), 160)
        raise Rejected(f"unreadable ({type(exc).__name__}{': ' + detail if detail else ''})"
                       ) from None


@dataclass
class Prepared:
    """A file hashed and parsed ahead, on a helper thread, while the one before was written
    (see ``batch.import_paths``): ``parsed`` holds the parser's value or its Rejected."""

    data: bytes
    digest: Future[str]
    parsed: Future[Any]


# The batch's files prepared ahead, by id of their bytes (checked with ``is``).
PREPARED: contextvars.ContextVar[dict[int, Prepared] | None] = contextvars.ContextVar(
    "prepared", default=None)


def _prepared(data: bytes) -> Prepared | None:
    ahead = PREPARED.get()
    found = ahead.pop(id(data), None) if ahead else None
    return found if found is not None and found.data is data else None


def existing_evidence(case: Case, digest: str) -> int | None:
    with case.read() as session:
        return find_by_hash(session, digest)


def import_file(case: Case, name: str, data: bytes, *, action: str,
                options: ImportOptions, parse: Callable[[bytes], P],
                store: Callable[[Session, P, str], tuple[dict[str, list[int]], list[str]]],
                path: Path | None = None) -> FileResult:
    """Check, parse, and store one file; never raises for a problem of the file itself."""
    size = len(data)
    if size > options.limits.max_file_bytes:
        return rejected(name, f"larger than the limit of {options.limits.max_file_bytes} bytes",
                        path=path, size=size)
    if size == 0:
        return rejected(name, "the file is empty", path=path, size=size)
    prepared = _prepared(data)
    digest = prepared.digest.result() if prepared is not None else sha256(data)
    existing = existing_evidence(case, digest)
    if existing is not None:
        return FileResult(name=name, status=DUPLICATE, ids={"evidence": [existing]},
                          reason="already in the case", path=path, size=size)
    try:
        parsed = prepared.parsed.result() if prepared is not None \
            else parse_guarded(lambda: parse(data))
        # The audit action names the file (not its folders); the column holds 200 chars.
        with case.write(f"{action} {one_line(PurePath(name).name, 120)}") as session:
            ids, notes = store(session, parsed, digest)
    except (InvalidInput, NotFound) as exc:  # the file's fault (Rejected is InvalidInput)
        return rejected(name, str(exc), path=path, size=size)
    # Other CaseErrors (the case locked, damaged, the disk full) are the case's problem,
    # not this file's: they propagate and stop a batch.
    return FileResult(name=name, status=IMPORTED, ids=ids, notes=tuple(notes), path=path,
                      size=size)
