"""The grievance register as a table model (text in any script, shown as stored)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ui.models.list_table import ListTableModel
from ui.views.viewkit import show_date, tr
from workbench.queries.grievance_stats import GrievanceRow

COLUMNS = (("reference", "Reference"), ("received_on", "Received"), ("channel", "Channel"),
           ("language", "Language"), ("category", "Category"), ("status", "Status"),
           ("description", "Description"), ("outcome", "Outcome"))
Index = QModelIndex | QPersistentModelIndex


class GrievanceModel(ListTableModel[GrievanceRow]):
    headers = tuple(title for _, title in COLUMNS)

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
