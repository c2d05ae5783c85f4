"""Tampering is detected: a flipped byte anywhere, a row changed behind the audit log, a
removed or edited audit entry, an altered original."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import factories
import pytest
from factories import PASSPHRASE

from db.models import Event
from workbench import cli
from workbench.case import Case
from workbench.errors import DamagedCase, WrongPassphrase
from workbench.services.common import update
from workbench.verify import verify

PAGE = 4096  # SQLCipher 4 default page size


def _problems(case: Case) -> dict[str, list[str]]:
    return {r.name: r.problems for r in verify(case) if not r.ok}


@pytest.fixture
def closed_case(case: Case) -> Path:
    factories.populated(case)
    factories.evidence_item(case, original=random.Random(7).randbytes(40_000))
    assert _problems(case) == {}
    case.close()
    return case.path


def _verify_cli(path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    code = cli.main(["verify", str(path), "--json"])
    out, err = capsys.readouterr()
    return code, out, err


def test_untouched_case_verifies(closed_case: Path, capsys, monkeypatch) -> None:
    code, out, err = _verify_cli(closed_case, capsys, monkeypatch)
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["ok"] is True
    assert [c["check"] for c in report["checks"]] == [
        "cipher integrity", "database integrity", "evidence hashes", "audit chain",
        "audit coverage"]


def test_flipped_byte_in_any_page_is_detected(closed_case: Path, capsys, monkeypatch) -> None:
    original = closed_case.read_bytes()
    pages = len(original) // PAGE
    assert pages > 20
    rng = random.Random(4242)
    chosen = sorted({1, 2, pages // 2, pages - 1, *rng.sample(range(1, pages), 8)})
    outcomes = {}
    for page in chosen:
        for where in (PAGE // 2, rng.randrange(PAGE)):
            data = bytearray(original)
            data[page * PAGE + where] ^= 1 << rng.randrange(8)
            closed_case.write_bytes(bytes(data))
            code, out, err = _verify_cli(closed_case, capsys, monkeypatch)
            # Either opening says the case is damaged (one line), or verify fails checks;
            # both exit 1. Never "fine", never "wrong passphrase" for a page other than 1.
            assert code == 1, (page, where, out, err)
            if err:
                assert "damaged" in err and err.count("\n") == 1 and "Traceback" not in err
            else:
                report = json.loads(out)
                failed = {c["check"] for c in report["checks"] if not c["ok"]}
                assert "cipher integrity" in failed, (page, failed)
            outcomes[(page, where)] = "open refused" if err else "verify failed"
    closed_case.write_bytes(original)
    assert "verify failed" in outcomes.values()  # most pages: the case opens, verify says no


def test_flipped_byte_in_page_one_never_passes(closed_case: Path) -> None:
    # Page 1 carries the key check: damage there is indistinguishable from a wrong key.
    data = bytearray(closed_case.read_bytes())
    data[PAGE // 2] ^= 0x40
    closed_case.write_bytes(bytes(data))
    with pytest.raises((WrongPassphrase, DamagedCase)):
        Case.open(closed_case, PASSPHRASE)


def test_truncated_file_is_detected(closed_case: Path, capsys, monkeypatch) -> None:
    # A copy cut short (full disk, interrupted transfer) is damage, not a wrong passphrase.
    data = closed_case.read_bytes()
    for cut in (3 * PAGE + 100, 3 * PAGE, 100):
        closed_case.write_bytes(data[: len(data) - cut])
        code, out, err = _verify_cli(closed_case, capsys, monkeypatch)
        assert code == 1, (cut, out, err)
        assert "wrong passphrase" not in err


def test_row_changed_behind_the_audit_log_is_named(case: Case) -> None:
    event_id = factories.event(case, "Original title")
    case.raw_execute("UPDATE event SET title = 'Rewritten' WHERE id = :id", id=event_id)
    problems = _problems(case)
    assert set(problems) == {"audit coverage"}
    assert any(p.startswith(f"event:{event_id}") and "title" in p
               for p in problems["audit coverage"]), problems


def test_row_inserted_or_deleted_behind_the_audit_log(case: Case) -> None:
    keep = factories.event(case, "kept")
    gone = factories.event(case, "removed behind the log")
    case.raw_execute("DELETE FROM event WHERE id = :id", id=gone)
    case.raw_execute("INSERT INTO tag (name) VALUES ('sneaked in')")
    coverage = _problems(case)["audit coverage"]
    assert any(p.startswith(f"event:{gone}") and "missing" in p for p in coverage), coverage
    assert any(p.startswith("tag:") and "no audit entry" in p for p in coverage), coverage
    assert not any(p.startswith(f"event:{keep}:") for p in coverage)


def test_changes_through_services_keep_coverage_clean(case: Case) -> None:
    event_id = factories.event(case, "Original")
    update(case, Event, event_id, "edit event", title="Edited")
    update(case, Event, event_id, "undo edit event", title="Original")  # undo: its own entry
    assert _problems(case) == {}


def test_deleted_audit_entry_breaks_the_chain(case: Case) -> None:
    factories.populated(case)
    (last,) = case.raw_execute("SELECT max(seq) FROM audit_entry")[0]
    middle = last // 2
    case.raw_execute("DELETE FROM audit_entry WHERE seq = :s", s=middle)
    chain = _problems(case)["audit chain"]
    assert any(f"audit entry {middle + 1}" in p for p in chain), chain


def test_edited_audit_entry_breaks_the_chain(case: Case) -> None:
    factories.event(case, "Fact")
    (seq,) = case.raw_execute("SELECT max(seq) FROM audit_entry")[0]
    case.raw_execute("UPDATE audit_entry SET reviewer = 'someone else' WHERE seq = :s", s=seq)
    chain = _problems(case)["audit chain"]
    assert chain == [f"audit entry {seq}: its content does not match its hash"]


def test_deleted_last_audit_entry_is_caught_by_coverage(case: Case) -> None:
    # Cutting the tail keeps the chain intact; the rows it recorded then lack an entry.
    event_id = factories.event(case, "Last thing done")
    case.raw_execute("DELETE FROM audit_entry WHERE seq = (SELECT max(seq) FROM audit_entry)")
    coverage = _problems(case)["audit coverage"]
    assert any(p.startswith(f"event:{event_id}") for p in coverage), coverage


def test_altered_original_fails_evidence_hashes(case: Case) -> None:
    evidence_id = factories.evidence_item(case, original=b"the original letter")
    case.raw_execute(
        "UPDATE evidence_blob SET data = :d WHERE evidence_id = :e AND role = 'original'",
        d=b"a forged letter", e=evidence_id)
    problems = _problems(case)
    assert "evidence hashes" in problems
    assert any("E-0001" in p for p in problems["evidence hashes"]), problems
    assert "audit coverage" in problems  # the blob row differs from its audited hash too


def test_altered_original_with_rewritten_hash_is_still_caught(case: Case) -> None:
    import hashlib

    evidence_id = factories.evidence_item(case, original=b"the original letter")
    forged = b"a forged letter"
    case.raw_execute(
        "UPDATE evidence_blob SET data = :d WHERE evidence_id = :e AND role = 'original'",
        d=forged, e=evidence_id)
    case.raw_execute("UPDATE evidence SET sha256 = :h WHERE id = :e",
                     h=hashlib.sha256(forged).hexdigest(), e=evidence_id)
    problems = _problems(case)
    assert "evidence hashes" not in problems
    assert any(p.startswith(f"evidence:{evidence_id}") and "sha256" in p
               for p in problems["audit coverage"]), problems


def test_verify_cli_reports_tampering(case: Case, capsys, monkeypatch) -> None:
    event_id = factories.event(case, "x")
    case.raw_execute("UPDATE event SET status = 'refuted' WHERE id = :id", id=event_id)
    path = case.path
    case.close()
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    assert cli.main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL audit coverage" in out and f"event:{event_id}" in out and "status" in out


def test_verify_of_a_large_random_tamper_set_never_crashes(closed_case: Path) -> None:
    # Garbage over a whole page range: verify still answers (no traceback, no hang).
    data = bytearray(closed_case.read_bytes())
    start = 5 * PAGE
    data[start:start + 2 * PAGE] = os.urandom(2 * PAGE)
    closed_case.write_bytes(bytes(data))
    try:
        case = Case.open(closed_case, PASSPHRASE)
    except DamagedCase:
        return
    with case:
        assert _problems(case)


def test_removed_original_fails_evidence_hashes(case: Case) -> None:
    factories.evidence_item(case, original=b"the original letter")
    case.raw_execute("DELETE FROM evidence_blob WHERE role = 'original'")
    problems = _problems(case)
    assert problems["evidence hashes"] == ["E-0001: original is missing"]


def _record(case: Case) -> dict[str, list]:
    """Everything the review records: every audited table and the audit log."""
    from workbench import audit as audit_module

    tables = [*audit_module.audited_tables(), "audit_entry"]
    return {t: case.raw_execute(f"SELECT * FROM {t} ORDER BY 1") for t in tables}


def test_single_page_rolled_back_never_changes_the_record_unnoticed(case: Case,
                                                                    tmp_path: Path) -> None:
    """An attacker with an older copy of the file writes one old page back (its HMAC is
    valid: same key, same page number). Either verify fails, or what the review records
    is unchanged (the page held only derived data such as the file change counter)."""
    import shutil

    ids = factories.populated(case)
    path = case.path
    case.close()
    older = tmp_path / "older.copy"
    shutil.copy(path, older)
    with Case.open(path, PASSPHRASE, reviewer="tester") as current:
        update(current, Event, ids["event"], "edit event", title="Título corregido",
               status="corroborated")
        expected = _record(current)
    now, old = path.read_bytes(), older.read_bytes()
    changed = [i for i in range(min(len(now), len(old)) // PAGE)
               if now[i * PAGE:(i + 1) * PAGE] != old[i * PAGE:(i + 1) * PAGE]]
    assert len(changed) >= 2
    detected = 0
    for page in changed:
        data = bytearray(now)
        data[page * PAGE:(page + 1) * PAGE] = old[page * PAGE:(page + 1) * PAGE]
        rolled = tmp_path / f"rolled-{page}.case"
        rolled.write_bytes(bytes(data))
        try:
            with Case.open(rolled, PASSPHRASE, reviewer="tester") as suspect:
                if any(not r.ok for r in verify(suspect)):
                    detected += 1
                    continue
                assert _record(suspect) == expected, f"page {page} rolled back unnoticed"
        except DamagedCase:
            detected += 1
    assert detected >= 1  # the page holding the edited row is always among them
