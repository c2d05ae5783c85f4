"""Promise 1: nothing committed is lost, nothing half-done is visible.

A child process runs a long operation (a notes import, a migration on open, passphrase
changes, backups, exports) and is SIGKILLed at moments spread over its whole duration
(seeded). After each kill the case opens with the right passphrase, passes every `verify`
check, holds every file whose import had been reported done and no partial one. A full
disk (a small tmpfs, or a file-size limit where mounting is not allowed) gives a clear
error and leaves the case unchanged and openable.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import factories
import pytest
from factories import PASSPHRASE
from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import Session

from db import engine as dbengine
from db import keys, migrate
from db.keys import FAST_KDF
from db.models import Actor, Base, CaseInfo, Event, Evidence, EvidenceBlob, Interview, Reviewer
from tests.stress.common import PROJECT, PYTHON, child_env, record, scaled
from workbench import audit
from workbench.case import TMP_SUFFIX, Case
from workbench.errors import WrongPassphrase
from workbench.importers.batch import collect
from workbench.search import search
from workbench.verify import verify

PROMISE = "1 nothing lost"
KILLS = scaled(3, 50)
REKEY_WORKER = PROJECT / "tests" / "db" / "rekey_worker.py"
NEW = "una frase nueva, más larga"


class Worker:
    """A child process whose output lines are collected as they come."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(args, cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.strip())

    def wait_for(self, done: Callable[[list[str]], bool], timeout: float = 120) -> bool:
        """True once ``done(lines)``; False if the process ended first."""
        deadline = time.monotonic() + timeout
        while not done(list(self.lines)):
            if self.proc.poll() is not None:
                self._reader.join(5)
                return done(list(self.lines))
            assert time.monotonic() < deadline, f"worker stuck: {self.lines[-3:]}"
            time.sleep(0.002)
        return True

    def kill(self) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        self._reader.join(10)
        err = self.proc.stderr.read() if self.proc.stderr else ""
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()
        return err


def _worker(op: str, case: Path, *rest: Path, passphrase: str = PASSPHRASE) -> Worker:
    return Worker([PYTHON, "-m", "tests.stress.worker", op, str(case), *map(str, rest)],
                  child_env(WB_PASSPHRASE=passphrase))


def _verified(path: Path, passphrase: str = PASSPHRASE) -> list[str]:
    """Problems found opening and verifying the case (empty when all is well)."""
    try:
        with Case.open(path, passphrase, reviewer="checker") as case:
            return [f"{r.name}: {r.problems[:3]}" for r in verify(case) if not r.ok]
    except Exception as exc:
        return [f"does not open: {type(exc).__name__}: {exc}"]


def _leftovers_are_safe(folder: Path) -> list[str]:
    """Nothing beside a case is a plaintext SQLite file."""
    return [p.name for p in folder.iterdir()
            if p.is_file() and p.read_bytes()[:15] == b"SQLite format 3"]


def _tally(check: str, failures: list[str], trials: int, started: float) -> None:
    """Record the check; ``failures`` holds one entry per failed trial."""
    record(PROMISE, check, trials, trials - len(failures), time.monotonic() - started)
    assert failures == [], failures[:10]


# -- a 1,000-file import -------------------------------------------------------------------


