"""A case's lifecycle: create, open (unlock and migrate), read and write, rekey, back up, close.

``Case`` is the one handle the window, the command line and scripts hold on an open case.
Services take it as their first argument.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from db import engine as dbengine
from db import keys, migrate
from db.models import CaseInfo, Reviewer
from workbench import audit, indexing, writes
from workbench.changes import Changes
from workbench.errors import CaseLocked, DamagedCase, DiskFull, NotACase

TMP_SUFFIX = ".wb-tmp"


def default_reviewer() -> str:
    return os.environ.get("WORKBENCH_REVIEWER") or getpass.getuser() or "reviewer"


class Case:
    """An unlocked case file."""

    def __init__(self, path: Path, key: bytes, salt: bytes, reviewer: str, *,
                 connection: Any | None = None) -> None:
        self.path = path
        self._key: bytes | None = key
        self._reviewer_recorded = False
        self._salt = salt
        self.reviewer = reviewer
        self._engine: Engine | None = dbengine.make_engine(path, key, first=connection)
        self._sessions: sessionmaker[Session] | None = sessionmaker(
            self._engine, expire_on_commit=False
        )
        self._batch = threading.local()  # the thread's open Batch, if any (see batch())
        self._index_engine: Engine | None = None  # searches only (see read_index)

    # -- lifecycle -----------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, passphrase: str, title: str, *,
               kdf: keys.KdfParams = keys.DEFAULT_KDF, reviewer: str | None = None,
               is_demo: bool = False) -> Case:
        path = Path(path)
        if not passphrase:
            raise NotACase("a case needs a passphrase")
        dbengine.check_sqlcipher_build()
        salt = keys.new_salt(kdf)
        key = keys.derive_key(passphrase, salt)
        conn = dbengine.create_file(path, key, salt)
        conn.close()
        case = cls(path, key, salt, reviewer or default_reviewer())
        try:
            with case._engine_or_raise().begin() as connection:
                migrate.upgrade(connection)
            with case.write(f"create case '{title}'") as session:
                session.add(CaseInfo(id=1, title=title, created_at=audit.now_iso(),
                                     is_demo=is_demo))
            # Services build on Case; imported here to keep that dependency one-way.
            from workbench.services.standards import seed_catalogue

            seed_catalogue(case)
        except BaseException:
            case.close()
            path.unlink(missing_ok=True)
            raise
        return case

    @classmethod
    def open(cls, path: Path | str, passphrase: str, *, reviewer: str | None = None) -> Case:
        path = Path(path)
        dbengine.check_header(path)
        salt = keys.read_salt(path)
        key = keys.derive_key(passphrase, salt)
        return cls.open_with_key(path, key, salt, reviewer=reviewer)

    @classmethod
    def open_with_key(cls, path: Path, key: bytes, salt: bytes, *,
                      reviewer: str | None = None) -> Case:
        dbengine.check_sqlcipher_build()
        proven = dbengine.connect(path, key)  # wrong passphrase -> WrongPassphrase, untouched
        try:
            # Only once the key is proven: a mistyped passphrase must change nothing on disk.
            _remove_stale_temporaries(path)
        except BaseException:
            proven.close()
            raise
        # The proving connection becomes the engine's first: opening another costs a
        # second key setup and schema read.
        case = cls(path, key, salt, reviewer or default_reviewer(), connection=proven)
        try:
            case._migrate_if_needed()
            with case.read() as session:
                if session.get(CaseInfo, 1) is None:
                    raise NotACase(f"{path}: not a workbench case (no case record)")
        except SADatabaseError as exc:
            case.close()
            raise DamagedCase(f"{path}: damaged ({_reason(exc)}); run 'workbench verify' "
                              "and restore a backup") from None
        except BaseException:
            case.close()
            raise
        return case

    def handover(self) -> tuple[Path, bytes, bytes, str]:
        """What a child process of ours needs to open this case while it is open here
        (path, derived key, salt, reviewer): sent over a pipe, never written anywhere. See
        ``attach`` and workbench/publication/export_process.py."""
        if self._key is None:
            raise CaseLocked("the case was locked or closed; unlock it again")
        return self.path, self._key, self._salt, self.reviewer

    @classmethod
    def attach(cls, path: Path, key: bytes, salt: bytes, reviewer: str) -> Case:
        """The case another process of ours has open (``handover``): already unlocked,
        migrated and cleaned there, so none of that is done again."""
        dbengine.check_sqlcipher_build()
        return cls(path, key, salt, reviewer)

    def close(self) -> None:
        """Close every connection and forget the key (used by lock too)."""
        for engine in (self._engine, self._index_engine):
            if engine is not None:
                engine.dispose()
        self._engine = self._index_engine = None
        self._sessions = None
        self._key = None

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading and writing -------------------------------------------------------

    def _engine_or_raise(self) -> Engine:
        if self._engine is None:
            raise CaseLocked("the case is locked; unlock it to continue")
        return self._engine

    def _sessions_or_raise(self) -> sessionmaker[Session]:
        if self._sessions is None:
            raise CaseLocked("the case is locked; unlock it to continue")
        return self._sessions

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; anything it changed is rolled back. Inside a batch, the
        batch's session: it sees the batch's writes not yet committed."""
        batch = self._current_batch()
        if batch is not None:
            yield batch.session
            return
        session = self._sessions_or_raise()()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @contextlib.contextmanager
    def read_index(self) -> Iterator[Session]:
        """A session for ranking full-text searches (``db.search_index.rank``) and nothing
        else: its connection never opens a transaction (see ``db.engine.make_engine``); it
        sees what is committed, not a batch in progress."""
        self._engine_or_raise()  # raises when locked
        if self._index_engine is None:
            assert self._key is not None
            self._index_engine = dbengine.make_engine(self.path, self._key, autocommit=True)
        session = Session(self._index_engine)
        try:
            yield session
        finally:
            session.close()

    @contextlib.contextmanager
    def write(self, action: str) -> Iterator[Session]:
        """One transaction and one audit entry; ``self.last_changes`` holds what changed.
        Inside a batch: one savepoint and one audit entry, committed with the batch."""
        outcome: list[Changes] = []
        batch = self._current_batch()
        with writes.write(self._sessions_or_raise(), self.reviewer, action, outcome,
                          within=batch.session if batch is not None else None,
                          index_later=batch.index_later if batch is not None else None
                          ) as s:
            if not self._reviewer_recorded:
                # Recorded with the reviewer's first write, not on open: reading a case
                # (info, search, verify) never changes the file.
                self._record_reviewer(s)
            yield s
        self._reviewer_recorded = True
        self.last_changes = outcome[0]

    last_changes: Changes = Changes()

    def _current_batch(self) -> Batch | None:
        batch: Batch | None = getattr(self._batch, "open", None)
        return batch

    @contextlib.contextmanager
    def batch(self, group_seconds: float = 1.0, group_bytes: int = 64 << 20
              ) -> Iterator[Batch]:
        """Many writes in one transaction, committed in groups (``Batch.due``, ``commit``).

        A folder import is thousands of small writes: each its own transaction paid a
        commit (journal, fsyncs, a new search-index segment) per file. Each write stays a
        savepoint with its own audit entry (a file that fails rolls back alone); a group
        is durable once committed, and only then may it be reported done. What was not
        committed when the batch fails or the process dies is not in the case. Bound to
        the calling thread; other threads keep their own sessions.
        """
        if self._current_batch() is not None:
            raise RuntimeError("batches do not nest")
        batch = Batch(self._sessions_or_raise()(), group_seconds, group_bytes)
        reviewer_recorded = self._reviewer_recorded
        self._batch.open = batch
        try:
            yield batch
            batch.commit()
        except BaseException:
            batch.session.rollback()
            self._reviewer_recorded = reviewer_recorded or batch.committed_groups > 0
            from workbench.services.common import forget_audit_reads

            forget_audit_reads(self._engine)  # what it read of the rolled-back entries
            raise
        finally:
            self._batch.open = None
            batch.session.close()

    # -- whole-file operations -----------------------------------------------------

    def change_passphrase(self, new_passphrase: str, *,
                          kdf: keys.KdfParams | None = None) -> None:
        """Re-encrypt into a new file, then atomically replace the old one.

        A process killed at any moment leaves either the old file (old passphrase) or the
        new one (new passphrase), never a mix: the swap is a single rename.
        """
        if not new_passphrase:
            raise NotACase("the new passphrase is empty")
        params = kdf or max(keys.parse_salt(self._salt), keys.DEFAULT_KDF,
                            key=lambda p: p.memory_kib * p.time_cost)
        salt = keys.new_salt(params)
        key = keys.derive_key(new_passphrase, salt)
        self._export_to(self.path, key, salt, replace=True)
        self._record_whole_file_action(f"change passphrase ({params.describe()})")

    def backup(self, dest: Path | str) -> Path:
        """A new encrypted copy, openable with the same passphrase."""
        dest = Path(dest)
        if dest.exists():
            raise NotACase(f"{dest}: already exists; choose a new file name")
        assert self._key is not None
        self._export_to(dest, self._key, self._salt, replace=False)
        self._record_whole_file_action(f"backup to {dest.name}")
        return dest

    def _record_whole_file_action(self, action: str) -> None:
        # Whole-file actions change no row; they are still recorded in the audit log.
        with self.write(action) as session:
            audit.append(session, self.reviewer, action, {})

    def _export_to(self, dest: Path, key: bytes, salt: bytes, *, replace: bool) -> None:
        tmp = dest.with_name(f".{dest.name}{TMP_SUFFIX}")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
        os.close(fd)
        engine = self._engine_or_raise()
        try:
            with engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert raw is not None
                literal = keys.raw_key_pragma_value(key, salt)
                raw.execute(f"ATTACH DATABASE ? AS export KEY \"{literal}\"", (str(tmp),))
                try:
                    raw.execute("SELECT sqlcipher_export('export')")
                finally:
                    raw.execute("DETACH DATABASE export")
            _fsync(tmp)
            if replace:
                engine.dispose()  # no connection may keep the old file open across the swap
            os.replace(tmp, dest)
            _fsync_dir(dest.parent)
        except BaseException as exc:
            tmp.unlink(missing_ok=True)
            if _disk_full(exc):
                raise DiskFull(f"{dest.parent}: not enough disk space to write "
                               f"{dest.name}; nothing was changed") from None
            if _write_failed(exc):
                raise DiskFull(f"{dest.parent}: {dest.name} could not be written (disk full, "
                               "over a quota or failing); nothing was changed") from None
            raise
        if replace:
            self._key, self._salt = key, salt
            if self._index_engine is not None:
                self._index_engine.dispose()
                self._index_engine = None
            self._engine = dbengine.make_engine(self.path, key)
            self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    # -- internals -----------------------------------------------------------------

    def _migrate_if_needed(self) -> None:
        engine = self._engine_or_raise()
        with engine.connect() as conn:
            current = migrate.current_revision(conn)
        if not migrate.needs_upgrade(current, str(self.path)):
            return
        if current is not None:
            backup = self.path.with_name(f"{self.path.stem}.before-{current}{self.path.suffix}")
            if not backup.exists():
                self.backup_without_audit(backup)
        with engine.begin() as conn:
            migrate.upgrade(conn)

    def backup_without_audit(self, dest: Path) -> None:
        """Encrypted copy taken before a migration (the schema may not allow writes yet)."""
        assert self._key is not None
        self._export_to(dest, self._key, self._salt, replace=False)

    def _record_reviewer(self, session: Session) -> None:
        if session.query(Reviewer).filter_by(name=self.reviewer).first() is None:
            session.add(Reviewer(name=self.reviewer))

    def raw_execute(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        """Run one SQL statement on a keyed connection, bypassing services and the audit
        log: for verification pragmas, and for tests that tamper with a case."""
        with self._engine_or_raise().begin() as conn:
            result = conn.execute(text(sql), params)
            return [tuple(r) for r in result.all()] if result.returns_rows else []


class Batch:
    """The open transaction of ``Case.batch`` and when its next group is due."""

    def __init__(self, session: Session, group_seconds: float, group_bytes: int) -> None:
        self.session = session
        self.group_seconds = group_seconds
        self.group_bytes = group_bytes
        self.committed_groups = 0
        # The search-index changes of the group's writes, in order, written just before it
        # commits: FTS5 writes out what it holds at every savepoint (each file's, then,
        # as a segment of its own to merge), at about a fifth of a DOCX import's time. The
        # index is read on its own connection, which sees committed groups only.
        self.index_later: list[indexing.Entry] = []
        self._pending_bytes = 0
        self._since = time.monotonic()

    def wrote(self, size: int) -> None:
        """Count bytes written since the last commit (originals: the bulk of a group)."""
        self._pending_bytes += size

    def due(self) -> bool:
        """Whether the group is old or large enough to commit."""
        return (time.monotonic() - self._since >= self.group_seconds
                or self._pending_bytes >= self.group_bytes)

    def commit(self) -> None:
        indexing.apply(self.session, self.index_later)
        self.index_later.clear()
        self.session.commit()
        self.committed_groups += 1
        self._pending_bytes = 0
        self._since = time.monotonic()


def _disk_full(exc: BaseException) -> bool:
    """A write failed for lack of space (a full disk, a quota or a file-size limit)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return True
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlite_errorname", "") == "SQLITE_FULL" or (
        "database or disk is full" in str(orig))


def _write_failed(exc: BaseException) -> bool:
    """SQLite's word for a write the system refused (EFBIG, EIO...): "disk I/O error"."""
    orig = getattr(exc, "orig", exc)
    return (getattr(orig, "sqlite_errorname", "").startswith("SQLITE_IOERR")
            or "disk I/O error" in str(orig))


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", exc)
    return str(orig).split("\n")[0]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        _fsync(folder)


def _remove_stale_temporaries(path: Path) -> None:
    """A killed rekey or backup leaves an encrypted temporary; it is never the case itself."""
    tmp = path.with_name(f".{path.name}{TMP_SUFFIX}")
    tmp.unlink(missing_ok=True)
    # A kill mid-export also leaves the temporary's rollback journal; without the
    # temporary it is meaningless (and nothing else would ever remove it).
    tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)


__all__ = ["Case", "default_reviewer"]
