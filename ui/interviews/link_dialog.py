"""“Link to event”: choose an existing event (found as you type) or name a new one, and
the stance of the passage towards it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db.models.interviews import STANCES

EVENT_ROLE = Qt.ItemDataRole.UserRole
Finder = Callable[[str, Callable[[list[tuple[int, str, str]]], None]], None]


def tr(text: str) -> str:
    return QCoreApplication.translate("LinkDialog", text)


class LinkDialog(QDialog):
    """``find(text, deliver)`` looks events up in the background and calls ``deliver``."""

    def __init__(self, passage: str, find: Finder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkDialog")
        self.setWindowTitle(tr("Link passage to an event"))
        self.resize(560, 460)
        self._find = find
        quote = QLabel(f"“{passage[:300]}{'…' if len(passage) > 300 else ''}”")
        quote.setObjectName("linkPassage")
        quote.setWordWrap(True)
        self.existing = QRadioButton(tr("An existing event"))
        self.existing.setChecked(True)
        self.search = QLineEdit()
        self.search.setObjectName("linkSearch")
        self.search.setPlaceholderText(tr("Find an event by its title, date or category"))
        self.events = QListWidget()
        self.events.setObjectName("linkEvents")
        self.new = QRadioButton(tr("A new event titled:"))
        self.new_title = QLineEdit()
        self.new_title.setObjectName("linkNewTitle")
        self.new_title.textEdited.connect(lambda _t: self.new.setChecked(True))
        self.stance = QComboBox()
        self.stance.setObjectName("linkStance")
        for stance in STANCES:
            self.stance.addItem(tr(stance), stance)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a4262c;")
        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        layout.addWidget(self.existing)
        layout.addWidget(self.search)
        layout.addWidget(self.events, 1)
        layout.addWidget(self.new)
        layout.addWidget(self.new_title)
        layout.addWidget(QLabel(tr("This passage, towards the event:")))
        layout.addWidget(self.stance)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self._look_up)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.events.itemDoubleClicked.connect(lambda _i: self._accept())
        self._look_up()

    def _look_up(self) -> None:
        self._find(self.search.text().strip(), self._show)

    def _show(self, found: list[tuple[int, str, str]]) -> None:
        self.events.clear()
        for ident, title, when in found:
            item = QListWidgetItem(f"{title}  —  {when}")
            item.setData(EVENT_ROLE, ident)
            self.events.addItem(item)
        if self.events.count():
            self.events.setCurrentRow(0)

    def choice(self) -> tuple[int | None, str, str]:
        """(event id or None, new event title, stance)."""
        stance = self.stance.currentData()
        if self.new.isChecked():
            return None, self.new_title.text().strip(), stance
        item = self.events.currentItem()
        return (item.data(EVENT_ROLE) if item else None), "", stance

    def _accept(self) -> None:
        event_id, title, _stance = self.choice()
        if event_id is None and not title:
            self.error.setText(tr("Choose an event, or give the new event a title."))
            return
        self.accept()
