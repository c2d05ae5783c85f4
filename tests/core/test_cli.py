"""The `workbench` command line: the exact interface of issue 2 that scripts rely on."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import factories
import pytest
from factories import PASSPHRASE, PROJECT

from db import keys, migrate
from workbench import cli
from workbench.case import Case

NEW = "otra frase de paso"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("WORKBENCH_NEW_PASSPHRASE", raising=False)
    monkeypatch.setenv("WORKBENCH_REVIEWER", "cli tester")
    return monkeypatch


@pytest.fixture
def no_tty(monkeypatch: pytest.MonkeyPatch):
    """stdin is not a terminal, so no passphrase prompt can appear."""
    with open(os.devnull, encoding="utf-8") as devnull:
        monkeypatch.setattr(sys, "stdin", devnull)
        yield


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str) -> None:
    assert err.startswith("workbench: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err


@pytest.fixture
def filled(case: Case) -> Path:
    factories.populated(case, {"event": "Desalojo en Espinar", "notes": "Rosa Quispe habló."})
    case.close()
    return case.path


def test_new_creates_an_encrypted_case(tmp_path: Path, env, capsys) -> None:
    path = tmp_path / "nuevo.case"
    code, out, err = run(capsys, "new", str(path), "--title", "Revisión Qori", "--fast-kdf")
    assert (code, err) == (0, "")
    assert str(path) in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.parse_salt(keys.read_salt(path)) == keys.FAST_KDF
    with Case.open(path, PASSPHRASE) as case:
        assert case.raw_execute("SELECT title FROM case_info") == [("Revisión Qori",)]


def test_new_uses_strong_key_parameters_by_default(tmp_path: Path, env, capsys) -> None:
    path = tmp_path / "strong.case"
    code, _, err = run(capsys, "new", str(path), "--title", "t")
    assert (code, err) == (0, "")
    params = keys.parse_salt(keys.read_salt(path))
    assert params == keys.DEFAULT_KDF
    assert params.memory_kib >= 64 * 1024


def test_new_refuses_an_existing_file(filled: Path, env, capsys) -> None:
    before = filled.read_bytes()
    code, out, err = run(capsys, "new", str(filled), "--title", "t", "--fast-kdf")
    assert code == 2 and out == ""
    _one_line_error(err)
    assert "already exists" in err
    assert filled.read_bytes() == before


def test_passphrase_file(tmp_path: Path, env, capsys) -> None:
    env.delenv("WORKBENCH_PASSPHRASE")
    secret = tmp_path / "pass.txt"
    secret.write_text("frase desde archivo\n", encoding="utf-8")
    path = tmp_path / "f.case"
    code, _, err = run(capsys, "new", str(path), "--title", "t", "--fast-kdf",
                       "--passphrase-file", str(secret))
    assert (code, err) == (0, "")
    with Case.open(path, "frase desde archivo"):  # the trailing newline is not part of it
        pass
    code, _, err = run(capsys, "info", str(path), "--passphrase-file", str(tmp_path / "none"))
    assert code == 2
    _one_line_error(err)


def test_no_passphrase_and_no_terminal_is_a_usage_error(filled: Path, env, capsys,
                                                        no_tty) -> None:
    env.delenv("WORKBENCH_PASSPHRASE")
    code, out, err = run(capsys, "info", str(filled))
    assert code == 2 and out == ""
    _one_line_error(err)
    assert "WORKBENCH_PASSPHRASE" in err


@pytest.mark.parametrize("argv", [
    ["info", "{case}", "--passphrase", PASSPHRASE],
    ["info", "{case}", PASSPHRASE],
    ["verify", "{case}", "-p", PASSPHRASE],
    ["new", "{case}.2", "--title", "t", "--key", PASSPHRASE],
])
def test_the_passphrase_is_never_an_argument(filled: Path, capsys, monkeypatch, no_tty,
                                             argv: list[str]) -> None:
    monkeypatch.delenv("WORKBENCH_PASSPHRASE", raising=False)
    argv = [a.replace("{case}", str(filled)) for a in argv]
    with pytest.raises(SystemExit) as info:  # argparse refuses it: no such option
        cli.main(argv)
    assert info.value.code == 2
    assert not Path(f"{filled}.2").exists()


def test_info_json(filled: Path, env, capsys) -> None:
    code, out, err = run(capsys, "info", str(filled), "--json")
    assert (code, err) == (0, "")
    info = json.loads(out)
    assert info["schema_version"] == migrate.head_revision()
    counts = info["counts"]
    for name in ("events", "interviews", "excerpts", "actors", "places", "evidence",
                 "allegations", "responses", "findings", "recommendations", "grievances"):
        assert counts[name] == 1, name
    assert counts["audit_entries"] > 10
    assert info["title"] == "Test review"


def test_info_text(filled: Path, env, capsys) -> None:
    code, out, _ = run(capsys, "info", str(filled))
    assert code == 0
    assert "schema version: " + migrate.head_revision() in out
    assert "events: 1" in out


def test_verify_json(filled: Path, env, capsys) -> None:
    code, out, err = run(capsys, "verify", str(filled), "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["ok"] is True
    assert {c["check"]: c["ok"] for c in report["checks"]} == {
        "cipher integrity": True, "database integrity": True, "evidence hashes": True,
        "audit chain": True, "audit coverage": True}
    assert all(c["problems"] == [] for c in report["checks"])


def test_verify_json_reports_a_problem(filled: Path, env, capsys) -> None:
    with Case.open(filled, PASSPHRASE) as case:
        case.raw_execute("UPDATE finding SET assessment = 'established'")
    code, out, _ = run(capsys, "verify", str(filled), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    (failed,) = [c for c in report["checks"] if not c["ok"]]
    assert failed["check"] == "audit coverage"
    assert any("finding:1" in p and "assessment" in p for p in failed["problems"])


def test_search_json(filled: Path, env, capsys) -> None:
    code, out, err = run(capsys, "search", str(filled), "espinar", "--json")
    assert (code, err) == (0, "")
    hits = json.loads(out)
    assert len(hits) == 1
    hit = hits[0]
    assert {"type", "id", "title", "snippet"} <= set(hit)
    assert (hit["type"], hit["id"], hit["title"]) == ("event", 1, "Desalojo en Espinar")
    assert "[Espinar]" in hit["snippet"]  # the title matched: the snippet shows it
    code, out, _ = run(capsys, "search", str(filled), "quispe", "--json", "--limit", "1")
    assert code == 0 and len(json.loads(out)) == 1
    code, out, _ = run(capsys, "search", str(filled), "nadaparecido", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_search_text(filled: Path, env, capsys) -> None:
    code, out, _ = run(capsys, "search", str(filled), "Espinar")
    assert code == 0
    assert "Desalojo en Espinar" in out and "[Espinar]" in out


def test_passwd(filled: Path, env, capsys) -> None:
    env.setenv("WORKBENCH_NEW_PASSPHRASE", NEW)
    code, out, err = run(capsys, "passwd", str(filled))
    assert (code, err) == (0, "")
    assert "passphrase changed" in out
    assert NEW not in out and PASSPHRASE not in out
    code, _, err = run(capsys, "info", str(filled))
    assert code == 2 and "wrong passphrase" in err
    env.setenv("WORKBENCH_PASSPHRASE", NEW)
    code, _, err = run(capsys, "verify", str(filled))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in filled.parent.iterdir()) == [filled.name]


def test_passwd_without_a_new_passphrase_changes_nothing(filled: Path, env, capsys,
                                                        no_tty) -> None:
    assert run(capsys, "info", str(filled))[0] == 0  # registers this reviewer first
    before = filled.read_bytes()
    code, _, err = run(capsys, "passwd", str(filled))
    assert code == 2
    _one_line_error(err)
    assert "WORKBENCH_NEW_PASSPHRASE" in err
    assert filled.read_bytes() == before


def test_backup(filled: Path, env, capsys, tmp_path: Path) -> None:
    dest = tmp_path / "copia.case"
    code, out, err = run(capsys, "backup", str(filled), str(dest))
    assert (code, err) == (0, "")
    assert str(dest) in out
    code, out, _ = run(capsys, "search", str(dest), "espinar", "--json")
    assert code == 0 and json.loads(out)[0]["title"] == "Desalojo en Espinar"
    code, _, err = run(capsys, "backup", str(filled), str(dest))
    assert code == 2
    _one_line_error(err)


def test_wrong_passphrase(filled: Path, env, capsys) -> None:
    env.setenv("WORKBENCH_PASSPHRASE", "not the passphrase")
    digest = hashlib.sha256(filled.read_bytes()).hexdigest()
    for command in (["info"], ["verify"], ["search", "{}", "x"], ["passwd"],
                    ["backup", "{}", "/nonexistent/dest.case"]):
        argv = [command[0], str(filled), *[a for a in command[2:]]]
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, ""), argv
        _one_line_error(err)
        assert "wrong passphrase" in err
    assert hashlib.sha256(filled.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(("content", "expected_code", "words"), [
    (b"just some text", 2, "not a workbench case"),
    (None, 2, "no such file"),
    (b"SQLite format 3\x00" + b"\x00" * 100, 2, "unencrypted SQLite"),
])
def test_not_a_case(tmp_path: Path, env, capsys, content, expected_code, words) -> None:
    path = tmp_path / "x.case"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "info", str(path))
    assert (code, out) == (expected_code, "")
    _one_line_error(err)
    assert words in err


def test_damaged_case_exits_1(filled: Path, env, capsys) -> None:
    data = bytearray(filled.read_bytes())
    data[4] = 99
    filled.write_bytes(bytes(data))
    code, _, err = run(capsys, "verify", str(filled))
    assert code == 1
    _one_line_error(err)
    assert "damaged" in err


def test_usage_errors_exit_2(capsys) -> None:
    for argv in (["info"], ["new", "x.case"], ["search", "x.case"], ["frobnicate"],
                 ["search", "x.case", "q", "--limit", "many"]):
        with pytest.raises(SystemExit) as info:
            cli.main(argv)
        assert info.value.code == 2, argv
        _, err = capsys.readouterr()
        assert "Traceback" not in err


def test_as_a_real_process_errors_are_one_line(filled: Path, tmp_path: Path) -> None:
    # Through the interpreter, as a user runs it: no library noise, no traceback.
    base = {**os.environ, "PYTHONPATH": str(PROJECT)}
    cases = [
        ({"WORKBENCH_PASSPHRASE": "wrong"}, ["info", str(filled)], 2, "wrong passphrase"),
        ({"WORKBENCH_PASSPHRASE": PASSPHRASE}, ["info", str(tmp_path)], 2, "is a folder"),
    ]
    for extra, argv, code, words in cases:
        done = subprocess.run([sys.executable, "-m", "workbench", *argv], cwd=PROJECT,
                              env={**base, **extra}, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == code, done.stderr
        assert done.stdout == ""
        _one_line_error(done.stderr)
        assert words in done.stderr


def test_file_system_errors_are_one_line(filled: Path, env, capsys, tmp_path: Path) -> None:
    missing = tmp_path / "no such folder"
    for argv in (["new", str(missing / "x.case"), "--title", "t", "--fast-kdf"],
                 ["backup", str(filled), str(missing / "copy.case")]):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, ""), argv
        _one_line_error(err)
        assert "No such file or directory" in err
    assert not missing.exists()


@pytest.mark.parametrize("encoded", [
    "frase ñandú\n".encode(), "frase ñandú\r\n".encode(),
    "\ufefffrase ñandú\r\n".encode(),  # Windows Notepad writes a byte-order mark
], ids=["lf", "crlf", "bom"])
def test_passphrase_file_as_editors_write_it(tmp_path: Path, env, capsys,
                                             encoded: bytes) -> None:
    env.delenv("WORKBENCH_PASSPHRASE")
    secret = tmp_path / "pass.txt"
    secret.write_bytes(encoded)
    path = tmp_path / "e.case"
    code, _, err = run(capsys, "new", str(path), "--title", "t", "--fast-kdf",
                       "--passphrase-file", str(secret))
    assert (code, err) == (0, "")
    with Case.open(path, "frase ñandú"):
        pass


def test_the_command_line_is_built_without_the_core() -> None:
    """`workbench gui` parses its arguments and opens the window before anything loads
    SQLAlchemy, the models or the renderers (the window loads them behind its unlock
    screen, ui/warmup.py); each command imports what it uses."""
    heavy = ("sqlalchemy", "db.models", "workbench.case", "reportlab", "pypdf", "PIL")
    script = ("import sys\nfrom workbench.cli import build_parser\n"
              "build_parser().parse_args(['gui'])\n"
              f"print([m for m in {heavy!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)},
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_import_takes_every_kind_there_is_an_importer_for() -> None:
    from workbench.importers import KINDS
    from workbench.importers.batch import IMPORTERS

    assert tuple(IMPORTERS) == KINDS
