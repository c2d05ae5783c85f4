"""The corroboration matrix: sources down, the finding and its events across; each cell
shows the stance of that source there, coloured so agreement and conflict show at a
glance."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui.views.viewkit import tr
from workbench.queries.findings_queries import Matrix

STANCE_COLOURS = {"supports": "#d7efdc", "contradicts": "#f9d6d2", "context": "#e3e8f0"}
STANCE_MARKS = {"supports": "✔", "contradicts": "✖", "context": "◆"}
Index = QModelIndex | QPersistentModelIndex


class MatrixModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix = Matrix([], [])

    def set_matrix(self, matrix: Matrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def clear(self) -> None:
        self.set_matrix(Matrix([], []))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.matrix.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.matrix.columns) + 1

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or section < 0 \
                or section > len(self.matrix.columns):
            return None
        text = tr("Source") if section == 0 else self.matrix.columns[section - 1]
        if section == 1 and text == "Finding":
            text = tr("Finding")
        if role == Qt.ItemDataRole.DisplayRole:
            return text if len(text) < 30 else text[:28] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            return text
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.matrix.rows) \
                or index.column() > len(self.matrix.columns):
            return None
        row = self.matrix.rows[index.row()]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return row.source
            return None
        stance = row.cells[index.column() - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{STANCE_MARKS[stance]} {tr(stance)}" if stance else ""
        if role == Qt.ItemDataRole.BackgroundRole and stance:
            return QColor(STANCE_COLOURS[stance])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return stance
        return None
