"""Fixtures for the window tests: real case files, a window with its settings in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import factories
import pytest
from PySide6.QtCore import QSettings
from uihelpers import CANARY, PASSPHRASE, TITLE

from db.keys import FAST_KDF
from ui.main_window import MainWindow
from workbench.case import Case
from workbench.overview import Overview, overview


@dataclass(frozen=True)
class CaseFile:
    path: Path
    overview: Overview
    ids: dict[str, int]


@pytest.fixture
def case_file(tmp_path: Path) -> CaseFile:
    """A closed case on disk with something in every entity and canary texts in it."""
    path = tmp_path / "espinar.case"
    with Case.create(path, PASSPHRASE, TITLE, kdf=FAST_KDF, reviewer="tester") as case:
        ids = factories.populated(case, CANARY)
        ov = overview(case)
    return CaseFile(path, ov, ids)


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "workbench.ini"


@pytest.fixture
def make_window(qtbot, settings_file: Path) -> Callable[..., MainWindow]:
    """A shown main window that creates cases with cheap key parameters."""

    def make(**kwargs) -> MainWindow:
        kwargs.setdefault("settings", QSettings(str(settings_file), QSettings.Format.IniFormat))
        kwargs.setdefault("kdf", FAST_KDF)
        kwargs.setdefault("reviewer", "tester")
        window = MainWindow(**kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture(autouse=True, scope="session")
def _garbage_collected_on_the_ui_thread(qapp):
    """As in the application: never let a worker thread free Qt objects (ui/gc_guard.py)."""
    from ui import gc_guard

    gc_guard.install(qapp)
