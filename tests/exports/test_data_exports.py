"""JSON, CSV, archive and reply-letter exports; importing a JSON document or an archive."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from db.keys import FAST_KDF
from exports import json_export
from tests.exports import witnesses
from tests.exports.test_publication_pdf import contains
from tests.factories import PASSPHRASE
from workbench.cli import main
from workbench.errors import InvalidInput
from workbench.publication import case_data
from workbench.publication.case_import import import_archive, import_json
from workbench.publication.export import ExportRefused, export
from workbench.verify import verify


@pytest.fixture
def built(case):
    return witnesses.build(case)


def test_json_round_trip_is_exact(case, built, tmp_path: Path):
    first = tmp_path / "case.json"
    export(case, "confidential", "json", first)
    document = json.loads(first.read_text("utf-8"))
    assert document["format"] == "incident-workbench-case"
    assert document["schema_version"] == 1
    assert len(document["tables"]["actor"]) == len(witnesses.PEOPLE) + 1
    with import_json(tmp_path / "copy.case", PASSPHRASE, first, kdf=FAST_KDF) as copy:
        second = tmp_path / "again.json"
        export(copy, "confidential", "json", second)
        assert all(r.ok for r in verify(copy))
    assert first.read_bytes() == second.read_bytes()


def test_the_json_document_matches_its_published_schema(case, built, tmp_path):
    schema_file = Path(__file__).resolve().parents[2] / "docs" / "case.schema.json"
    assert json.loads(schema_file.read_text("utf-8")) == case_data.json_schema(), \
        "docs/case.schema.json is stale: regenerate it (see docs/case-json.md)"
    export(case, "confidential", "json", tmp_path / "c.json")
    document = json.loads((tmp_path / "c.json").read_text("utf-8"))
    schema = case_data.json_schema()
    assert set(document) == set(schema["required"])
    python = {"string": str, "integer": int, "number": (int, float), "boolean": bool,
              "null": type(None)}
    for table, rows in document["tables"].items():
        spec = schema["properties"]["tables"]["properties"][table]["items"]
        for row in rows:
            assert set(row) == set(spec["required"]), table
            for column, value in row.items():
                options = spec["properties"][column].get("anyOf", [spec["properties"][column]])
                kinds = [python[o["type"]] if "type" in o else dict for o in options]
                assert isinstance(value, tuple(kinds)), (table, column, value)


def test_import_refuses_a_foreign_or_tampered_document(case, built, tmp_path):
    (tmp_path / "other.json").write_text('{"format": "something else"}')
    with pytest.raises(InvalidInput, match="not a workbench case document"):
        import_json(tmp_path / "a.case", PASSPHRASE, tmp_path / "other.json", kdf=FAST_KDF)
    export(case, "confidential", "json", tmp_path / "c.json")
    document = json.loads((tmp_path / "c.json").read_text("utf-8"))
    blob = document["tables"]["evidence_blob"][0]["data"]
    blob["base64"] = "AAAA" + blob["base64"][4:]
    (tmp_path / "bad.json").write_text(json.dumps(document))
    with pytest.raises(InvalidInput, match="does not match its SHA-256"):
        import_json(tmp_path / "b.case", PASSPHRASE, tmp_path / "bad.json", kdf=FAST_KDF)
    assert not (tmp_path / "b.case").exists()


def test_publication_json_is_the_report_model_without_protected_names(case, built, tmp_path):
    export(case, "publication", "json", tmp_path / "public.json")
    text = (tmp_path / "public.json").read_text("utf-8")
    body = json.loads(text)
    assert body["format"] == "incident-workbench-report" and body["report"]["chronology"]
    assert [n for n in built.names if contains(text, n)] == []


def test_archive_hashes_verify_with_sha256sum_and_it_imports(case, built, tmp_path):
    out = tmp_path / "case.zip"
    export(case, "confidential", "archive", out)
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(folder)
        names = set(zf.namelist())
    assert {"case.json", "audit-log.jsonl", "SHA256SUMS"} <= names
    originals = [n for n in names if n.startswith("originals/")]
    assert len(originals) >= 3  # two photos and a document, byte for byte
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder,
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == len(names) - 1
    with import_archive(tmp_path / "copy.case", PASSPHRASE, out, kdf=FAST_KDF) as copy:
        assert all(r.ok for r in verify(copy))
        with copy.read() as session:
            document, files = case_data.dump(session, inline_files=False)
    # The new case holds exactly what the archive carried, file for file.
    assert json_export.render_case(document) == (folder / "case.json").read_bytes()
    assert all(data == (folder / name).read_bytes() for name, data in files.items())


def test_a_tampered_archive_is_refused(case, built, tmp_path):
    out = tmp_path / "case.zip"
    export(case, "confidential", "archive", out)
    with zipfile.ZipFile(out) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    victim = next(n for n in members if n.startswith("originals/"))
    members[victim] = members[victim][:-1] + b"\x00"
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    with pytest.raises(InvalidInput, match="SHA-256 does not match"):
        import_archive(tmp_path / "x.case", PASSPHRASE, bad, kdf=FAST_KDF)
    assert not (tmp_path / "x.case").exists()


def test_an_archive_is_never_a_publication(case, built, tmp_path):
    with pytest.raises(ExportRefused):
        export(case, "publication", "archive", tmp_path / "p.zip")
    assert not (tmp_path / "p.zip").exists()


def test_csv_registers_parse(case, built, tmp_path):
    out = tmp_path / "registers"
    export(case, "publication", "csv", out)
    files = {p.name: p.read_text("utf-8") for p in out.iterdir()}
    assert set(files) == {"timeline.csv", "evidence_register.csv", "action_plan.csv",
                          "grievances.csv"}
    rows = {name: list(csv.DictReader(io.StringIO(text))) for name, text in files.items()}
    assert [r["status"] for r in rows["timeline.csv"]] == ["contested", "alleged"]
    assert rows["timeline.csv"][1]["approximate"] == "1"
    assert {r["number"] for r in rows["evidence_register.csv"]} == {"E-0001", "E-0002"}
    assert all(len(r["sha256"]) == 64 for r in rows["evidence_register.csv"])
    assert rows["action_plan.csv"][0]["addressee"] == "Minera Antawayra S.A."
    assert rows["grievances.csv"][0]["description"] == ""  # never published
    everything = "\n".join(files.values())
    assert [n for n in built.names if contains(everything, n)] == []


def test_reply_letter(case, built, tmp_path):
    out = tmp_path / "letter.pdf"
    result = export(case, "publication", "reply-letter", out, lang="es")
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert result.pages == 1
    assert "Minera Antawayra S.A." in text and "2019-09-01" in text
    assert "derecho de" in text and "Ill-treatment of W-05" in text
    assert [n for n in built.names if contains(text, n)] == []


def test_command_line(case, built, tmp_path, capsys, monkeypatch):
    path = case.path
    case.close()
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "public.pdf"
    code = main(["export", str(path), "--profile", "publication", "--format", "pdf",
                 "-o", str(out), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["path"] == str(out) and report["pages"] >= 5
    assert any(w["what"] == "actor W-02" for w in report["withheld"])
    code = main(["export", str(path), "--profile", "publication", "--format", "pdf",
                 "-o", str(tmp_path / "Doña Rosa.pdf")])
    assert code == 1 and "file name" in capsys.readouterr().err
    assert not (tmp_path / "Doña Rosa.pdf").exists()
    code = main(["export", str(path), "--profile", "publication", "--format", "archive",
                 "-o", str(tmp_path / "a.zip")])
    assert code == 1
    with pytest.raises(SystemExit) as usage:
        main(["export", str(path), "--profile", "public", "--format", "pdf", "-o", "x"])
    assert usage.value.code == 2
