"""The export as the window runs it, in its own process (workbench/publication/
export_process.py): the same file and result as in-process, errors and Cancel come back
as the core's own, and no child outlives its export."""

from __future__ import annotations

import os
import pickle
import signal
import time

import pytest
from pypdf import PdfReader

from db.models import AuditEntry
from tests.exports import witnesses
from tests.exports.test_publication_pdf import contains, everything_readable
from workbench.errors import Cancelled, CaseLocked
from workbench.publication import WRITING
from workbench.publication.export import export
from workbench.publication.export_process import (
    ExportProcess,
    ExportProcessFailed,
    export_in_child,
)
from workbench.publication.leak_guard import Leak, LeakFound


@pytest.fixture
def built(case):
    return witnesses.build(case)


@pytest.fixture
def out_dir(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _ended(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_child_writes_what_the_core_writes(case, built, out_dir):
    stages: list[str] = []
    here = export(case, "publication", "pdf", out_dir / "here.pdf")
    there = export_in_child(case, "publication", "pdf", out_dir / "there.pdf",
                            progress=stages.append)
    assert there.path == out_dir / "there.pdf" and there.pages == here.pages
    assert there.withheld == here.withheld and there.evidence == here.evidence
    assert stages == ["chronology", "findings", "photos", "rendering", "checking", WRITING]
    text = everything_readable((out_dir / "there.pdf").read_bytes())
    assert text == everything_readable((out_dir / "here.pdf").read_bytes())
    assert not [n for n in built.names if contains(text, n)]
    assert len(PdfReader(out_dir / "there.pdf").pages) == there.pages


def test_a_refusal_comes_back_as_the_cores_error_and_nothing_is_written(case, built,
                                                                        out_dir):
    name = f"Lo que dijo {built.names[0]}.pdf"
    with pytest.raises(LeakFound, match="file name") as refused:
        export_in_child(case, "publication", "pdf", out_dir / name)
    assert refused.value.leaks and "\n" not in str(refused.value)
    assert list(out_dir.iterdir()) == []


def test_a_leak_survives_the_pipe_with_its_message():
    leaks = [Leak(f"name {i}", "page 1") for i in range(7)]
    copy = pickle.loads(pickle.dumps(LeakFound(leaks)))  # noqa: S301 (our own bytes)
    assert copy.leaks == leaks and str(copy) == str(LeakFound(leaks))


def test_cancel_between_stages_writes_nothing_and_ends_the_child(case, built, out_dir):
    process = ExportProcess()
    stages: list[str] = []
    with pytest.raises(Cancelled):
        process.run(case, "publication", "pdf", out_dir / "summary.pdf",
                    progress=stages.append, cancelled=lambda: bool(stages))
    assert stages[0] == "chronology" and "rendering" not in stages  # as in-process
    assert list(out_dir.iterdir()) == []
    assert _ended(process.pid)


def test_cancel_once_it_writes_is_too_late_the_export_finishes_and_is_recorded(
        case, built, out_dir):
    # Past the last stage a stopped child could leave a file the case does not record.
    process = ExportProcess()
    stages: list[str] = []
    result = process.run(case, "confidential", "json", out_dir / "case.json",
                         progress=stages.append, cancelled=lambda: WRITING in stages)
    assert stages[-1] == WRITING
    assert sorted(p.name for p in out_dir.iterdir()) == ["case.json"]
    assert result.changes.action == "export confidential json to case.json"
    with case.read() as session:
        assert session.get(AuditEntry, result.changes.audit_seq).action == \
            result.changes.action
    assert _ended(process.pid)


def test_a_child_killed_mid_export_is_a_one_line_error_and_writes_nothing(case, built,
                                                                          out_dir):
    process = ExportProcess()

    def kill_at_findings(stage: str) -> None:
        if stage == "findings":
            os.kill(process.pid, signal.SIGKILL)
            time.sleep(0.2)

    with pytest.raises(ExportProcessFailed, match="nothing was written") as failed:
        process.run(case, "publication", "pdf", out_dir / "summary.pdf",
                    progress=kill_at_findings)
    assert "\n" not in str(failed.value)
    assert list(out_dir.iterdir()) == []


def test_a_locked_case_is_refused_before_the_key_leaves(case, out_dir):
    process = ExportProcess()
    case.close()
    with pytest.raises(CaseLocked):
        process.run(case, "publication", "pdf", out_dir / "summary.pdf")
    assert _ended(process.pid)


def test_a_child_never_used_ends_when_closed_or_dropped():
    closed = ExportProcess()
    closed.close()
    assert _ended(closed.pid)
    dropped = ExportProcess()
    pid = dropped.pid
    del dropped  # a queued export a lock discarded, say
    assert _ended(pid)
