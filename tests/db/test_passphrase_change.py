"""Changing the passphrase is atomic, and a backup is a faithful encrypted copy.

The kill test runs the real change in a separate process and SIGKILLs it at random
moments (seeded), many times over: after each kill the case must open with exactly one of
the two passphrases, pass every verification check, and leave nothing readable behind.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import factories
import pytest
from factories import PASSPHRASE, PROJECT

from db.keys import FAST_KDF, MAGIC
from workbench.case import TMP_SUFFIX, Case
from workbench.errors import NotACase, WrongPassphrase
from workbench.search import search
from workbench.verify import verify

NEW = "una frase nueva, más larga"
WORKER = Path(__file__).with_name("rekey_worker.py")
SECRET = "Testimonio reservado de Quispe zqk55"


def _open_with_one_of(path: Path, candidates: list[str]) -> str:
    """The passphrase (of the candidates) that opens the case; exactly one must."""
    opened = []
    for passphrase in dict.fromkeys(candidates):
        try:
            with Case.open(path, passphrase, reviewer="checker") as case:
                results = verify(case)
                assert all(r.ok for r in results), [r for r in results if not r.ok]
                assert search(case, "zqk55"), "the case lost its data"
            opened.append(passphrase)
        except WrongPassphrase:
            pass
    assert len(opened) == 1, f"opened with {opened} of {candidates}"
    return opened[0]


def _summary(case: Case) -> list[tuple]:
    tables = ("actor", "event", "interview", "excerpt", "evidence", "evidence_blob",
              "finding", "recommendation", "case_info")
    return [tuple(case.raw_execute(f"SELECT * FROM {t} ORDER BY id")) for t in tables]


def _start_worker(path: Path, old: str, new: str) -> tuple[subprocess.Popen, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PYTHONDONTWRITEBYTECODE": "1",
           "WB_OLD": old, "WB_NEW": new}
    proc = subprocess.Popen([sys.executable, str(WORKER), str(path)], cwd=PROJECT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    proc.reader = reader  # type: ignore[attr-defined]
    return proc, lines


def _wait_for(proc: subprocess.Popen, lines: list[str], line: str) -> float:
    deadline = time.monotonic() + 30
    while line not in lines:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, f"worker never printed {line!r}"
        time.sleep(0.002)
    return time.monotonic()


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc.reader.join(10)  # type: ignore[attr-defined]  # all output read before closing
    for stream in (proc.stdout, proc.stderr):
        if stream:
            stream.close()


@pytest.mark.slow
def test_killed_passphrase_change_leaves_old_or_new(case: Case) -> None:
    factories.populated(case, {"notes": SECRET})
    # Some evidence makes the re-encryption long enough to be hit mid-way.
    factories.evidence_item(case, original=random.Random(1).randbytes(1 << 16))
    path = case.path
    case.close()

    # How long does one change take on this machine? Kills then spread over about three.
    proc, lines = _start_worker(path, PASSPHRASE, NEW)
    first = _wait_for(proc, lines, "changed 1\n")
    per_change = (_wait_for(proc, lines, "changed 3\n") - first) / 2
    _stop(proc)
    current = _open_with_one_of(path, [PASSPHRASE, NEW])
    other = NEW if current == PASSPHRASE else PASSPHRASE

    rng = random.Random(20261122)
    kills, phases = 0, []
    for _ in range(12):
        proc, lines = _start_worker(path, current, other)
        _wait_for(proc, lines, "opened\n")
        time.sleep(rng.uniform(0.0, 3.0) * per_change)
        _stop(proc)
        kills += 1
        done = sum(1 for line in list(lines) if line.startswith("changed"))
        # After `done` completed changes the case is at state `done`; a change may have been
        # under way, so it is at state `done` or `done + 1` - and nowhere else.
        at_done = current if done % 2 == 0 else other
        at_next = other if done % 2 == 0 else current
        leftovers = sorted(p.name for p in path.parent.iterdir())
        phases.append("mid-export" if any(n.endswith(TMP_SUFFIX) for n in leftovers)
                      else "between")
        for name in leftovers:  # besides the case: only encrypted temporaries or a journal
            data = (path.parent / name).read_bytes()
            assert not data.startswith(b"SQLite format 3"), name
            assert name == path.name or name.endswith((TMP_SUFFIX, "-journal")), leftovers
        assert factories.leaks(path.parent, [SECRET]) == []
        now = _open_with_one_of(path, [at_done, at_next])
        current, other = now, (NEW if now == PASSPHRASE else PASSPHRASE)
        # Opening removes the stale temporary (and its journal); SQLite rolls back a hot
        # journal. A journal whose header was never completed (killed before its first
        # sync: empty, or its header still zeros) is not hot: SQLite ignores it and
        # replaces it at the next write.
        for name in sorted(p.name for p in path.parent.iterdir()):
            if name != path.name:
                assert name == f"{path.name}-journal", name
                header = (path.parent / name).read_bytes()[:8]
                assert header in (b"", bytes(8)), "a hot journal"
    assert kills >= 10
    assert "mid-export" in phases, phases


def test_failed_swap_keeps_the_old_passphrase(case: Case,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    factories.populated(case, {"notes": SECRET})
    path = case.path
    before = path.read_bytes()

    def no_rename(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError):
        case.change_passphrase(NEW, kdf=FAST_KDF)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    case.close()
    assert _open_with_one_of(path, [PASSPHRASE, NEW]) == PASSPHRASE


def test_stale_temporary_from_a_crash_is_removed_on_open(case: Case) -> None:
    path = case.path
    case.close()
    tmp = path.with_name(f".{path.name}{TMP_SUFFIX}")
    tmp.write_bytes(MAGIC + os.urandom(4096))
    with Case.open(path, PASSPHRASE):
        pass
    assert not tmp.exists()


def test_change_passphrase_then_reopen(case: Case) -> None:
    factories.populated(case, {"notes": SECRET})
    with case.read():
        pass
    before = _summary(case)
    case.change_passphrase(NEW, kdf=FAST_KDF)
    assert _summary(case) == before  # the open handle keeps working on the new file
    factories.event(case, "after the change")
    path = case.path
    case.close()
    with pytest.raises(WrongPassphrase):
        Case.open(path, PASSPHRASE)
    with Case.open(path, NEW) as reopened:
        assert all(r.ok for r in verify(reopened))
        actions = [a for (a,) in reopened.raw_execute("SELECT action FROM audit_entry")]
        assert any(a.startswith("change passphrase") for a in actions)


def test_change_passphrase_defaults_to_strong_parameters(case: Case,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from db import keys

    seen = []
    real = keys.derive_key
    monkeypatch.setattr(keys, "derive_key",
                        lambda p, salt: seen.append(keys.parse_salt(salt)) or real(p, salt))
    monkeypatch.setattr(keys, "DEFAULT_KDF", FAST_KDF.__class__(14, 2, 1))  # keep it quick
    case.change_passphrase(NEW)
    assert seen[-1] == keys.DEFAULT_KDF  # a fast test case is upgraded, never downgraded


def test_empty_new_passphrase_is_refused(case: Case) -> None:
    before = case.path.read_bytes()
    with pytest.raises(NotACase):
        case.change_passphrase("")
    assert case.path.read_bytes() == before


def test_backup_opens_with_the_same_passphrase_and_same_data(case: Case, tmp_path: Path) -> None:
    factories.populated(case, {"notes": SECRET})
    factories.evidence_item(case, original=os.urandom(50_000))
    dest = tmp_path / "elsewhere" / "copy.case"
    dest.parent.mkdir()
    case.backup(dest)
    original = _summary(case)
    with Case.open(dest, PASSPHRASE, reviewer="checker") as copy:
        assert _summary(copy) == original
        assert all(r.ok for r in verify(copy))
        assert [h.ref for h in search(copy, "zqk55")] == [h.ref for h in search(case, "zqk55")]
    assert dest.read_bytes()[:16] == case.path.read_bytes()[:16]  # same header, same key
    with pytest.raises(NotACase, match="already exists"):
        case.backup(dest)
    with pytest.raises(WrongPassphrase):
        Case.open(dest, NEW)


def test_killed_right_after_the_swap_opens_with_the_new_passphrase(case: Case) -> None:
    factories.populated(case, {"notes": SECRET})
    path = case.path
    case.close()
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "WB_OLD": PASSPHRASE, "WB_NEW": NEW,
           "WB_DIE_AT": "swap"}
    done = subprocess.run([sys.executable, str(WORKER), str(path)], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert "changed" not in done.stdout  # it died before recording the change
    assert _open_with_one_of(path, [PASSPHRASE, NEW]) == NEW