def test_killed_import_keeps_every_reported_file_and_no_partial_one(tmp_path: Path) -> None:
    started = time.monotonic()
    files_total = scaled(120, 1000)
    folder = tmp_path / "notes"
    folder.mkdir()
    texts = {}
    for i in range(files_total):
        text = (f"Interview notes {i}. Witness token zq{i:04d}x spoke about the road.\n"
                * (5 + i % 40))
        (folder / f"n{i:04d}.txt").write_text(text, encoding="utf-8")
        texts[f"n{i:04d}.txt"] = hashlib.sha256(text.encode()).hexdigest()
    order = [p.name for p in collect("notes", [folder])]
    path = tmp_path / "import.case"
    Case.create(path, PASSPHRASE, "Import", kdf=FAST_KDF, reviewer="tester").close()
    rng = random.Random(8001)
    reported: set[str] = set()
    failures: list[str] = []
    trials = 0
    for i in range(KILLS):
        target = max(1, round((i + 1) * files_total / (KILLS + 1)))
        worker = _worker("import", path, folder)
        worker.wait_for(lambda lines, t=target: any(
            x.startswith("done ") and int(x.split()[1]) >= t for x in lines))
        time.sleep(rng.uniform(0, 0.03))  # land inside the next file's transaction
        worker.kill()
        trials += 1
        done = max([int(x.split()[1]) for x in worker.lines if x.startswith("done ")] or [0])
        reported |= set(order[:done])
        problems = _verified(path)
        with Case.open(path, PASSPHRASE, reviewer="checker") as case, case.read() as s:
            evidence = {n: h for n, h in s.execute(
                select(Evidence.original_name, Evidence.sha256))}
            interviews = s.query(Interview).count()
        missing = sorted(reported - set(evidence))
        partial = [n for n, h in evidence.items() if texts.get(n) != h]
        if missing:
            problems.append(f"reported imported but missing: {missing[:5]}")
        if partial or interviews != len(evidence):
            problems.append(f"partial: {partial[:5]}, {interviews} interviews for "
                            f"{len(evidence)} originals")
        problems += [f"plaintext {n}" for n in _leftovers_are_safe(tmp_path)]
        if problems:
            failures.append(f"kill {i} after {done} files: {problems}")
    # The last run imports the rest: the batch ends with every file in the case.
    worker = _worker("import", path, folder)
    assert worker.wait_for(lambda lines: any(x.startswith("finished") for x in lines), 600)
    worker.kill()
    with Case.open(path, PASSPHRASE, reviewer="checker") as case:
        with case.read() as s:
            assert s.query(Evidence).count() == files_total
        assert search(case, f"zq{files_total - 1:04d}x")
    _tally(f"kill during a {files_total}-file import", failures, trials, started)


# -- a migration ---------------------------------------------------------------------------


def _case_at_0001(path: Path, rows: int) -> None:
    """A case as release 0001 wrote it, with enough rows that migrating takes a while."""
    salt = keys.new_salt(FAST_KDF)
    key = keys.derive_key(PASSPHRASE, salt)
    dbengine.create_file(path, key, salt).close()
    engine = dbengine.make_engine(path, key)
    try:
        with engine.begin() as conn:
            migrate.upgrade(conn, "0001")
        original = b"scanned letter, version 0001"
        values: list[tuple[type[Base], dict]] = [
            (CaseInfo, {"id": 1, "title": "Caso antiguo", "created_at": "2025-01-01T00:00:00"}),
            (Reviewer, {"id": 1, "name": "old reviewer"}),
            (Actor, {"id": 1, "name": "Rosa Quispe", "pseudonym": "W-01"}),
            (Evidence, {"id": 1, "number": "E-0001", "title": "Carta", "caption": "Carta",
                        "size": len(original), "sha256": hashlib.sha256(original).hexdigest()}),
            (EvidenceBlob, {"id": 1, "evidence_id": 1, "role": "original", "data": original}),
        ]
        for n in range(1, rows + 1):
            values.append((Event, {"id": n, "title": f"Bloqueo {n} en Espinar mig{n}x",
                                   "when": "2012-05-28", "when_start": "2012-05-28T00:00:00",
                                   "when_end": "2012-05-28T23:59:59"}))
            values.append((Interview, {"id": n, "title": f"Entrevista {n}",
                                       "notes_text": f"Notas mig{n}x. " * 60}))
        with engine.begin() as conn:
            for model, row in values:
                conn.execute(insert(model.__table__).values(**row))
        with Session(engine) as session:
            changes = {}
            for model, row in values:
                names = [c.key for c in inspect(model).column_attrs]
                current = session.execute(select(*[getattr(model, k) for k in names])
                                          .where(model.id == row["id"])).one()
                changes[f"{model.__tablename__}:{row['id']}"] = {
                    "before": None, "after": audit.row_snapshot(current, names)}
            audit.append(session, "old reviewer", "created by release 0.0", changes)
            session.commit()
    finally:
        engine.dispose()


