"""Batches: folders walked, per-file results, progress and cancel; the command line; and a
batch SIGKILLed at random moments leaves a case that opens, verifies and holds whole files."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from db.keys import FAST_KDF
from db.models import Evidence, EvidenceBlob, Interview
from tests.conftest import PASSPHRASE, PROJECT, corpus
from workbench import cli
from workbench.case import Case
from workbench.errors import CaseLocked
from workbench.importers.batch import import_paths
from workbench.verify import verify


def jpeg(seed: int, size: tuple[int, int] = (48, 32)) -> bytes:
    rng = random.Random(seed)
    img = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    img.putpixel((seed % size[0], 0), (seed % 256, 0, 0))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0132] = f"2018:04:{1 + seed % 28:02d} 10:00:00"
    img.save(out, "JPEG", exif=exif)
    return out.getvalue() + seed.to_bytes(4, "big")  # distinct bytes after the image


def make_photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        sub = folder / f"day{i % 3}"
        sub.mkdir(exist_ok=True)
        path = sub / f"IMG_{i:04d}.jpg"
        path.write_bytes(jpeg(i))
        paths.append(path)
    return paths


def test_folders_are_walked_and_a_bad_file_does_not_stop_the_batch(case, tmp_path) -> None:
    make_photos(tmp_path / "card", 6)
    (tmp_path / "card" / "day1" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage")
    (tmp_path / "card" / "notes.txt").write_text("not a photo")  # not picked up in a walk
    (tmp_path / "card" / ".hidden.jpg").write_bytes(jpeg(99))
    seen: list[tuple[int, int, int, int]] = []
    results = import_paths(case, "photos", [tmp_path / "card"],
                           progress=lambda *a: seen.append(a))
    assert len(results) == 7
    statuses = {Path(r.name).name: r.status for r in results}
    assert statuses.pop("broken.jpg") == "rejected"
    assert set(statuses.values()) == {"imported"}
    assert seen[0][:2] == (0, 7) and seen[-1][0] == seen[-1][1] == 7
    assert seen[-1][2] == seen[-1][3] > 0
    # Files count as done when their group is committed: never backwards, never twice.
    done = [s[0] for s in seen]
    assert done == sorted(set(done))
    again = import_paths(case, "photos", [tmp_path / "card"])
    assert [r.status for r in again].count("duplicate") == 6


def test_the_same_photo_twice_in_one_group_is_a_duplicate(case, tmp_path) -> None:
    (tmp_path / "card").mkdir()
    for name in ("IMG_0001.jpg", "copy of IMG_0001.jpg"):
        (tmp_path / "card" / name).write_bytes(jpeg(1))
    results = import_paths(case, "photos", [tmp_path / "card"])  # one group: under 1 s
    assert sorted(r.status for r in results) == ["duplicate", "imported"]
    with case.read() as s:
        assert len(s.scalars(select(Evidence)).all()) == 1


def test_cancel_keeps_the_files_finished(case, tmp_path) -> None:
    make_photos(tmp_path / "card", 10)
    asked = itertools.count()  # asked once before each file: Cancel lands before the 5th
    done: list[int] = []
    results = import_paths(case, "photos", [tmp_path / "card"],
                           progress=lambda d, *_: done.append(d),
                           cancelled=lambda: next(asked) >= 4)
    assert len(results) == 4 and all(r.status == "imported" for r in results)
    assert done[-1] == 4  # the cancelled batch's finished files are committed and reported
    with case.read() as s:
        assert len(s.scalars(select(Evidence)).all()) == 4


def test_a_locked_case_stops_the_batch(case, tmp_path) -> None:
    make_photos(tmp_path / "card", 3)
    case.close()
    with pytest.raises(CaseLocked):
        import_paths(case, "photos", [tmp_path / "card"])


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line_json_and_exit_codes(case_path, tmp_path, capsys, monkeypatch) -> None:
    Case.create(case_path, PASSPHRASE, "t", kdf=FAST_KDF).close()
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    photos = make_photos(tmp_path / "p", 2)
    code, out, _ = run_cli(["import", "photos", str(case_path), str(tmp_path / "p"),
                            "--json"], capsys)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in records] == ["imported", "imported"]
    assert all(r["ids"]["evidence"] for r in records)
    bad = tmp_path / "bad.png"
    bad.write_bytes(corpus("pillow-images", "Tests", "images", "broken.png").read_bytes())
    code, out, _ = run_cli(["import", "photos", str(case_path), str(photos[0]), str(bad)],
                           capsys)
    assert code == 1
    assert f"{photos[0]}: duplicate" in out and f"{bad}: rejected: " in out
    csv = tmp_path / "t.csv"
    csv.write_text("fecha,título\n03/04/2018,Marcha\n")
    code, out, _ = run_cli(["import", "timeline", str(case_path), str(csv)], capsys)
    assert code == 1 and "--dayfirst" in out
    code, out, _ = run_cli(["import", "timeline", str(case_path), str(csv), "--dayfirst",
                            "--map", "título=title"], capsys)
    assert code == 0, out
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "wrong")
    code, _, err = run_cli(["import", "photos", str(case_path), str(photos[1])], capsys)
    assert code == 2 and "passphrase" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exc:
        cli.main(["import", "videos", str(case_path), str(photos[1])])
    assert exc.value.code == 2


def whole_files_problems(case: Case) -> list[str]:
    problems = [f"{r.name}: {p}" for r in verify(case) for p in r.problems]
    with case.read() as s:
        for item in s.scalars(select(Evidence)):
            blob = s.scalar(select(EvidenceBlob.data).where(
                EvidenceBlob.evidence_id == item.id, EvidenceBlob.role == "original"))
            if blob is None or hashlib.sha256(blob).hexdigest() != item.sha256 or \
                    len(blob) != item.size:
                problems.append(f"{item.number}: original missing or not whole")
            if item.kind == "photo" and s.scalar(select(EvidenceBlob.id).where(
                    EvidenceBlob.evidence_id == item.id, EvidenceBlob.role == "thumbnail")) \
                    is None:
                problems.append(f"{item.number}: photo without its thumbnail")
        for interview in s.scalars(select(Interview)):
            if interview.source_evidence_id is None:
                problems.append(f"interview {interview.id} without its original")
    return problems


def test_killed_batches_leave_whole_files_and_a_verifiable_case(tmp_path) -> None:
    folder = tmp_path / "files"
    photos = make_photos(folder, 300)
    case_path = tmp_path / "killed.case"
    Case.create(case_path, PASSPHRASE, "t", kdf=FAST_KDF).close()
    env = {**os.environ, "WORKBENCH_PASSPHRASE": PASSPHRASE,
           "PYTHONPATH": str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [sys.executable, "-m", "tests.importers.import_worker", str(case_path),
               "photos", str(folder)]
    rng = random.Random(20181204)
    counts = [0]
    for _ in range(5):
        # Kill when the worker has passed a random file (the already imported ones come
        # back as duplicates first), plus a random few milliseconds: mid-transaction,
        # mid-thumbnail or between files.
        target = counts[-1] + rng.randint(5, 40)
        worker = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        assert worker.stdout is not None
        for line in worker.stdout:
            if int(line.split("/")[0]) >= target:
                break
        time.sleep(rng.uniform(0, 0.02))
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        worker.stdout.close()
        with Case.open(case_path, PASSPHRASE) as case:
            assert whole_files_problems(case) == []
            with case.read() as s:
                counts.append(len(s.scalars(select(Evidence.id)).all()))
    assert counts == sorted(counts)
    assert 0 < counts[-1] < len(photos), f"the kills did not land mid-batch: {counts}"
    finish = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, timeout=120,
                            check=False)
    assert finish.returncode == 0, finish.stderr.decode()[-500:]
    with Case.open(case_path, PASSPHRASE) as case:
        assert whole_files_problems(case) == []
        with case.read() as s:
            digests = set(s.scalars(select(Evidence.sha256)))
    assert digests == {hashlib.sha256(p.read_bytes()).hexdigest() for p in photos}
