"""Opening SQLCipher connections with the right key and pragmas, and the SQLAlchemy engine.

Pragmas (set on every connection):
- ``cipher_log_level = NONE``: a wrong key must not print library noise on the terminal.
- ``foreign_keys = ON``: links between reviews entities are enforced by the database.
- ``secure_delete = ON``: deleted content is overwritten, not left in free pages.
- ``temp_store = MEMORY``: sorts and temporary tables never spill plaintext to a temp file.
- ``journal_mode = DELETE`` with ``synchronous = FULL``: every commit is fsynced before it
  returns, and the rollback journal (encrypted like the database) undoes a half-written
  transaction after a killed process. We prefer it to WAL because a case must be one
  self-contained file between commits: a copied or backed-up case never depends on a
  ``-wal`` file beside it, and the workbench writes from a single serial worker, so WAL's
  concurrent readers buy nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from db import keys
from db.errors import CaseNotFound, DamagedCase, NotACase, UnsafeSqlcipher, WrongPassphrase

SQLITE_MAGIC = b"SQLite format 3\x00"

CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA synchronous = FULL",
)


def check_header(path: Path) -> keys.KdfParams:
    """Read the header and tell apart: missing file, not a case, damaged header."""
    if not path.exists():
        raise CaseNotFound(f"{path}: no such file")
    if path.is_dir():
        raise NotACase(f"{path}: is a folder, not a case file")
    try:
        salt = keys.read_salt(path)
    except OSError as exc:
        raise NotACase(f"{path}: cannot be read ({exc.strerror})") from None
    if salt.startswith(SQLITE_MAGIC[:15]):
        raise NotACase(f"{path}: is an unencrypted SQLite database, not a case file")
    if len(salt) < keys.SALT_SIZE or not salt.startswith(keys.MAGIC):
        raise NotACase(f"{path}: not a workbench case file")
    try:
        return keys.parse_salt(salt)
    except keys.NotACaseHeader as exc:
        raise DamagedCase(f"{path}: {exc}") from None


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


# With cipher_memory_security on, each allocation SQLite takes from the system (not from the
# connection's small lookaside buffer) is locked and, when freed, wiped and unlocked: two
# system calls. Statements kept prepared in the driver's cache (128 by default) hold on to
# their allocations, and the statements run after them went to the system far more often:
# a DOCX import made about 640 mlock calls per file with the cache, 400 without it (strace),
# and 1,000 files took 8.4 s instead of 7.0 s (alternating runs). Preparing a statement
# again costs less than that.
STATEMENT_CACHE = 0


def connect(path: Path, key: bytes, *, create_salt: bytes | None = None,
            statement_cache: int = STATEMENT_CACHE) -> Any:
    """A keyed, configured SQLCipher connection. ``create_salt`` creates a new file.

    Opening an existing file uses ``mode=rw`` so that a typo never creates an empty
    database, and nothing is ever opened without a key.
    """
    mode = "rwc" if create_salt is not None else "rw"
    try:
        conn = sqlcipher3.connect(_uri(path, mode), uri=True, check_same_thread=False,
                                  cached_statements=statement_cache)
    except sqlcipher3.Error as exc:
        raise NotACase(f"{path}: cannot be opened ({exc})") from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{keys.raw_key_pragma_value(key, create_salt)}"')
        # The first read decrypts page 1 only (the header's user_version, no schema): it
        # fails on a wrong key. (A damaged page 1 cannot be told apart from a wrong key.)
        conn.execute("PRAGMA user_version").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        # A wrong key reads as "not a database"; a truncated or corrupt file as "corrupt".
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_CORRUPT":
            raise DamagedCase(f"{path}: damaged ({exc}); restore a backup") from None
        raise WrongPassphrase(f"{path}: wrong passphrase") from None
    try:
        # The schema may span further pages: a failure there is damage, not a wrong key.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise DamagedCase(f"{path}: damaged ({exc}); restore a backup") from None
    for pragma in CONNECTION_PRAGMAS:
        conn.execute(pragma)
    mode_now = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if mode_now.lower() != "delete":
        conn.execute("PRAGMA journal_mode = DELETE")
    return conn


def sqlcipher_settings() -> dict[str, Any]:
    """What this SQLCipher build does with the settings the workbench relies on."""
    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("PRAGMA key = 'probe'")
        version = (conn.execute("PRAGMA cipher_version").fetchone() or [""])[0]
        options = {row[0] for row in conn.execute("PRAGMA compile_options")}
        conn.execute("PRAGMA temp_store = MEMORY")
        temp_store = conn.execute("PRAGMA temp_store").fetchone()[0]
        # Process-wide: SQLCipher locks its memory (no swapping) and wipes it when freed.
        conn.execute("PRAGMA cipher_memory_security = ON")
        memory_security = (conn.execute("PRAGMA cipher_memory_security").fetchone()
                           or ["0"])[0]
        header = (conn.execute("PRAGMA cipher_default_plaintext_header_size").fetchone()
                  or ["0"])[0]
        provider = (conn.execute("PRAGMA cipher_provider").fetchone() or [""])[0]
    finally:
        conn.close()
    return {"version": str(version or ""), "options": options, "temp_store": int(temp_store),
            "memory_security": str(memory_security), "plaintext_header": int(header or 0),
            "provider": str(provider or "")}


def check_sqlcipher_build() -> None:
    """Refuse a SQLCipher build whose settings would put plaintext on disk: not SQLCipher 4
    (or no cipher at all), temporary tables and sorts on disk, memory that can be swapped
    out unwiped, or a page header left in clear."""
    s = sqlcipher_settings()
    advice = "; install the workbench's sqlcipher3 wheel (SQLCipher 4)"
    version = s["version"]
    if not version or not version.startswith("4.") or not s["provider"]:
        raise UnsafeSqlcipher(f"SQLCipher 4 is required (this build reports "
                              f"{version or 'no cipher'!r}){advice}")
    if "TEMP_STORE=0" in s["options"] or s["temp_store"] != 2:
        raise UnsafeSqlcipher("this SQLCipher build keeps temporary tables and sorts in files "
                              "on disk (in clear); it needs temp_store=MEMORY" + advice)
    if s["memory_security"] not in ("1", "ON", "on"):
        raise UnsafeSqlcipher("this SQLCipher build cannot lock and wipe its memory "
                              "(cipher_memory_security), so decrypted pages could reach the "
                              "swap file" + advice)
    if s["plaintext_header"]:
        raise UnsafeSqlcipher(f"this SQLCipher build leaves the first {s['plaintext_header']} "
                              "bytes of the file in clear" + advice)


def create_file(path: Path, key: bytes, salt: bytes) -> Any:
    """Create a new, empty, encrypted case file readable only by its owner."""
    if path.exists():
        raise NotACase(f"{path}: already exists; choose a new file name")
    # Create the file with owner-only permissions before SQLCipher writes a byte into it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    os.close(fd)
    try:
        conn = connect(path, key, create_salt=salt)
        conn.execute("PRAGMA journal_mode = DELETE")
        # Write page 1 now, on this connection: SQLCipher only puts our salt (the header)
        # into the file when it first writes a page. Left empty, the next connection (keyed
        # without the salt) would write a random salt and the case could never be reopened.
        conn.execute("PRAGMA user_version = 0")
        conn.commit()
        if keys.read_salt(path) != salt:
            raise DamagedCase(f"{path}: the case header could not be written")
        return conn
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def make_engine(path: Path, key: bytes, *, autocommit: bool = False,
                first: Any | None = None) -> Engine:
    """SQLAlchemy engine whose every connection is keyed and configured.

    ``autocommit``: no BEGIN is ever sent, every statement is its own read (the ranking
    of full-text searches, ``Case.read_index``). It was made for a slowdown found later to
    be the statement cache (``STATEMENT_CACHE``): with cached statements, a connection
    that had ended a transaction ranked about three times slower (p95 30 -> 63 ms on the
    benchmark's large case, ``tests/bench/probe_search.py``); without, the same either way.

    A small pool keeps SQLCipher's decrypted page cache warm between units of work;
    ``engine.dispose()`` (close, lock) closes every connection and with it the key.
    Connections are used by one thread at a time (the window's serial database worker).
    ``first``: a connection ``connect`` made (the one that proved the key on unlock),
    handed to the pool as its first instead of opening another.
    """
    handed = [first] if first is not None else []

    def creator() -> Any:
        return handed.pop() if handed else connect(path, key)

    engine = create_engine(
        "sqlite://",
        module=sqlcipher3.dbapi2,
        creator=creator,
        poolclass=QueuePool,
        pool_size=1,
        max_overflow=3,
    )

    @event.listens_for(engine, "connect")
    def _no_pysqlite_transactions(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (pysqlite's implicit transactions are unreliable).
        dbapi_conn.isolation_level = None

    if not autocommit:
        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN")

    return engine