def test_killed_migration_leaves_a_case_that_opens_migrated_and_whole(tmp_path: Path) -> None:
    started = time.monotonic()
    rows = scaled(300, 1500)
    base = tmp_path / "base.case"
    _case_at_0001(base, rows)
    # How long does an open with migration take, start to finish, in a child?
    probe = tmp_path / "probe" / "old.case"
    probe.parent.mkdir()
    shutil.copy(base, probe)
    t0 = time.monotonic()
    worker = _worker("migrate", probe)
    assert worker.wait_for(lambda lines: "migrated" in lines, 300), worker.kill()
    duration = time.monotonic() - t0
    worker.kill()
    rng = random.Random(8002)
    failures: list[str] = []
    for i in range(KILLS):
        trial = tmp_path / f"t{i}"
        trial.mkdir()
        path = trial / "old.case"
        shutil.copy(base, path)
        worker = _worker("migrate", path)
        time.sleep(duration * (i + rng.random()) / KILLS)
        worker.kill()
        finished = "migrated" in worker.lines
        problems = [f"plaintext {n}" for n in _leftovers_are_safe(trial)]
        problems += _verified(path)
        if not problems:
            with Case.open(path, PASSPHRASE, reviewer="checker") as case:
                with case.read() as s:
                    counts = (s.query(Event).count(), s.query(Interview).count())
                if counts != (rows, rows):
                    problems.append(f"rows lost: {counts}")
                if not search(case, f"mig{rows}x"):
                    problems.append("search index not backfilled")
        backup = trial / "old.before-0001.case"
        if backup.exists():  # the pre-migration backup, when there, is a whole case at 0001
            salt = keys.read_salt(backup)
            conn = dbengine.connect(backup, keys.derive_key(PASSPHRASE, salt))
            try:
                if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    problems.append("backup damaged")
            finally:
                conn.close()
        if problems:
            failures.append(f"kill {i} (finished={finished}): {problems}")
        shutil.rmtree(trial)
    _tally("kill during a migration (0001 -> head)", failures, KILLS, started)


# -- a passphrase change ---------------------------------------------------------------------


def _opens_with(path: Path) -> list[str]:
    opened = []
    for passphrase in (PASSPHRASE, NEW):
        try:
            Case.open(path, passphrase, reviewer="checker").close()
            opened.append(passphrase)
        except WrongPassphrase:
            pass
    return opened


def test_killed_passphrase_change_opens_with_exactly_old_or_new(tmp_path: Path) -> None:
    started = time.monotonic()
    path = tmp_path / "rekey.case"
    with Case.create(path, PASSPHRASE, "Rekey", kdf=FAST_KDF, reviewer="tester") as case:
        factories.populated(case, {"notes": "Testimonio reservado zqk77"})
        factories.evidence_item(case, original=random.Random(3).randbytes(1 << 18))
    env = child_env(WB_OLD=PASSPHRASE, WB_NEW=NEW)
    worker = Worker([PYTHON, str(REKEY_WORKER), str(path)], env)
    worker.wait_for(lambda lines: "changed 1" in lines)
    t1 = time.monotonic()
    worker.wait_for(lambda lines: "changed 3" in lines)
    per_change = (time.monotonic() - t1) / 2
    worker.kill()
    current = _opens_with(path)[0]
    rng = random.Random(8003)
    failures: list[str] = []
    for i in range(KILLS):
        other = NEW if current == PASSPHRASE else PASSPHRASE
        worker = Worker([PYTHON, str(REKEY_WORKER), str(path)],
                        child_env(WB_OLD=current, WB_NEW=other))
        worker.wait_for(lambda lines: "opened" in lines)
        time.sleep(per_change * (i % 5 + rng.random()) / 2)  # spread over 2.5 changes
        worker.kill()
        done = sum(1 for x in worker.lines if x.startswith("changed"))
        expected = {current if done % 2 == 0 else other, other if done % 2 == 0 else current}
        opened = _opens_with(path)
        problems = []
        if len(opened) != 1 or opened[0] not in expected:
            problems.append(f"opens with {opened}, expected one of {sorted(expected)}")
        else:
            current = opened[0]
            problems += _verified(path, current)
        problems += [f"plaintext {n}" for n in _leftovers_are_safe(tmp_path)]
        if factories.leaks(tmp_path, ["zqk77"]):
            problems.append("secret readable in a leftover file")
        if problems:
            failures.append(f"kill {i} after {done} changes: {problems}")
            break  # the state is unknown from here on
    _tally("kill during a passphrase change", failures, KILLS, started)


