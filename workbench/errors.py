"""User-facing errors: the one line the user sees, never a traceback.

All derive from ``CaseError`` (defined beside the case file, re-exported here).
"""

from __future__ import annotations

import traceback

from db.errors import (
    CaseError,
    CaseNotFound,
    DamagedCase,
    NewerSchema,
    NotACase,
    UnsafeSqlcipher,
    WrongPassphrase,
)


class InvalidInput(CaseError):
    """A value the user typed or a file held is not acceptable; the message says why."""


class NotFound(CaseError):
    """The item asked for is not in this case."""


class CaseLocked(CaseError):
    """The case was locked or closed; unlock it again."""


class DiskFull(CaseError, OSError):
    """A file could not be written for lack of space; nothing was changed. (Also an
    OSError, so code catching a failed write still catches it.)"""


class WriteFailed(CaseError):
    """The case file could not be written (another program holds it locked, a failing
    disk); the transaction was rolled back, so nothing was changed."""


class Cancelled(CaseError):
    """The user cancelled; what had finished is kept."""


def describe_bug(exc: BaseException) -> str:
    """The exception type and where it happened: file, line and function of each frame.
    Never its message (it may quote SQL parameters, names, testimony), nor source lines."""
    frames = [f"  File {f.filename}, line {f.lineno}, in {f.name}"
              for f in traceback.extract_tb(exc.__traceback__)]
    kind = f"{type(exc).__module__}.{type(exc).__qualname__}"
    return "\n".join([*frames, f"{kind} (message withheld)"])


__all__ = [
    "Cancelled",
    "CaseError",
    "CaseLocked",
    "CaseNotFound",
    "DamagedCase",
    "DiskFull",
    "InvalidInput",
    "NewerSchema",
    "NotACase",
    "NotFound",
    "UnsafeSqlcipher",
    "WriteFailed",
    "WrongPassphrase",
    "describe_bug",
]
