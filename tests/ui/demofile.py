"""The fictional demo case for the window tests: built once per test run (cheap key
parameters), copied for each test so tests may write to it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from factories import PASSPHRASE
from PySide6.QtCore import Qt
from uihelpers import unlock

from db.keys import FAST_KDF
from workbench import demo

_built: list[Path] = []


def demo_copy(tmp_path: Path) -> Path:
    if not _built:
        folder = Path(tempfile.mkdtemp(prefix="wb-demo-"))
        demo.build(folder / "demo.case", PASSPHRASE, kdf=FAST_KDF, reviewer="tester").close()
        _built.append(folder / "demo.case")
    target = tmp_path / "demo.case"
    shutil.copyfile(_built[0], target)
    return target


def open_view(qtbot, window, path: Path, name: str):  # type: ignore[no-untyped-def]
    """Unlock ``path`` in ``window`` and show the view ``name`` once it has loaded."""
    unlock(qtbot, window, path)
    with qtbot.waitSignal(window.view_loaded, timeout=15_000,
                          check_params_cb=lambda loaded: loaded == name):
        window.select_view(name)
    view = window.current_view()
    assert view is not None
    return view


def click_item(qtbot, view, index) -> None:  # type: ignore[no-untyped-def]
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
