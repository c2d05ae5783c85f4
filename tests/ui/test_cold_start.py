"""The window shows its unlock screen before the core is loaded (ui/warmup.py): in a fresh
interpreter SQLAlchemy and the views come in only after the window has shown, and a case
unlocks whether or not that loading has finished when Unlock is pressed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from uihelpers import PASSPHRASE, TITLE, unlock

from db.keys import FAST_KDF
from ui.main_window import registered_views
from workbench.case import Case

PROJECT = Path(__file__).resolve().parents[2]
CORE = ("sqlalchemy", "db.models", "workbench.case", "ui.views")

# A fresh interpreter, as `workbench gui` starts: the window shown, then either the
# background loading waited for ("load"), or the passphrase typed and Unlock pressed at
# once ("unlock": with the loading just started, or not started at all). Prints what it
# saw as JSON.
SCRIPT = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from ui import warmup
from ui.app import application
from ui.main_window import MainWindow

case, settings, warm_up, then, passphrase = sys.argv[1:6]
core = {core!r}
app = application(headless=True)
window = MainWindow(idle_timeout_s=None, remember_geometry=False, warm_up=warm_up == "on",
                    settings=QSettings(settings, QSettings.Format.IniFormat))
window.show()
app.processEvents()
seen = {{"loaded when shown": [m for m in core if m in sys.modules]}}
if then == "load":
    warmup.wait()
    seen["loaded after"] = [m for m in core if m in sys.modules]
else:
    deadline = time.monotonic() + 10
    while warm_up == "on" and not warmup.started() and time.monotonic() < deadline:
        app.processEvents()  # the first frame is painted; the loading starts after it
    seen["loading"] = warmup.started()
    page = window.unlock_screen.open_page
    window.unlock_screen.show_open(Path(case))
    QTest.keyClicks(page.passphrase_field, passphrase)
    seen["typed"] = page.passphrase_field.text() == passphrase
    seen["loaded at unlock"] = [m for m in core if m in sys.modules]
    loop = QEventLoop()
    shown = []
    window.view_loaded.connect(lambda name: (shown.append(name), loop.quit()))
    QTimer.singleShot(30_000, loop.quit)
    QTest.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    loop.exec()
    seen["shown"] = shown
    seen["error"] = page.error.message()
    seen["title"] = window.windowTitle()
    window.close()
print(json.dumps(seen))
"""


def _fresh_window(tmp_path: Path, case: Path, warm_up: str, then: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(PROJECT)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(core=CORE), str(case),
         str(tmp_path / "settings.ini"), warm_up, then, PASSPHRASE],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture
def closed_case(tmp_path: Path) -> Path:
    path = tmp_path / "cold.case"
    Case.create(path, PASSPHRASE, TITLE, kdf=FAST_KDF, reviewer="tester").close()
    return path


def test_the_unlock_screen_shows_before_the_core_is_loaded(tmp_path, closed_case):
    seen = _fresh_window(tmp_path, closed_case, "off", "load")
    assert seen["loaded when shown"] == []
    assert seen["loaded after"] == list(CORE)


@pytest.mark.parametrize("warm_up", ["on", "off"])
def test_a_case_unlocks_at_once_after_a_cold_start(tmp_path, closed_case, warm_up):
    """Typed and unlocked right after the window showed: with the loading under way
    ("on"), or not started at all ("off": opening the case starts it)."""
    seen = _fresh_window(tmp_path, closed_case, warm_up, "unlock")
    assert seen["typed"]
    assert seen["loading"] == (warm_up == "on")
    if warm_up == "off":
        assert seen["loaded at unlock"] == []
    assert seen["error"] == ""
    assert seen["shown"] == ["overview"]
    assert seen["title"].startswith("cold.case")


@pytest.mark.parametrize("warm_up", [True, False])
def test_unlock_right_after_construction(make_window, qtbot, case_file, warm_up):
    window = make_window(warm_up=warm_up)
    assert window.view_actions == []  # the views are loaded with the first case
    unlock(qtbot, window, case_file.path)
    titles = [spec.title for spec in registered_views().values()]
    assert [a.text() for a in window.view_actions] == titles
    assert all(a.isEnabled() for a in window.view_actions)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.navigator.currentItem().text() == titles[1]
    window.lock()
    assert not any(a.isEnabled() for a in window.view_actions)
    unlock(qtbot, window, case_file.path)  # once more: the View menu keeps one set
    assert [a.text() for a in window.view_actions] == titles
