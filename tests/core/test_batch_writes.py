"""Case.batch: many audited writes in one transaction, committed in groups (folder imports).

Each write keeps its own audit entry and rolls back alone; a group is visible to others and
durable only once committed; a batch that fails keeps the groups committed before it.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from db import search_index
from db.keys import FAST_KDF
from db.models import Actor, AuditEntry, Event, Evidence, Interview, Reviewer
from tests.conftest import PASSPHRASE
from workbench import audit, indexing
from workbench.case import Case
from workbench.errors import InvalidInput
from workbench.importers.notes import import_notes
from workbench.search import search
from workbench.services import events
from workbench.services.common import delete, update
from workbench.verify import verify


def titles(case: Case) -> list[str]:
    with case.read() as session:
        return list(session.scalars(select(Event.title).order_by(Event.id)))


def entries(case: Case) -> int:
    with case.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def failed_checks(case: Case) -> list[str]:
    return [r.name for r in verify(case) if not r.ok]


def test_each_write_of_a_batch_is_its_own_audit_entry_and_reads_see_it(case) -> None:
    before = entries(case)
    with case.batch() as batch:
        events.add_event(case, "Blockade at the bridge", when="2018-12")
        events.add_event(case, "Arrests at dawn", when="2018-12-04")
        assert titles(case) == ["Blockade at the bridge", "Arrests at dawn"]  # in the batch
        assert batch.committed_groups == 0
    assert entries(case) == before + 2
    assert titles(case) == ["Blockade at the bridge", "Arrests at dawn"]
    assert failed_checks(case) == []


def test_a_group_is_invisible_to_other_connections_until_committed(case, case_path) -> None:
    with case.batch() as batch:
        events.add_event(case, "Tear gas in the square")
        with Case.open(case_path, PASSPHRASE, reviewer="other") as other:
            assert titles(other) == []
        batch.commit()
        with Case.open(case_path, PASSPHRASE, reviewer="other") as other:
            assert titles(other) == ["Tear gas in the square"]


def test_a_failed_write_rolls_back_alone(case) -> None:
    with case.batch():
        events.add_event(case, "Water cut to the village")
        with pytest.raises(InvalidInput):
            events.add_event(case, "   ")  # no title: refused inside its savepoint
        events.add_event(case, "Meeting with the prosecutor")
    assert titles(case) == ["Water cut to the village", "Meeting with the prosecutor"]
    assert failed_checks(case) == []


def test_a_failing_batch_keeps_the_committed_groups_only(case_path) -> None:
    Case.create(case_path, PASSPHRASE, "t", reviewer="creator", kdf=FAST_KDF).close()
    with Case.open(case_path, PASSPHRASE, reviewer="fieldworker") as case:
        before = entries(case)
        with pytest.raises(RuntimeError, match="laptop battery"), case.batch() as batch:
            events.add_event(case, "Committed first")
            batch.commit()
            events.add_event(case, "Never committed")
            raise RuntimeError("laptop battery")
        assert titles(case) == ["Committed first"]
        assert entries(case) == before + 1
        with case.read() as session:  # recorded with the committed group, not lost
            assert session.scalar(select(Reviewer).filter_by(name="fieldworker"))
        events.add_event(case, "After the failure")  # the chain goes on from the last entry
        assert failed_checks(case) == []


def test_batches_are_bound_to_one_thread_and_do_not_nest(case) -> None:
    seen: list[list[str]] = []
    with case.batch():
        events.add_event(case, "Only in the batch")
        other = threading.Thread(target=lambda: seen.append(titles(case)))
        other.start()
        other.join()
        with pytest.raises(RuntimeError, match="nest"), case.batch():
            pass
    assert seen == [[]]  # another thread reads committed data only
    assert titles(case) == ["Only in the batch"]


# A batch's writes remember the log's newest entry and the retired codes they read (one
# statement each per file otherwise); these prove what they remember is never stale.

def notes_file(title: str, interviewee: str) -> bytes:
    return (f"---\ntitle: {title}\ninterviewee: {interviewee}\n---\n\n"
            f"Notes taken with {interviewee}.\n").encode()


def imported(case: Case, title: str, interviewee: str) -> tuple[str, str]:
    """Import one notes file; its evidence number and its interviewee's pseudonym."""
    result = import_notes(case, f"{title}.md", notes_file(title, interviewee))
    assert result.status == "imported", result.reason
    with case.read() as session:
        number = session.get(Evidence, result.ids["evidence"][0]).number
        pseudonym = session.get(Actor, result.ids["actor"][0]).pseudonym
    return number, pseudonym


