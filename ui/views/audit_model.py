"""The audit log as a read-only table model: sequence, time, reviewer, action, entities."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ui.models.list_table import ListTableModel
from ui.views.viewkit import show_date
from workbench.queries.audit_queries import AuditRow

COLUMNS = ("#", "When", "Reviewer", "Action", "Entities")
Index = QModelIndex | QPersistentModelIndex


class AuditModel(ListTableModel[AuditRow]):
    headers = COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # never editable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows) \
                or index.column() >= len(COLUMNS):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            entities = row.entities
            shown = ", ".join(entities[:3]) + (f" (+{len(entities) - 3})"
                                               if len(entities) > 3 else "")
            return (str(row.seq), show_date(row.at), row.reviewer, row.action,
                    shown)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (3, 4):
            return row.action if index.column() == 3 else "\n".join(row.entities)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.seq
        return None
