"""Promise 3: tampering is detected.

- Random single-byte changes anywhere in a case file (seeded): each one is refused on open
  or failed by `verify`; the attempt never writes to the damaged file (its bytes and its
  folder are the same afterwards: no repair, no journal, no recreated file).
- An older copy of one page written back (rolling back an amended row): `verify` fails,
  unless the page rolled back changes nothing the case holds.
- An evidence original edited through SQL with the key: found through its intake hash, or
  (hash rewritten too) through the audit log.
"""

from __future__ import annotations

import hashlib
import random
import time
from pathlib import Path

import factories
import pytest
from factories import PASSPHRASE

from db.keys import FAST_KDF
from db.models import Event
from tests.stress.common import record, scaled
from workbench.case import Case
from workbench.errors import CaseError
from workbench.search import search
from workbench.services.common import update
from workbench.verify import verify

PROMISE = "3 tampering detected"
PAGE = 4096


@pytest.fixture
def closed_case(tmp_path: Path) -> Path:
    path = tmp_path / "tamper.case"
    with Case.create(path, PASSPHRASE, "Tamper", kdf=FAST_KDF, reviewer="tester") as case:
        factories.populated(case, {"notes": "Testimonio de Quispe zqt11"})
        for n in range(4):
            factories.evidence_item(case, original=random.Random(n).randbytes(20_000))
        for n in range(30):
            factories.event(case, f"Evento {n} en Espinar", description="Descripción " * 20)
        assert all(r.ok for r in verify(case))
    return path


def _attempt(path: Path) -> str:
    """'refused: ...', 'verify failed: ...' or 'accepted' for one open-and-verify."""
    try:
        case = Case.open(path, PASSPHRASE, reviewer="checker")
    except CaseError as exc:
        return f"refused: {type(exc).__name__}"
    try:
        failed = [r.name for r in verify(case) if not r.ok]
    finally:
        case.close()
    return f"verify failed: {', '.join(failed)}" if failed else "accepted"