# -- a backup and an export ---------------------------------------------------------------


def _repeating(op: str, tmp_path: Path, check_output: Callable[[Path], str | None],
               pattern: str, seed: int) -> list[str]:
    """Kill a worker repeating ``op`` at moments spread over about three repetitions."""
    path = tmp_path / f"{op}.case"
    with Case.create(path, PASSPHRASE, op.title(), kdf=FAST_KDF, reviewer="tester") as case:
        factories.populated(case, {"notes": "Testimonio reservado zqk88"})
        for n in range(3):
            factories.evidence_item(case, original=random.Random(n).randbytes(1 << 17))
    out = tmp_path / f"{op}-out"
    out.mkdir()
    worker = _worker(op, path, out)
    worker.wait_for(lambda lines: "opened" in lines)
    worker.wait_for(lambda lines: f"{op} 0" in lines)
    t1 = time.monotonic()
    worker.wait_for(lambda lines: f"{op} 2" in lines)
    per_op = (time.monotonic() - t1) / 2
    worker.kill()
    rng = random.Random(seed)
    failures: list[str] = []
    for i in range(KILLS):
        for p in out.iterdir():  # hidden temporaries of killed runs stay (see below)
            if not p.name.startswith("."):
                shutil.rmtree(p) if p.is_dir() else p.unlink()
        worker = _worker(op, path, out)
        worker.wait_for(lambda lines: "opened" in lines)
        time.sleep(per_op * 3 * (i + rng.random()) / KILLS)
        worker.kill()
        done = {int(x.split()[1]) for x in worker.lines if x.startswith(f"{op} ")}
        problems = _verified(path)
        for n in sorted(done):
            made = out / pattern.format(n)
            problem = check_output(made) if made.exists() else "reported but missing"
            if problem:
                problems.append(f"{made.name}: {problem}")
        for made in sorted(out.iterdir()):
            if made.name.startswith("."):
                continue  # a temporary being written (hidden, never the output's name)
            n = int(made.stem[1:])
            if n not in done and (problem := check_output(made)):
                problems.append(f"unreported {made.name} is partial: {problem}")
        problems += [f"plaintext {n}" for n in _leftovers_are_safe(tmp_path)]
        if problems:
            failures.append(f"kill {i} after {sorted(done)}: {problems}")
    # The next run to the same names leaves no half-written temporary of a killed one.
    worker = _worker(op, path, out)
    worker.wait_for(lambda lines: f"{op} 3" in lines)
    worker.kill()
    stale = sorted(p.name for p in out.iterdir() if p.name.startswith(".")
                   and int(p.name[2:].split(".")[0]) <= 3 and p.name.endswith((".part",
                                                                             TMP_SUFFIX)))
    if stale and op == "export":
        failures.append(f"temporaries of killed runs left: {stale}")
    return failures


def _backup_ok(made: Path) -> str | None:
    problems = _verified(made)
    return "; ".join(problems) or None


def _pdf_ok(made: Path) -> str | None:
    data = made.read_bytes()
    return None if data.startswith(b"%PDF-") and b"%%EOF" in data[-64:] else "not a whole PDF"


def test_killed_backup_leaves_the_case_and_only_whole_backups(tmp_path: Path) -> None:
    started = time.monotonic()
    failures = _repeating("backup", tmp_path, _backup_ok, "b{}.case", 8004)
    _tally("kill during a backup", failures, KILLS, started)


def test_killed_export_leaves_the_case_and_only_whole_reports(tmp_path: Path) -> None:
    started = time.monotonic()
    failures = _repeating("export", tmp_path, _pdf_ok, "r{}.pdf", 8005)
    _tally("kill during an export", failures, KILLS, started)


