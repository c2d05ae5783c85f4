"""Maintenance: the routine run at every close (deleted content made unrecoverable) and
`workbench compact`: deleted rows' text purged from the audit log and from every page of
the file, the chain still verifies, and a purge cannot be used to hide tampering."""

from __future__ import annotations

import json

import factories
import pytest
from factories import PASSPHRASE, decrypted_pages, found_in

from db import engine as dbengine
from db import keys
from db.models import Event, Excerpt, Interview
from workbench import audit, cli
from workbench.case import Case
from workbench.errors import Cancelled, WriteFailed
from workbench.maintenance import compact, needs_purge, purge_deleted, routine
from workbench.search import search
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


# -- the routine maintenance (at every close) -----------------------------------------------


def _interview_with_excerpts(case: Case, secret: str, n: int = 2) -> int:
    ident = factories.interview(case, "Entrevista retirada zqtitle9",
                                notes_text=f"{secret} dijo que vio la marcha. " * 10)
    for _ in range(n):
        factories.excerpt(case, ident, text=secret, translation="Traducción zqtra9")
    return ident


def _delete_interview(case: Case, ident: int) -> None:
    with case.read() as s:
        excerpts = [e.id for e in s.query(Excerpt).filter_by(interview_id=ident)]
    for excerpt in excerpts:
        delete(case, Excerpt, excerpt, "delete excerpt")
    delete(case, Interview, ident, "delete interview")


def test_needs_purge_after_a_deletion_only_until_the_routine_ran(case: Case) -> None:
    assert not needs_purge(case)  # a fresh case
    gone = _interview_with_excerpts(case, SECRET)
    assert not needs_purge(case)  # writes that delete nothing
    _delete_interview(case, gone)
    assert needs_purge(case)
    assert routine(case) >= 4  # the interview's and each excerpt's creation and deletion
    assert not needs_purge(case)
    assert routine(case) is None  # nothing deleted since: nothing done
    factories.event(case, "A later event")
    assert not needs_purge(case)


def test_routine_leaves_no_deleted_text_in_any_page_and_verify_passes(case: Case) -> None:
    factories.interview(case, "Kept", notes_text="Testimonio vigente zqkeep1")
    gone = _interview_with_excerpts(case, SECRET)
    path = case.path
    assert found_in(decrypted_pages(path), [SECRET])  # the check can see it
    assert search(case, "zqpurge1")
    _delete_interview(case, gone)
    assert found_in(decrypted_pages(path), [SECRET])  # deleting alone leaves it in the log
    routine(case)
    assert _failed(case) == {}
    assert search(case, "zqpurge1") == []
    case.close()
    plain = decrypted_pages(path)
    assert found_in(plain, [SECRET, "zqtitle9", "zqtra9", "purge1"]) == []
    assert found_in(plain, ["zqkeep1"]) == ["zqkeep1"]


def test_routine_writes_nothing_to_a_case_without_deletions(case: Case) -> None:
    factories.interview(case, "Kept", notes_text="Testimonio vigente zqkeep1")
    case.close()
    before = case.path.read_bytes()
    with Case.open(case.path, PASSPHRASE, reviewer="another reviewer") as reopened:
        assert routine(reopened) is None
    assert case.path.read_bytes() == before  # a backup or sync tool sees no change


def test_a_deleted_row_whose_id_is_given_again_is_purged_up_to_its_deletion(
        case: Case) -> None:
    """The reviewer deletes the wrong notes and imports the right ones before closing."""
    gone = factories.interview(case, "Wrong notes", notes_text=SECRET)
    delete(case, Interview, gone, "delete interview")
    again = factories.interview(case, "Right notes", notes_text="Testimonio correcto zqnew1")
    assert again == gone  # the same id, so the same audit key
    assert routine(case)
    assert SECRET not in _log(case) and "zqnew1" in _log(case)
    assert _failed(case) == {}


def test_a_cancelled_routine_changes_nothing_and_the_next_one_purges(case: Case) -> None:
    gone = _interview_with_excerpts(case, SECRET)
    _delete_interview(case, gone)
    with pytest.raises(Cancelled):
        routine(case, cancelled=lambda: True)
    assert SECRET in _log(case) and needs_purge(case)
    assert _failed(case) == {}
    steps: list[tuple[int, int]] = []
    assert routine(case, progress=lambda done, total: steps.append((done, total)))
    assert SECRET not in _log(case)
    assert steps and steps[-1][0] == steps[-1][1]  # it ends at 100 %


def test_a_case_locked_by_another_program_is_said_in_one_line_and_left_valid(
        case: Case) -> None:
    gone = _interview_with_excerpts(case, SECRET)
    _delete_interview(case, gone)
    other = dbengine.connect(case.path, keys.derive_key(PASSPHRASE, keys.read_salt(case.path)))
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")  # another program writes to the file (and waits)
    try:
        with pytest.raises(WriteFailed) as failed:
            routine(case)
    finally:
        other.execute("ROLLBACK")
        other.close()
    message = str(failed.value)
    assert "locked" in message and "\n" not in message and "Traceback" not in message
    assert needs_purge(case) and _failed(case) == {}
    assert routine(case) and SECRET not in _log(case)


def test_a_purge_of_many_entries_fits_the_action_column(case: Case) -> None:
    gone = _interview_with_excerpts(case, SECRET, n=40)
    _delete_interview(case, gone)
    purged = routine(case)
    assert purged is not None and purged > 80
    actions = [str(r[0]) for r in case.raw_execute(
        "SELECT action FROM audit_entry WHERE action LIKE 'purge%'")]
    assert len(actions) > 1 and all(len(a) <= 200 for a in actions)
    assert _failed(case) == {}
