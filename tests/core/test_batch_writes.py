"""Case.batch: many audited writes in one transaction, committed in groups (folder imports).

Each write keeps its own audit entry and rolls back alone; a group is visible to others and
durable only once committed; a batch that fails keeps the groups committed before it.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from db.keys import FAST_KDF
from db.models import AuditEntry, Event, Reviewer
from tests.conftest import PASSPHRASE
from workbench.case import Case
from workbench.errors import InvalidInput
from workbench.services import events
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
