"""File choosers that leave no trace of where a review's files are.

Qt's own file dialog (used wherever no native one is, and always offscreen) writes the
folder it was in and a history of folders to QtProject.conf when it goes away: the folder
names of a review (a community, a witness's village) are case content, and settings must
hold none. Every chooser of the window is one of these, which point the dialog back at the
home folder and empty its history before it is deleted.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget


def choose(dialog: QFileDialog) -> list[Path]:
    """Run a configured dialog; the paths chosen (none if cancelled)."""
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return [Path(name) for name in dialog.selectedFiles()]
    finally:
        dialog.setDirectory(QDir.homePath())  # what Qt will store as the last folder
        dialog.setHistory([])
        dialog.deleteLater()


def open_file(parent: QWidget, title: str, name_filter: str) -> Path | None:
    dialog = QFileDialog(parent, title)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilter(name_filter)
    chosen = choose(dialog)
    return chosen[0] if chosen else None


def open_files(parent: QWidget, title: str) -> list[Path]:
    dialog = QFileDialog(parent, title)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return choose(dialog)


def save_file(parent: QWidget, title: str, name_filter: str) -> Path | None:
    dialog = QFileDialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter(name_filter)
    chosen = choose(dialog)
    return chosen[0] if chosen else None