# -- disk full ------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 3 MB tmpfs where the machine allows mounting one, else None (a file-size limit
    then; WORKBENCH_STRESS_NO_MOUNT=1 forces that)."""
    mount = tmp_path / "small"
    mount.mkdir()
    ok = not os.environ.get("WORKBENCH_STRESS_NO_MOUNT") and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(mount)],
        capture_output=True).returncode == 0
    yield mount if ok else None
    if ok:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


DISK_FULL_CHILD = r"""
import os, resource, signal, sys
from pathlib import Path
limit = int(sys.argv[3])
if limit:  # no tmpfs: a file-size limit makes every write past it fail (EFBIG)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from workbench.case import Case
from workbench.importers.batch import import_paths
from workbench.errors import CaseError
op, path = sys.argv[1], Path(sys.argv[2])
with Case.open(path, os.environ["WB_PASSPHRASE"], reviewer="disk") as case:
    try:
        if op == "import":
            results = import_paths(case, "notes", [Path(sys.argv[4])])
            print("RESULTS", [r.line() for r in results if not r.ok])
        elif op == "backup":
            case.backup(path.with_name("copy.case"))
        elif op == "passwd":
            case.change_passphrase("a new passphrase")
        print("NO ERROR")
    except (CaseError, OSError) as exc:
        print("ERROR", type(exc).__name__, exc)
"""


@pytest.mark.parametrize("op", ["import", "backup", "passwd"])
def test_disk_full_gives_a_clear_error_and_leaves_the_case_unchanged(
        tmp_path: Path, small_disk: Path | None, op: str) -> None:
    started = time.monotonic()
    where = small_disk or tmp_path / "disk"
    where.mkdir(exist_ok=True)
    path = where / "full.case"
    with Case.create(path, PASSPHRASE, "Full disk", kdf=FAST_KDF, reviewer="tester") as case:
        factories.populated(case, {"notes": "Testimonio zqk99"})
        factories.evidence_item(case, original=random.Random(9).randbytes(400_000))
    notes = tmp_path / "big-notes"
    notes.mkdir()
    for i in range(3):  # each about 1.5 MB of text: more than the disk has left
        (notes / f"big{i}.txt").write_text(f"Notes {i} zqbig{i}. " * 90_000, encoding="utf-8")
    limit = 0
    if small_disk is not None:
        filler = where / "filler"  # leave about 300 kB free
        free = shutil.disk_usage(where).free
        filler.write_bytes(b"\0" * max(0, free - 300_000))
    else:
        # Per file: the case may grow by 300 kB; a copy of it (backup, rekey) cannot fit.
        size = path.stat().st_size
        limit = size + 300_000 if op == "import" else size // 2
    before = path.read_bytes()
    proc = subprocess.run([PYTHON, "-c", DISK_FULL_CHILD, op, str(path), str(limit),
                           str(notes)], cwd=PROJECT, env=child_env(WB_PASSPHRASE=PASSPHRASE),
                          capture_output=True, text=True, timeout=120)
    problems = []
    out = proc.stdout
    if proc.returncode != 0:
        problems.append(f"crashed ({proc.returncode}): {proc.stderr[-400:]}")
    if op == "import":
        clear = "ERROR" in out and ("could not be written" in out or "disk" in out.lower()
                                    or "full" in out.lower())
    else:
        clear = "ERROR" in out and ("space" in out.lower() or "full" in out.lower()
                                    or "too large" in out.lower())
    if not clear:
        problems.append(f"no clear error: {out.strip()[-300:]}")
    if small_disk is not None:
        (where / "filler").unlink()
    if op != "import" and path.read_bytes() != before:
        problems.append("the case file changed")
    problems += _verified(path)
    with Case.open(path, PASSPHRASE, reviewer="checker") as case:
        if not search(case, "zqk99"):
            problems.append("lost data")
        with case.read() as s:
            names = {n for (n,) in s.execute(select(Evidence.original_name))}
        partial = [n for n in names if n.startswith("big")]
        if partial:
            problems.append(f"a file the error stopped is in the case: {partial}")
    leftovers = sorted(p.name for p in where.iterdir()
                       if p.name != path.name and not p.name.endswith("-journal"))
    if any(n.endswith(TMP_SUFFIX) or n == "copy.case" for n in leftovers):
        problems.append(f"partial copy left: {leftovers}")
    failures = [f"{op}: {problems}"] if problems else []
    kind = "tmpfs" if small_disk is not None else "file-size limit"
    _tally(f"disk full ({kind}) during {op}", failures, 1, started)

