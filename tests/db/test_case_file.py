"""The case file on disk: nothing readable in it or beside it, and each failure its own error.

A reviewer's case holds witness names and testimony; a stolen laptop must yield nothing,
a mistyped passphrase must change nothing, and a wrong file must be told apart clearly.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import factories
import pytest
from factories import PASSPHRASE

from db import engine as dbengine
from db import migrate
from db.keys import FAST_KDF, MAGIC
from workbench.case import Case
from workbench.errors import (
    CaseNotFound,
    DamagedCase,
    NewerSchema,
    NotACase,
    WrongPassphrase,
)
from workbench.verify import verify

# Distinctive texts, one per place a reviewer writes; accented on purpose (Spanish, Quechua).
CANARY = {
    "actor": "Wilfredo Quispe Huamaní zqx71",
    "alias": "el Cóndor Ñawpa zqx72",
    "contact": "celular 987-zqx73 de doña Añañau",
    "place": "Comunidad Alto Huancané zqx74",
    "event": "Desalojo en Pampacancha zqx75",
    "event_description": "La policía llegó al amanecer zqx76 con gases lacrimógenos",
    "interview": "Entrevista con testigo protegida zqx77",
    "notes": "Ella dijo: «me golpearon en la comisaría» zqx78",
    "translation": "She said: they beat me at the station zqx79",
    "excerpt_translation": "Traducción del fragmento zqx80 ñuqa",
    "caption": "Foto del cerco perimétrico zqx81",
    "extracted": "Oficio N.º 123-zqx82 de la Fiscalía",
    "evidence_original": "CONTENIDO ORIGINAL DEL DOCUMENTO zqx83 ÁÉÍÓÚ",
    "finding": "Uso desproporcionado de la fuerza zqx84",
    "recommendation": "Reparación integral a las familias zqx85",
    "allegation": "Alegación contra la empresa minera zqx86",
    "response": "La empresa niega los hechos zqx87",
    "grievance": "Queja por contaminación del río zqx88",
    "progress": "Avance: mesa de diálogo instalada zqx89",
    "consent": "Consentimiento oral ante Rosa Ccahuana zqx90",
}
CASE_TITLE = "Revisión independiente Mina Qori zqx91"
REVIEWER = "Revisora Núñez zqx92"


def _fingerprint(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size


def _written_case(folder: Path) -> Path:
    path = folder / "review.case"
    case = Case.create(path, PASSPHRASE, CASE_TITLE, kdf=FAST_KDF, reviewer=REVIEWER)
    try:
        factories.populated(case, CANARY)
    finally:
        case.close()
    return path


# -- nothing readable on disk ----------------------------------------------------------


def test_canaries_are_really_written(tmp_path: Path) -> None:
    # Guard against the leak test passing because the texts never reached the file.
    path = _written_case(tmp_path)
    with Case.open(path, PASSPHRASE, reviewer="r") as case:
        dumped = "\n".join(str(row) for table in (
            "actor", "place", "event", "interview", "excerpt", "evidence", "finding",
            "recommendation", "allegation", "response", "grievance", "progress_note",
            "consent_record", "case_info", "reviewer",
        ) for row in case.raw_execute(f"SELECT * FROM {table}"))
        blob = case.raw_execute("SELECT data FROM evidence_blob WHERE role = 'original'")
    for slot, text in CANARY.items():
        if slot == "evidence_original":
            assert blob[0][0] == text.encode("utf-8")
        else:
            assert text in dumped, slot
    assert CASE_TITLE in dumped and REVIEWER in dumped


def test_no_written_text_in_the_file_or_beside_it(tmp_path: Path) -> None:
    path = _written_case(tmp_path)
    with Case.open(path, PASSPHRASE, reviewer=REVIEWER) as case:
        case.backup(tmp_path / "backup.case")
        case.change_passphrase("a new passphrase", kdf=FAST_KDF)
    texts = [*CANARY.values(), CASE_TITLE, REVIEWER]
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["backup.case", "review.case"]  # no journal, temp copy or log left
    assert factories.leaks(tmp_path, texts) == []
    for name in files:
        data = (tmp_path / name).read_bytes()
        assert data.startswith(MAGIC)
        assert b"SQLite format 3" not in data
        assert b"CREATE TABLE" not in data


def test_the_leak_check_would_see_a_leak(tmp_path: Path) -> None:
    # The check itself must be able to fail: a plaintext copy is caught in every encoding.
    text = CANARY["actor"]
    for i, enc in enumerate(("utf-8", "utf-16-le", "utf-16-be")):
        (tmp_path / f"leak{i}").write_bytes(b"\x00junk" + text.encode(enc) + b"junk")
    assert len(factories.leaks(tmp_path, [text])) == 3


def test_case_file_and_backups_are_owner_only(case: Case, tmp_path: Path) -> None:
    backup = case.backup(tmp_path / "copy.case")
    case.change_passphrase("another passphrase", kdf=FAST_KDF)
    for path in (case.path, backup):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_case_file_is_owner_only_even_with_a_lax_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        with Case.create(tmp_path / "lax.case", PASSPHRASE, "t", kdf=FAST_KDF, reviewer="r"):
            pass
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "lax.case").stat().st_mode) == 0o600


def test_header_records_the_kdf_parameters(case: Case) -> None:
    head = case.path.read_bytes()[:16]
    assert head[:3] == MAGIC
    assert (head[4], head[5], head[6]) == (FAST_KDF.memory_log2_kib, FAST_KDF.time_cost,
                                           FAST_KDF.parallelism)


# -- wrong passphrase ---------------------------------------------------------------------


def test_wrong_passphrase_changes_nothing_and_prints_nothing(
        case: Case, capfd: pytest.CaptureFixture[str]) -> None:
    path = case.path
    case.close()
    before = _fingerprint(path)
    listing = sorted(p.name for p in path.parent.iterdir())
    capfd.readouterr()
    for wrong in ("wrong passphrase", PASSPHRASE.upper(), PASSPHRASE + " ", "ñ"):
        with pytest.raises(WrongPassphrase, match="wrong passphrase"):
            Case.open(path, wrong)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert _fingerprint(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == listing
    with Case.open(path, PASSPHRASE) as reopened:
        assert all(r.ok for r in verify(reopened))


# -- files that are not (good) cases --------------------------------------------------------


def _plain_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES ('hello')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(os.urandom(8192)), "not a workbench case"),
        (lambda p: p.write_bytes(b""), "not a workbench case"),
        (lambda p: p.write_bytes(b"IIW"), "not a workbench case"),
        (lambda p: p.write_text("Dear reviewer, this is a letter.\n" * 40), "not a workbench"),
        (_plain_sqlite, "unencrypted SQLite database"),
        (lambda p: p.mkdir(), "is a folder"),
    ],
    ids=["random", "empty", "truncated-header", "text", "plain-sqlite", "folder"],
)
def test_not_a_case(tmp_path: Path, make, message: str,
                    capfd: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "thing.case"
    make(path)
    before = _fingerprint(path) if path.is_file() else None
    with pytest.raises(NotACase, match=message) as info:
        Case.open(path, PASSPHRASE)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)
    assert capfd.readouterr() == ("", "")
    if before is not None:
        assert _fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thing.case"]


def test_missing_file_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(CaseNotFound):
        Case.open(tmp_path / "typo.case", PASSPHRASE)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("offset", "value"), [(3, 9), (4, 99), (5, 0), (6, 200)],
                         ids=["format", "memory", "passes", "lanes"])
def test_damaged_header(case: Case, offset: int, value: int) -> None:
    path = case.path
    case.close()
    data = bytearray(path.read_bytes())
    data[offset] = value
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedCase) as info:
        Case.open(path, PASSPHRASE)
    assert str(path) in str(info.value)


def test_case_from_a_newer_schema_is_refused_untouched(case: Case) -> None:
    path = case.path
    case.raw_execute("UPDATE alembic_version SET version_num = '9001'")
    case.close()
    before = _fingerprint(path)
    with pytest.raises(NewerSchema, match="newer version"):
        Case.open(path, PASSPHRASE)
    assert _fingerprint(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no backup taken


def test_a_keyed_sqlcipher_file_without_a_case_record_is_not_a_case(tmp_path: Path) -> None:
    from db import keys

    path = tmp_path / "bare.case"
    salt = keys.new_salt(FAST_KDF)
    key = keys.derive_key(PASSPHRASE, salt)
    conn = dbengine.create_file(path, key, salt)
    conn.close()
    with pytest.raises(NotACase, match="no case record"):
        Case.open(path, PASSPHRASE)


# -- never an unencrypted database ----------------------------------------------------------


def test_creating_over_an_existing_file_refuses_and_keeps_it(case: Case) -> None:
    path = case.path
    case.close()
    before = _fingerprint(path)
    with pytest.raises(NotACase, match="already exists"):
        Case.create(path, PASSPHRASE, "again", kdf=FAST_KDF)
    assert _fingerprint(path) == before


def test_empty_passphrase_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(NotACase):
        Case.create(tmp_path / "x.case", "", "t", kdf=FAST_KDF)
    assert list(tmp_path.iterdir()) == []


def test_failure_while_keying_leaves_no_file(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a, **_k):
        raise RuntimeError("simulated failure before the key is set")

    monkeypatch.setattr(dbengine.keys, "raw_key_pragma_value", broken)
    with pytest.raises(RuntimeError):
        Case.create(tmp_path / "x.case", PASSPHRASE, "t", kdf=FAST_KDF)
    assert list(tmp_path.iterdir()) == []


def test_failure_while_making_the_schema_leaves_no_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a, **_k):
        raise RuntimeError("simulated failure during the first migration")

    monkeypatch.setattr(migrate, "upgrade", broken)
    with pytest.raises(RuntimeError):
        Case.create(tmp_path / "x.case", PASSPHRASE, "t", kdf=FAST_KDF)
    assert list(tmp_path.iterdir()) == []


def test_no_plaintext_database_is_written_even_when_keying_is_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # If connect() ever ran a statement on an unkeyed connection, SQLite would write a plain
    # "SQLite format 3" file. Whatever fails, no such file may exist afterwards.
    for failing in ("PRAGMA key", "PRAGMA user_version", "SELECT count(*) FROM sqlite_master"):
        real = dbengine.sqlcipher3.connect

        def connect(*args, _failing=failing, _real=real, **kwargs):
            conn = _real(*args, **kwargs)
            if not str(args[0]).startswith("file:"):
                return conn  # the build probe in memory

            class Wrapped:
                def __getattr__(self, name):
                    return getattr(conn, name)

                def execute(self, sql, *a):
                    if sql.startswith(_failing):
                        raise dbengine.sqlcipher3.DatabaseError("simulated")
                    return conn.execute(sql, *a)

            return Wrapped()

        monkeypatch.setattr(dbengine.sqlcipher3, "connect", connect)
        with pytest.raises((WrongPassphrase, NotACase, DamagedCase)):
            Case.create(tmp_path / "x.case", PASSPHRASE, "t", kdf=FAST_KDF)
        monkeypatch.undo()
        for path in tmp_path.iterdir():
            assert not path.read_bytes().startswith(b"SQLite format 3"), path


def test_wrong_passphrase_leaves_a_crash_temporary_alone(case: Case) -> None:
    # The leftovers of a killed passphrase change are removed only by someone with the key.
    from workbench.case import TMP_SUFFIX

    path = case.path
    case.close()
    tmp = path.with_name(f".{path.name}{TMP_SUFFIX}")
    tmp.write_bytes(MAGIC + os.urandom(4096))
    listing = {p.name: _fingerprint(p) for p in path.parent.iterdir()}
    with pytest.raises(WrongPassphrase):
        Case.open(path, "wrong passphrase")
    assert {p.name: _fingerprint(p) for p in path.parent.iterdir()} == listing
    with Case.open(path, PASSPHRASE):
        pass
    assert not tmp.exists()


_CRASH_MID_WRITE = r"""
import os, signal, sys
from workbench.case import Case
case = Case.open(sys.argv[1], sys.argv[2], reviewer="tester")
with case._engine_or_raise().connect() as conn:
    raw = conn.connection.dbapi_connection
    raw.execute("PRAGMA cache_size = 5")  # spill changed pages into the file before commit
    raw.execute("BEGIN")
    for i in range(2000):
        raw.execute("INSERT INTO tag(name) VALUES (?)", (f"uncommitted tag {i} " + "x" * 200,))
    raw.execute("UPDATE event SET title = 'uncommitted title'")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_crash_mid_write_recovers_the_same_whatever_passphrase_is_tried_first(
        case: Case, tmp_path: Path) -> None:
    """A killed write leaves a hot journal. SQLite rolls it back on the next open, before the
    key can be checked; the rollback copies encrypted pages, so a wrong passphrase tried
    first must recover exactly as the right one would, and lose no committed work."""
    import shutil
    import subprocess
    import sys

    from factories import PROJECT

    factories.populated(case)
    path = case.path
    committed = sorted(case.raw_execute("SELECT id, title FROM event"))
    case.close()
    done = subprocess.run([sys.executable, "-c", _CRASH_MID_WRITE, str(path), PASSPHRASE],
                          cwd=PROJECT, env={**os.environ, "PYTHONPATH": str(PROJECT)},
                          capture_output=True, timeout=60)
    assert done.returncode == -9, done.stderr
    journal = path.with_name(path.name + "-journal")
    assert journal.exists() and journal.read_bytes()[:8] != bytes(8)  # a hot journal
    copies = []
    for name in ("wrong-first", "right-only"):
        (tmp_path / name).mkdir()
        shutil.copy(path, tmp_path / name / path.name)
        shutil.copy(journal, tmp_path / name / journal.name)
        copies.append(tmp_path / name / path.name)
    with pytest.raises(WrongPassphrase):
        Case.open(copies[0], "wrong passphrase")
    for copy in copies:
        with Case.open(copy, PASSPHRASE, reviewer="tester") as reopened:
            assert sorted(reopened.raw_execute("SELECT id, title FROM event")) == committed
            assert reopened.raw_execute(
                "SELECT count(*) FROM tag WHERE name LIKE 'uncommitted%'") == [(0,)]
            assert all(r.ok for r in verify(reopened))
        assert sorted(p.name for p in copy.parent.iterdir()) == [path.name]
    assert copies[0].read_bytes() == copies[1].read_bytes()


