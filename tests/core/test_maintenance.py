"""`workbench compact`: deleted rows' text purged from the audit log, the chain still
verifies, and a purge cannot be used to hide tampering."""

from __future__ import annotations

import json

import factories
from factories import PASSPHRASE

from db.models import Event, Interview
from workbench import audit, cli
from workbench.case import Case
from workbench.maintenance import compact, purge_deleted
from workbench.services.common import delete
from workbench.verify import verify

SECRET = "Testimonio retirado de Wankar zqpurge1"


def _failed(case: Case) -> dict[str, list[str]]:
    return {r.name: r.problems for r in verify(case) if not r.ok}


def _log(case: Case) -> str:
    return "\n".join(str(r[0]) for r in case.raw_execute("SELECT changes FROM audit_entry"))


def test_compact_purges_deleted_text_and_verify_still_passes(case: Case) -> None:
    kept = factories.interview(case, "Kept", notes_text="Testimonio vigente zqkeep1")
    gone = factories.interview(case, "Gone", notes_text=SECRET)
    delete(case, Interview, gone, "delete interview")
    assert SECRET in _log(case)
    done = compact(case)
    assert done.purged_entries >= 2  # its creation and its deletion
    assert SECRET not in _log(case) and "zqkeep1" in _log(case)
    assert _failed(case) == {}
    (action,) = case.raw_execute("SELECT action FROM audit_entry WHERE action LIKE 'purge%'")[0]
    assert action.startswith(audit.PURGE_ACTION)
    assert kept
    assert purge_deleted(case) == 0 or _failed(case) == {}  # a second run is harmless


def test_a_purge_marker_on_an_unlisted_entry_is_tampering(case: Case) -> None:
    ident = factories.event(case, "Fact")
    delete(case, Event, ident, "delete event")
    (seq, body) = case.raw_execute("SELECT seq, changes FROM audit_entry ORDER BY seq DESC "
                                   "LIMIT 1")[0]
    changes = json.loads(body)
    key = next(iter(changes))
    changes[key], _ = audit.purge_values(changes[key])
    case.raw_execute("UPDATE audit_entry SET changes = :c WHERE seq = :s",
                     c=audit.canonical(changes), s=seq)
    assert any("does not match its hash" in p for p in _failed(case)["audit chain"])


def test_a_listed_purge_of_a_live_row_is_tampering(case: Case) -> None:
    ident = factories.event(case, "Still here")
    gone = factories.event(case, "Gone")
    delete(case, Event, gone, "delete event")
    compact(case)
    with case.read() as session:
        listed = audit._purge_listed(session)
    # Rewrite the live event's creation entry as if purged, and list it in a forged purge.
    (seq, body) = case.raw_execute("SELECT seq, changes FROM audit_entry WHERE changes LIKE "
                                   "'%Still here%'")[0]
    changes = json.loads(body)
    key = f"event:{ident}"
    changes[key], _ = audit.purge_values(changes[key])
    case.raw_execute("UPDATE audit_entry SET changes = :c WHERE seq = :s",
                     c=audit.canonical(changes), s=seq)
    case.raw_execute("UPDATE audit_entry SET action = :a WHERE action LIKE 'purge%'",
                     a=audit.PURGE_ACTION + ",".join(map(str, sorted({*listed, seq}))))
    problems = _failed(case)["audit chain"]
    assert any("not only of deleted rows" in p for p in problems), problems


def test_compact_command(case: Case, capsys, monkeypatch) -> None:
    gone = factories.interview(case, "Gone", notes_text=SECRET)
    delete(case, Interview, gone, "delete interview")
    path = case.path
    case.close()
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    assert cli.main(["compact", str(path)]) == 0
    assert "audit entries purged" in capsys.readouterr().out
    assert SECRET.encode() not in path.read_bytes()
    with Case.open(path, PASSPHRASE) as reopened:
        assert _failed(reopened) == {}


def test_a_new_row_given_a_purged_rows_id_is_not_tampering(case: Case) -> None:
    """SQLite gives the highest deleted id to the next new row. A purge is judged on the
    rows as they were when it ran: the purged row was deleted then, whoever holds its id
    now."""
    gone = factories.interview(case, "Gone", notes_text=SECRET)
    delete(case, Interview, gone, "delete interview")
    assert purge_deleted(case) >= 2
    again = factories.interview(case, "New", notes_text="Testimonio nuevo zqnew1")
    assert again == gone  # the id is reused (or this test would prove nothing)
    assert _failed(case) == {}
    assert SECRET not in _log(case)
