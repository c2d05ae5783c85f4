"""A checkable list of choices (a finding's events, excerpts, evidence and standards).

A model, not a list of items: a case of 100,000 events made the findings editor build
100,000 QListWidgetItems on the UI thread (a freeze), and their wrappers stayed for the
garbage collector to walk in every full collection. Here a choice is one row of a list the
query already made, and the checked ones are a set of ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ui.models.lazy import ID_ROLE
from workbench.queries.findings_queries import Choice

Index = QModelIndex | QPersistentModelIndex


class ChoicesModel(QAbstractListModel):
    def __init__(self, text: Callable[[Choice], str], tooltip: Callable[[Choice], str],
                 ident: Callable[[Choice], object] = lambda c: c.id,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._text, self._tooltip, self._ident = text, tooltip, ident
        self.choices: list[Choice] = []
        self._checked: set[object] = set()

    def set_choices(self, choices: list[Choice]) -> None:
        self.beginResetModel()
        self.choices = choices
        self._checked = set()
        self.endResetModel()

    def text(self, row: int) -> str:
        return self._text(self.choices[row])

    def checked(self) -> list[object]:
        """The checked choices' ids, in list order."""
        return [i for i in map(self._ident, self.choices) if i in self._checked]

    def set_checked(self, idents: Iterable[object]) -> None:
        self._checked = set(idents) & {self._ident(c) for c in self.choices}
        if self.choices:
            self.dataChanged.emit(self.index(0), self.index(len(self.choices) - 1),
                                  [Qt.ItemDataRole.CheckStateRole])

    def check(self, ident: object, on: bool = True) -> None:
        for row, choice in enumerate(self.choices):
            if self._ident(choice) == ident:
                self.setData(self.index(row), (Qt.CheckState.Checked if on
                                               else Qt.CheckState.Unchecked).value,
                             Qt.ItemDataRole.CheckStateRole)
                return

    # -- QAbstractListModel ----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.choices)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.choices):
            return None
        choice = self.choices[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(choice)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(choice)
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if self._ident(choice) in self._checked
                    else Qt.CheckState.Unchecked)
        if role == ID_ROLE:
            return self._ident(choice)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() \
                or index.row() >= len(self.choices):
            return False
        ident = self._ident(self.choices[index.row()])
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(ident)
        else:
            self._checked.discard(ident)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
