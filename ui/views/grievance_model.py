"""The grievance register as a table model (text in any script, shown as stored)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.views.viewkit import show_date, tr
from workbench.queries.grievance_stats import GrievanceRow

COLUMNS = (("reference", "Reference"), ("received_on", "Received"), ("channel", "Channel"),
           ("language", "Language"), ("category", "Category"), ("status", "Status"),
           ("description", "Description"), ("outcome", "Outcome"))
Index = QModelIndex | QPersistentModelIndex


class GrievanceModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[GrievanceRow] = []

    def set_rows(self, rows: list[GrievanceRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return tr(COLUMNS[section][1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows) \
                or index.column() >= len(COLUMNS):
            return None
        row = self.rows[index.row()]
        field = COLUMNS[index.column()][0]
        value = str(getattr(row, field))
        if role == Qt.ItemDataRole.DisplayRole:
            if field == "received_on":
                return show_date(value)
            if field in ("category", "status"):
                return tr(value)
            return " ".join(value.split())
        if role == Qt.ItemDataRole.ToolTipRole and field in ("description", "outcome"):
            return value
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None
