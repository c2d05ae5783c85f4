"""A table model over a short list of row values (interviews, actors): all rows in memory,
columns as ``ui.models.lazy.Column``. For long lists use ``LazyIdModel``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.models.lazy import ID_ROLE, Column

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []

        self._sorted: tuple[int, bool] | None = None  # column, descending

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sorted is not None:
            self._sort_rows(*self._sorted)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sorted = (column, order == Qt.SortOrder.DescendingOrder)
        self._sort_rows(*self._sorted)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, descending: bool) -> None:
        value = self.columns[column].value

        def key(row: Any) -> tuple[int, float, str]:
            text = value(row)
            number = text.replace(",", "")
            if number.isdigit():
                return (0, float(number), "")
            return (1, 0.0, text.casefold())

        self._rows.sort(key=key, reverse=descending)

    def rows(self) -> list[Any]:
        return self._rows

    def row_value(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, ident: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == ident), -1)

    def clear(self) -> None:
        self.set_rows([])

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == ID_ROLE:
            return row.id
        return None
