"""Reading a case (info, search, verify) never changes its file, even for a new reviewer."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests import factories
from tests.conftest import PASSPHRASE
from workbench.cli import main


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", [["info", "--json"], ["verify"], ["search", "x"]])
def test_reading_commands_leave_the_file_byte_identical(case, case_path, monkeypatch,
                                                         capsys, command):
    factories.event(case, "Roadblock at the bridge")
    case.close()
    before = _digest(case_path)
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("WORKBENCH_REVIEWER", "someone who never wrote here")
    args = [command[0], str(case_path), *command[1:]]
    assert main(args) == 0
    capsys.readouterr()
    assert _digest(case_path) == before


def test_a_new_reviewer_is_recorded_with_their_first_write(case, case_path):
    from workbench.case import Case

    case.close()
    with Case.open(case_path, PASSPHRASE, reviewer="Ana Second") as again:
        factories.event(again, "A later event")
        entries = again.raw_execute(
            "SELECT reviewer, changes FROM audit_entry ORDER BY seq DESC LIMIT 1")
    reviewer, changes = entries[0]
    assert reviewer == "Ana Second"
    assert '"name":"Ana Second"' in changes  # the reviewer row is part of that same entry
