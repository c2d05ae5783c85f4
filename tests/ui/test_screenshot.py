"""`workbench gui CASE --screenshot PNG`: the window rendered without a display."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from uihelpers import PASSPHRASE

from ui.app import SCREENSHOT_SIZE
from workbench.cli import main

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    f = tmp_path / "passphrase.txt"
    f.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return f


def test_screenshot_in_process(qapp, case_file, passphrase_file, tmp_path, capsys):
    png = tmp_path / "overview.png"
    code = main(["gui", str(case_file.path), "--screenshot", str(png), "--view", "overview",
                 "--passphrase-file", str(passphrase_file)])
    assert code == 0, capsys.readouterr().err
    assert png.stat().st_size > 10_000
    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.size == SCREENSHOT_SIZE
        # Not a blank canvas: a rendered window has many colours (text, tiles, header).
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 20


def test_screenshot_with_a_wrong_passphrase_is_one_line_and_exit_2(qapp, case_file, tmp_path,
                                                                   capsys):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n", encoding="utf-8")
    before = hashlib.sha256(case_file.path.read_bytes()).hexdigest()
    png = tmp_path / "never.png"
    code = main(["gui", str(case_file.path), "--screenshot", str(png),
                 "--passphrase-file", str(wrong)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "wrong passphrase" in err
    assert not png.exists()
    assert hashlib.sha256(case_file.path.read_bytes()).hexdigest() == before


def test_screenshot_of_an_unknown_view_is_a_usage_error(qapp, case_file, passphrase_file,
                                                        tmp_path, capsys):
    code = main(["gui", str(case_file.path), "--screenshot", str(tmp_path / "x.png"),
                 "--view", "nonsense", "--passphrase-file", str(passphrase_file)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "unknown view 'nonsense'" in err


def test_screenshot_from_the_command_line_without_a_display(case_file, passphrase_file,
                                                            tmp_path):
    png = tmp_path / "cli.png"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(PROJECT)
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "gui", str(case_file.path), "--screenshot",
         str(png), "--passphrase-file", str(passphrase_file)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no Qt noise on the terminal
    with Image.open(png) as image:
        assert image.size == SCREENSHOT_SIZE