def test_connection_pragmas_keep_plaintext_off_disk_and_commits_durable(case: Case) -> None:
    def pragma(name: str):
        return case.raw_execute(f"PRAGMA {name}")[0][0]

    assert pragma("foreign_keys") == 1
    assert pragma("secure_delete") == 1
    assert pragma("temp_store") == 2  # MEMORY: sorts and temp tables never hit the disk
    assert pragma("synchronous") == 2  # FULL
    assert pragma("journal_mode").lower() == "delete"
    assert pragma("cipher_version").startswith("4.")
    # The FTS5 index overwrites removed entries too.
    assert ("secure-delete", 1) in case.raw_execute("SELECT k, v FROM search_index_config")


def test_unlocking_keys_one_connection_and_it_is_configured(
        case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    # The connection that proves the passphrase is the one the case goes on with.
    path = case.path
    case.close()
    opened: list[object] = []
    real_connect = dbengine.connect

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        conn = real_connect(*args, **kwargs)
        opened.append(conn)
        return conn

    monkeypatch.setattr(dbengine, "connect", counting)
    with Case.open(path, PASSPHRASE) as again:
        again.raw_execute("SELECT count(*) FROM event")
        assert again.raw_execute("PRAGMA foreign_keys")[0][0] == 1
        assert again.raw_execute("PRAGMA temp_store")[0][0] == 2
    assert len(opened) == 1


def test_cases_with_other_key_parameters_keep_opening(tmp_path: Path) -> None:
    # Parameters live in each file's header: raising the default later breaks no old case.
    from db.keys import KdfParams

    for params in (KdfParams(12, 3, 2), KdfParams(14, 1, 4), FAST_KDF):
        path = tmp_path / f"m{params.memory_log2_kib}-t{params.time_cost}.case"
        with Case.create(path, PASSPHRASE, "t", kdf=params, reviewer="r"):
            pass
        with Case.open(path, PASSPHRASE, reviewer="r") as reopened:
            assert all(r.ok for r in verify(reopened))
        head = path.read_bytes()[:7]
        assert (head[4], head[5], head[6]) == (params.memory_log2_kib, params.time_cost,
                                               params.parallelism)


def test_accented_passphrase_opens_however_it_was_typed(tmp_path: Path) -> None:
    # "contraseña" can arrive as one code point per letter (NFC) or as n + combining tilde
    # (NFD, pasted from some systems); the same passphrase must open the same case.
    import unicodedata

    typed = "contraseña de la señora Ñahui"
    path = tmp_path / "acentos.case"
    with Case.create(path, unicodedata.normalize("NFD", typed), "t", kdf=FAST_KDF,
                     reviewer="r"):
        pass
    for form in ("NFC", "NFD"):
        with Case.open(path, unicodedata.normalize(form, typed), reviewer="r"):
            pass
    with pytest.raises(WrongPassphrase):
        Case.open(path, typed.replace("ñ", "n"))


def test_the_rollback_journal_is_owner_only_too(case: Case) -> None:
    old = os.umask(0)
    try:
        with case._engine_or_raise().connect() as conn:
            raw = conn.connection.dbapi_connection
            raw.execute("BEGIN")
            raw.execute("INSERT INTO tag(name) VALUES ('journal probe')")
            journal = case.path.with_name(case.path.name + "-journal")
            assert journal.exists()
            mode = stat.S_IMODE(journal.stat().st_mode)
            raw.execute("ROLLBACK")
    finally:
        os.umask(old)
    assert mode == 0o600
