"""Errors the case file raises. Each is something the user or the environment caused and is
shown as one clear line; anything else is a bug."""

from __future__ import annotations


class CaseError(Exception):
    """Base of every user-facing error. `str(err)` is the one line shown to the user."""


class CaseNotFound(CaseError):
    pass


class NotACase(CaseError):
    pass


class WrongPassphrase(CaseError):
    pass


class DamagedCase(CaseError):
    pass


class NewerSchema(CaseError):
    pass


class UnsafeSqlcipher(CaseError):
    """The SQLCipher build would put plaintext on disk; we refuse to run on it."""
