"""Helpers for the window tests: unlock through the real screen, and read back every text
the window holds (labels, fields, buttons, item models, titles, tooltips)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ui.main_window import MainWindow

PASSPHRASE = "correct horse battery staple"  # the same as tests/conftest.py
# Distinctive texts written into the case, accented on purpose; none may survive a lock.
CANARY = {
    "actor": "Wilfredo Quispe Huamaní qzu41",
    "place": "Comunidad Alto Huancané qzu42",
    "event": "Desalojo en Pampacancha qzu43",
    "interview": "Entrevista con testigo protegida qzu44",
    "notes": "Me dijeron que no hable qzu45",
    "finding": "Uso excesivo de la fuerza qzu46",
}
TITLE = "Revisión independiente Ñawpa qzu40"
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole)


def unlock(qtbot, window: MainWindow, path: Path, passphrase: str = PASSPHRASE) -> None:
    """Type the passphrase into the unlock screen, press Unlock, wait for the overview."""
    screen = window.unlock_screen
    screen.show_open(path)
    qtbot.keyClicks(screen.open_page.passphrase_field, passphrase)
    with qtbot.waitSignal(window.view_loaded, timeout=10_000):
        qtbot.mouseClick(screen.open_page.unlock_button, Qt.MouseButton.LeftButton)


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # list models make columnCount private in PySide6: one column
        return 1


def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = QModelIndex() if parent is None else parent
    out: list[str] = []
    if not parent.isValid():
        for orientation, count in ((Qt.Orientation.Horizontal, _columns(model, parent)),
                                   (Qt.Orientation.Vertical, model.rowCount(parent))):
            out += [str(h) for i in range(count)
                    if (h := model.headerData(i, orientation)) is not None]
    for row in range(model.rowCount(parent)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            out += [str(v) for role in ROLES if (v := model.data(index, role)) is not None]
            if not isinstance(model, QAbstractListModel | QAbstractTableModel) and \
                    model.rowCount(index) > 0:
                out += _model_texts(model, index)
    return out


def texts_in(window: QWidget) -> list[str]:
    """Every piece of text the window and its dialogs hold, shown or not."""
    roots = [window] + [w for w in QApplication.topLevelWidgets()
                        if w is not window and w.isVisible()]
    out: list[str] = []
    for root in roots:
        for w in [root, *root.findChildren(QWidget)]:
            out += [w.windowTitle(), w.toolTip(), w.accessibleName(), w.statusTip()]
            if isinstance(w, QLabel | QAbstractButton | QLineEdit):
                out.append(w.text())
            if isinstance(w, QTextEdit | QPlainTextEdit):
                out.append(w.toPlainText())
            if isinstance(w, QMainWindow):
                out.append(w.statusBar().currentMessage())
        for model in root.findChildren(QAbstractItemModel):
            out += _model_texts(model)
    return [t for t in out if t]


def holding(window: QWidget, needles: list[str]) -> list[str]:
    """The needles that some text in the window still contains."""
    haystack = texts_in(window)
    return [n for n in needles if any(n in text for text in haystack)]
