"""Passphrase hardening and the case file header.

A case file is a standard SQLCipher 4 database. SQLCipher keeps a 16-byte salt in the first
bytes of the file; we choose that salt ourselves (raw key with explicit salt) so that it
carries the parameters needed to derive the key *before* anything can be decrypted:

    bytes 0-2   b"IIW"        marks a workbench case (a plain SQLite file starts "SQL")
    byte  3     header format (1)
    byte  4     Argon2id memory cost as log2(KiB)   (18 = 256 MiB)
    byte  5     Argon2id time cost (passes)
    byte  6     Argon2id parallelism (lanes)
    bytes 7-15  random (72 bits, unique per file)

The whole 16 bytes are the Argon2id salt, so the salt and the parameters both live in the
file's own header, and a later release can raise the parameters for new files (or on
passphrase change) while older files keep opening with what they recorded.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

MAGIC = b"IIW"
HEADER_FORMAT = 1
SALT_SIZE = 16
KEY_SIZE = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters, recorded in the file header."""

    memory_log2_kib: int
    time_cost: int
    parallelism: int

    @property
    def memory_kib(self) -> int:
        return 1 << self.memory_log2_kib

    def describe(self) -> str:
        return (
            f"Argon2id m={self.memory_kib // 1024} MiB, t={self.time_cost}, "
            f"p={self.parallelism}"
        )


# Default: 256 MiB, 5 passes, 2 lanes. Measured at about 0.6 s on a 2-core machine
# (see README, "Security figures"); well above the 64 MiB floor.
DEFAULT_KDF = KdfParams(memory_log2_kib=18, time_cost=5, parallelism=2)
# For tests and benchmarks that create many cases; recorded in the header like any other.
FAST_KDF = KdfParams(memory_log2_kib=13, time_cost=1, parallelism=1)


class NotACaseHeader(ValueError):
    """The first bytes of the file are not a workbench case header."""


def new_salt(params: KdfParams) -> bytes:
    head = MAGIC + bytes(
        [HEADER_FORMAT, params.memory_log2_kib, params.time_cost, params.parallelism]
    )
    return head + os.urandom(SALT_SIZE - len(head))


def parse_salt(salt: bytes) -> KdfParams:
    if len(salt) != SALT_SIZE or not salt.startswith(MAGIC):
        raise NotACaseHeader("not a workbench case file")
    fmt, mem, time_cost, lanes = salt[3], salt[4], salt[5], salt[6]
    if fmt != HEADER_FORMAT:
        raise NotACaseHeader(f"unknown case header format {fmt}")
    if not (10 <= mem <= 24 and 1 <= time_cost <= 64 and 1 <= lanes <= 16):
        raise NotACaseHeader("damaged case header (implausible key parameters)")
    return KdfParams(mem, time_cost, lanes)


def read_salt(path: os.PathLike[str] | str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(SALT_SIZE)


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """Argon2id(passphrase, salt) -> 32-byte raw SQLCipher key."""
    params = parse_salt(salt)
    # NFC: an accented letter typed as one code point or as letter + combining mark (as
    # some systems paste it) is the same passphrase.
    return hash_secret_raw(
        secret=unicodedata.normalize("NFC", passphrase).encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_SIZE,
        type=Type.ID,
    )


def raw_key_pragma_value(key: bytes, salt: bytes | None = None) -> str:
    """The SQLCipher raw-key literal: x'<key hex>' or x'<key hex><salt hex>'."""
    return "x'" + key.hex() + (salt.hex() if salt else "") + "'"
