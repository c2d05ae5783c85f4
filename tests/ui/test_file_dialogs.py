"""The window's file choosers leave no folder of a review in Qt's settings
(QtProject.conf, where Qt's own file dialog keeps its last folder and history)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget

from ui import file_dialogs

FOLDER = "Comunidad Alto Huancané, testigos"  # a folder name that says who


@pytest.fixture
def qt_settings(tmp_path: Path):
    """Qt's user settings written under tmp_path for the test."""
    home = tmp_path / "config"
    home.mkdir()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(home))
    yield home
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                      str(Path.home() / ".config"))


def _stored(home: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in home.rglob("*") if p.is_file())


def _accept_with(path: Path) -> None:
    """Type the file's path into the open dialog and accept it, as a reviewer would."""
    def accept() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        dialog.setDirectory(str(path.parent))  # the reviewer goes to the folder
        dialog.findChild(QLineEdit, "fileNameEdit").setText(path.name)
        dialog.accept()

    QTimer.singleShot(200, accept)


@pytest.mark.parametrize("choose", ["open_file", "open_files", "save_file"])
def test_a_chooser_returns_the_file_and_stores_no_folder(qtbot, tmp_path, qt_settings,
                                                         choose):
    folder = tmp_path / FOLDER
    folder.mkdir()
    notes = folder / "entrevista-07.case"
    if choose != "save_file":  # (a new case: an existing file would ask to overwrite)
        notes.write_bytes(b"x")
    parent = QWidget()
    qtbot.addWidget(parent)
    _accept_with(notes)
    if choose == "open_files":
        chosen = file_dialogs.open_files(parent, "Import")
        assert chosen == [notes]
    else:
        chosen_one = getattr(file_dialogs, choose)(parent, "A case", "Cases (*.case)")
        assert chosen_one == notes
    # The dialog's deferred deletion: Qt writes its settings then.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    stored = _stored(qt_settings)
    assert stored, "Qt wrote no settings: the check would see nothing"
    assert FOLDER not in stored and "Huancan" not in stored