def test_a_batch_that_deletes_then_imports_never_reuses_a_retired_code(case) -> None:
    with case.batch():
        assert imported(case, "first", "Ana Quispe") == ("E-0001", "W-01")
        assert imported(case, "second", "Rosa Mamani") == ("E-0002", "W-02")
        with case.read() as session:
            interview = session.scalars(select(Interview).order_by(Interview.id.desc())).first()
            evidence_id, actor_id = interview.source_evidence_id, interview.interviewees[0].id
        delete(case, Interview, interview.id, "delete interview")
        delete(case, Evidence, evidence_id, "delete evidence")
        delete(case, Actor, actor_id, "delete actor")
        # The deleted rows' ids come back (SQLite hands out the highest id + 1); the codes
        # E-0002 and W-02 must not.
        assert imported(case, "third", "Eva Huamán") == ("E-0003", "W-03")
    assert imported(case, "fourth", "Luz Condori") == ("E-0004", "W-04")
    # The new rows with reused ids are indexed; the deleted ones' entries went with them.
    found = {(hit.kind, hit.ref) for hit in search(case, "Huamán")}
    assert found == {("interview", interview.id)}
    assert search(case, "Mamani") == []
    assert failed_checks(case) == []


def test_a_write_rolled_back_after_its_audit_entry_leaves_the_chain_whole(case) -> None:
    with case.batch():
        events.add_event(case, "Before the failure")
        with pytest.raises(InvalidInput), case.write("fails after its entry") as session:
            audit.append(session, case.reviewer, "fails after its entry", {})
            raise InvalidInput("refused")
        events.add_event(case, "After the failure")  # follows the entry before the failure
    assert titles(case) == ["Before the failure", "After the failure"]
    assert failed_checks(case) == []


def test_what_others_write_between_groups_is_read_again(case, case_path) -> None:
    with case.batch() as batch:
        assert imported(case, "first", "Ana Quispe") == ("E-0001", "W-01")
        assert imported(case, "second", "Rosa Mamani") == ("E-0002", "W-02")
        batch.commit()
        with Case.open(case_path, PASSPHRASE, reviewer="other") as other:
            with other.read() as session:
                actor_id = session.scalar(select(Actor.id).filter_by(pseudonym="W-02"))
            delete(other, Actor, actor_id, "delete actor")  # appends to the chain, retires W-02
        assert imported(case, "third", "Eva Huamán") == ("E-0003", "W-03")
    assert failed_checks(case) == []


def index_as_rows_say(case: Case) -> tuple[dict[int, tuple[str, str]], dict[int, tuple[str, str]]]:
    """The search index's entries, and what every indexed row says they should be."""
    held = {rowid: (title, body) for rowid, title, body in case.raw_execute(
        f"SELECT rowid, title, body FROM {search_index.TABLE}")}
    expected = {}
    with case.read() as session:
        for table, model in indexing.MODELS.items():
            kind, document = indexing.DOCUMENTS[table]
            for obj in session.scalars(select(model)):
                expected[search_index.rowid(kind, obj.id)] = document(obj)
    return held, expected


def test_a_batch_indexes_its_writes_in_order_when_a_group_commits(case) -> None:
    with pytest.raises(RuntimeError, match="power cut"), case.batch() as batch:
        kept = events.add_event(case, "Roadblock at dawn").first_created("event")
        update(case, Event, kept, "edit event", title="Roadblock at noon")
        gone = events.add_event(case, "Duplicate report").first_created("event")
        delete(case, Event, gone, "delete event")
        with pytest.raises(InvalidInput):
            events.add_event(case, " ")
        assert search(case, "roadblock") == []  # the index sees committed groups only
        batch.commit()
        events.add_event(case, "Never committed march")
        raise RuntimeError("power cut")
    held, expected = index_as_rows_say(case)
    assert held == expected and len(held) == 1
    assert [hit.ref for hit in search(case, "noon")] == [kept]
    assert search(case, "dawn") == [] and search(case, "march") == []
    assert failed_checks(case) == []
