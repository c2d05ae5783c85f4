"""The audit log as read-only table models: the entries (sequence, time, reviewer, action,
entities) and the selected entry's before/after values."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui.models.list_table import ListTableModel
from ui.views.viewkit import show_date
from workbench.queries.audit_queries import AuditRow

COLUMNS = ("#", "When", "Reviewer", "Action", "Entities")
VALUE_COLUMNS = ("Entity", "Field", "Before", "After")
SHOWN_CHARS, TIP_CHARS = 300, 2000
BEFORE, AFTER = QColor("#8c1d18"), QColor("#1e6b34")
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


class ValuesModel(ListTableModel[tuple[str, str, str, str]]):
    """(row, field, before, after) lines: a model, not a table of items, so an entry of a
    bulk write is a list of strings rather than a Python object per cell."""

    headers = VALUE_COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows) \
                or index.column() >= len(VALUE_COLUMNS):
            return None
        text = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text if len(text) < SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            return text[:TIP_CHARS]
        if role == Qt.ItemDataRole.ForegroundRole and text and index.column() in (2, 3):
            return BEFORE if index.column() == 2 else AFTER
        return None
