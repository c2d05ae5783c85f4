"""`workbench import json|archive NEWCASE FILE` makes a new case that exports the same JSON."""

from __future__ import annotations

import json
import zipfile

import pytest

from tests import factories
from tests.conftest import PASSPHRASE
from workbench.cli import main


@pytest.mark.parametrize("fmt, name", [("json", "case.json"), ("archive", "case.zip")])
def test_import_round_trip_through_the_command_line(case, case_path, tmp_path, monkeypatch,
                                                    capsys, fmt, name):
    factories.event(case, "Desalojo en Ch'askapampa", when="2018-12~")
    case.close()
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    exported = tmp_path / name
    assert main(["export", str(case_path), "--profile", "confidential", "--format", fmt,
                 "-o", str(exported)]) == 0
    new_case = tmp_path / "again.case"
    assert main(["import", fmt, str(new_case), str(exported), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["counts"]["events"] == 1
    # Export writes custody entries after rendering, so the exported file holds the case as
    # it was; the new case must export exactly that again.
    if fmt == "json":
        original = exported.read_bytes()
    else:
        with zipfile.ZipFile(exported) as archive:
            original = archive.read("case.json")
    again = tmp_path / "again.json"
    assert main(["export", str(new_case), "--profile", "confidential", "--format", "json",
                 "-o", str(again)]) == 0
    assert again.read_bytes() == original

def test_import_json_refuses_an_existing_case_and_a_second_file(case, case_path, tmp_path,
                                                                 monkeypatch, capsys):
    case.close()
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    exported = tmp_path / "case.json"
    assert main(["export", str(case_path), "--profile", "confidential", "--format", "json",
                 "-o", str(exported)]) == 0
    before = case_path.read_bytes()
    assert main(["import", "json", str(case_path), str(exported)]) == 2
    assert case_path.read_bytes() == before
    assert main(["import", "json", str(tmp_path / "n.case"), str(exported),
                 str(exported)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err