def _folder(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_random_byte_changes_are_detected_and_never_repaired(closed_case: Path) -> None:
    started = time.monotonic()
    trials = scaled(40, 300)
    original = closed_case.read_bytes()
    files = _folder(closed_case)
    rng = random.Random(3003)
    failures, outcomes = [], {"refused": 0, "verify failed": 0}
    for i in range(trials):
        where = rng.randrange(len(original))
        data = bytearray(original)
        data[where] ^= rng.randrange(1, 256)
        tampered = bytes(data)
        closed_case.write_bytes(tampered)
        outcome = _attempt(closed_case)
        problems = []
        if outcome == "accepted":
            problems.append("not detected")
        else:
            outcomes[outcome.split(":")[0]] += 1
        if closed_case.read_bytes() != tampered:
            problems.append("the app wrote to the damaged file")
        if _folder(closed_case) != files:
            problems.append(f"files appeared: {_folder(closed_case)}")
        if problems:
            failures.append(f"trial {i}: byte {where} (page {where // PAGE + 1}): {problems}")
    closed_case.write_bytes(original)
    assert _attempt(closed_case) == "accepted"
    record(PROMISE, "random single-byte change", trials, trials - len(failures),
           time.monotonic() - started)
    assert failures == [], failures[:10]
    assert outcomes["verify failed"] > 0 and outcomes["refused"] >= 0


# The search index's own structure (segments, their page map, a version cookie): an older
# copy of these changes nothing the case holds, so long as search still finds the same.
INDEX_STRUCTURE = ("search_index_idx", "search_index_data", "search_index_config",
                   "search_index_docsize")


def _content(path: Path, token: str) -> list[tuple]:
    """Every row of every table but the index structure, and what a search finds."""
    with Case.open(path, PASSPHRASE, reviewer="checker") as case:
        tables = [t for (t,) in case.raw_execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if t not in INDEX_STRUCTURE]
        hits = [(h.kind, h.ref) for h in search(case, token)]
        return [*((t, case.raw_execute(f'SELECT * FROM "{t}"')) for t in tables),
                ("search", hits)]


def test_an_older_page_written_back_is_found_by_verify(closed_case: Path) -> None:
    started = time.monotonic()
    amendments = scaled(4, 25)
    rng = random.Random(3004)
    failures: list[str] = []
    trials = rolled_back = 0
    for n in range(amendments):
        before = closed_case.read_bytes()
        with Case.open(closed_case, PASSPHRASE, reviewer="tester") as case:
            with case.read() as s:
                ids = [i for (i,) in s.query(Event.id).all()]
            update(case, Event, rng.choice(ids), "amend event",
                   title=f"Amended title {n} zqa{n}",
                   description=f"Amended {n} " * rng.randrange(1, 40))
        after = closed_case.read_bytes()
        amended = _content(closed_case, f"zqa{n}")
        changed = [p for p in range(min(len(before), len(after)) // PAGE)
                   if before[p * PAGE:(p + 1) * PAGE] != after[p * PAGE:(p + 1) * PAGE]]
        for page in changed:
            data = bytearray(after)
            data[page * PAGE:(page + 1) * PAGE] = before[page * PAGE:(page + 1) * PAGE]
            closed_case.write_bytes(bytes(data))
            outcome = _attempt(closed_case)
            trials += 1
            if outcome != "accepted":
                rolled_back += 1
                continue
            try:
                now = _content(closed_case, f"zqa{n}")
            except Exception as exc:  # search itself fails on the damaged index
                now = [("error", [str(exc)[:80]])]
            # Accepted: then the old page must have changed nothing the case holds.
            if now != amended:
                tables = [t for (t, rows), (_, old) in zip(now, amended, strict=True)
                          if rows != old]
                failures.append(f"amendment {n}, page {page + 1}: {tables} rolled back, "
                                "not detected")
        closed_case.write_bytes(after)
    record(PROMISE, "older page written back", trials, trials - len(failures),
           time.monotonic() - started)
    assert failures == [], failures
    assert rolled_back > 0


def test_an_edited_original_is_found_through_its_intake_hash(tmp_path: Path) -> None:
    started = time.monotonic()
    trials = scaled(4, 20)
    rng = random.Random(3005)
    path = tmp_path / "originals.case"
    failures: list[str] = []
    with Case.create(path, PASSPHRASE, "Originals", kdf=FAST_KDF, reviewer="tester") as case:
        items = [factories.evidence_item(case, original=rng.randbytes(rng.randrange(10, 50_000)))
                 for _ in range(trials)]
        edits = ("flip", "truncate", "append", "replace")
        for n, ident in enumerate(items):
            (data,) = case.raw_execute("SELECT data FROM evidence_blob WHERE evidence_id = :e "
                                       "AND role = 'original'", e=ident)[0]
            pristine = bytes(data)
            (intake,) = case.raw_execute("SELECT sha256 FROM evidence WHERE id = :e",
                                         e=ident)[0]
            data = bytearray(data)
            how = edits[n % len(edits)]
            if how == "flip":
                data[rng.randrange(len(data))] ^= 0x01
            elif how == "truncate":
                del data[-1]
            elif how == "append":
                data += b"\0"
            else:
                data = bytearray(rng.randbytes(len(data)))
            case.raw_execute("UPDATE evidence_blob SET data = :d WHERE evidence_id = :e AND "
                             "role = 'original'", d=bytes(data), e=ident)
            rewrite_hash = n % 2 == 1
            if rewrite_hash:  # the forger rewrites the intake hash too
                case.raw_execute("UPDATE evidence SET sha256 = :h WHERE id = :e",
                                 h=hashlib.sha256(bytes(data)).hexdigest(), e=ident)
            results = {r.name: r for r in verify(case)}
            (number,) = case.raw_execute("SELECT number FROM evidence WHERE id = :e",
                                         e=ident)[0]
            found = (any(p.startswith(f"evidence:{ident}") for p in
                         results["audit coverage"].problems) if rewrite_hash else
                     any(number in p for p in results["evidence hashes"].problems))
            if not found:
                failures.append(f"{number} ({how}, hash rewritten={rewrite_hash}) not found")
            # Put it back: the next trial starts from a clean case.
            case.raw_execute("UPDATE evidence_blob SET data = :d WHERE evidence_id = :e AND "
                             "role = 'original'", d=pristine, e=ident)
            case.raw_execute("UPDATE evidence SET sha256 = :h WHERE id = :e", h=intake, e=ident)
        assert all(r.ok for r in verify(case))
    record(PROMISE, "edited evidence original", trials, trials - len(failures),
           time.monotonic() - started)
    assert failures == [], failures


GARBAGE = {
    "audit entry no longer JSON": "UPDATE audit_entry SET changes = '{\"event:1\": {\x01' "
                                  "WHERE seq = (SELECT max(seq) FROM audit_entry)",
    "audit entry of the wrong shape": "UPDATE audit_entry SET changes = '[1, 2]' "
                                      "WHERE seq = (SELECT max(seq) FROM audit_entry)",
    "intake hash removed": "UPDATE evidence SET sha256 = '' WHERE id = "
                           "(SELECT min(id) FROM evidence)",
    "text column holding bytes": "UPDATE event SET title = X'00FF10' WHERE id = "
                                 "(SELECT min(id) FROM event)",
    "audit entry removed": "DELETE FROM audit_entry WHERE seq = 2",
}


def test_garbage_written_with_the_key_fails_verify_and_never_crashes_it(
        closed_case: Path) -> None:
    started = time.monotonic()
    original = closed_case.read_bytes()
    failures = []
    for label, sql in GARBAGE.items():
        closed_case.write_bytes(original)
        with Case.open(closed_case, PASSPHRASE, reviewer="forger") as case:
            case.raw_execute(sql)
            try:
                failed = [r.name for r in verify(case) if not r.ok]
            except Exception as exc:
                failures.append(f"{label}: verify crashed ({type(exc).__name__}: {exc})")
                continue
        if not failed:
            failures.append(f"{label}: not detected")
    closed_case.write_bytes(original)
    record(PROMISE, "garbage written with the key", len(GARBAGE),
           len(GARBAGE) - len(failures), time.monotonic() - started)
    assert failures == [], failures
