"""The evidence gallery's model: rows are light (no bytes); thumbnails are loaded on
demand, only for the items a view asks to paint, in batches through the database worker,
decoded off the UI thread and cached. Graphic content is blurred until revealed."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap

from ui.tasks import TaskRunner
from ui.views.viewkit import show_date, tr
from workbench.case import Case
from workbench.queries import evidence_queries as eq

THUMB = QSize(144, 104)
BATCH = 48
CACHE_LIMIT = 4000
ROW_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("Item", "Kind", "Verification", "Date", "GPS", "Linked", "Publishable")
Index = QModelIndex | QPersistentModelIndex


def decode_thumbnails(data: dict[int, bytes],
                      graphic: set[int]) -> dict[int, tuple[QImage, QImage]]:
    """Runs on the worker: JPEG -> QImage fitted to the tile (QImage, unlike QPixmap, may
    be made off the UI thread), plus a blurred copy for graphic items."""
    out = {}
    for ident, blob in data.items():
        image = QImage.fromData(blob)
        if image.isNull():
            continue
        image = image.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
        blurred = image
        if ident in graphic:
            tiny = image.scaled(10, 7, Qt.AspectRatioMode.IgnoreAspectRatio,
                                Qt.TransformationMode.SmoothTransformation)
            blurred = tiny.scaled(image.size(), Qt.AspectRatioMode.IgnoreAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)
        out[ident] = (image, blurred)
    return out


def _placeholder(kind: str) -> QPixmap:
    pix = QPixmap(THUMB)
    pix.fill(QColor("#eef1f5"))
    p = QPainter(pix)
    p.setPen(QColor("#8a94a3"))
    font = p.font()
    font.setPointSizeF(11)
    font.setBold(True)
    p.setFont(font)
    label = {"document": "DOC", "audio": "AUDIO", "video": "VIDEO", "link": "LINK"}
    p.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, label.get(kind, "…"))
    p.end()
    return pix


class EvidenceModel(QAbstractTableModel):
    def __init__(self, runner: TaskRunner, parent: Any = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.case: Case | None = None
        self.rows: list[eq.EvidenceRow] = []
        self._row_of: dict[int, int] = {}
        self._cache: OrderedDict[int, tuple[QIcon, QIcon]] = OrderedDict()
        self._wanted: dict[int, None] = {}
        self._in_flight: set[int] = set()
        self._no_thumb: set[int] = set()
        self.revealed: set[int] = set()
        self._placeholders: dict[str, QIcon] = {}
        self._generation = 0
        self._flush = QTimer(self, singleShot=True, interval=0)
        self._flush.timeout.connect(self._request)
        self.batches = 0  # thumbnail batches asked for (tests, bench)

    # -- content -------------------------------------------------------------------------

    def set_rows(self, case: Case, rows: list[eq.EvidenceRow]) -> None:
        self.beginResetModel()
        if case is not self.case:
            self._cache.clear()
            self._no_thumb.clear()
        self.case = case
        self.rows = rows
        self._row_of = {r.id: i for i, r in enumerate(rows)}
        self._wanted.clear()
        self._generation += 1
        self._in_flight.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.case = None
        self.rows, self._row_of = [], {}
        self._cache.clear()
        self._wanted.clear()
        self._in_flight.clear()
        self.revealed.clear()
        self._generation += 1
        self.endResetModel()

    def reveal(self, index: QModelIndex) -> None:
        row = self.row_at(index)
        if row is not None and row.graphic and row.id not in self.revealed:
            self.revealed.add(row.id)
            self._changed(row.id)

    def row_at(self, index: Index) -> eq.EvidenceRow | None:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        return self.rows[index.row()]

    def index_of(self, evidence_id: int) -> QModelIndex:
        row = self._row_of.get(evidence_id)
        return self.index(row, 0) if row is not None else QModelIndex()

    # -- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._icon(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            graphic = f"\n{tr('Graphic content: click to show')}" if row.graphic else ""
            return f"{row.number} {row.title}{graphic}"
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 \
                and row.verification_status == "disputed":
            return QColor("#b3261e")
        if role == ROW_ROLE:
            return row
        return None

    def _text(self, row: eq.EvidenceRow, column: int) -> str:
        if column == 0:
            return f"{row.number}  {row.title}"
        if column == 1:
            return tr(row.kind)
        if column == 2:
            return tr(row.verification_status)
        if column == 3:
            return show_date(row.captured_at)
        if column == 4:
            return tr("yes") if row.has_gps else ""
        if column == 5:
            return tr("yes") if row.linked else tr("no")
        return tr("yes") if row.publishable else tr("no")

    # -- thumbnails ------------------------------------------------------------------------

    def _icon(self, row: eq.EvidenceRow) -> QIcon:
        cached = self._cache.get(row.id)
        if cached is not None:
            self._cache.move_to_end(row.id)
            clear, blurred = cached
            return blurred if row.graphic and row.id not in self.revealed else clear
        if row.kind == "photo" and row.id not in self._no_thumb \
                and row.id not in self._in_flight:
            self._wanted[row.id] = None
            if not self._flush.isActive():
                self._flush.start()
        icon = self._placeholders.get(row.kind)
        if icon is None:
            icon = self._placeholders[row.kind] = QIcon(_placeholder(row.kind))
        return icon

    def _request(self) -> None:
        case = self.case
        if case is None or not self._wanted:
            return
        ids = list(self._wanted)[-BATCH:]  # the latest asked: what is on screen now
        self._wanted.clear()
        self._in_flight.update(ids)
        graphic = {r.id for r in self.rows if r.id in set(ids) and r.graphic}
        generation = self._generation
        self.batches += 1
        self.runner.run_op(lambda: decode_thumbnails(eq.thumbnails(case, ids), graphic),
                           on_done=lambda images: self._arrived(images, ids, generation),
                           pool="db")

    def _arrived(self, images: dict[int, tuple[QImage, QImage]], ids: list[int],
                 generation: int) -> None:
        if generation != self._generation:
            return
        self._in_flight.difference_update(ids)
        for ident in ids:
            pair = images.get(ident)
            if pair is None:
                self._no_thumb.add(ident)
                continue
            self._cache[ident] = (QIcon(QPixmap.fromImage(pair[0])),
                                  QIcon(QPixmap.fromImage(pair[1])))
            while len(self._cache) > CACHE_LIMIT:
                self._cache.popitem(last=False)
        rows = sorted(self._row_of[i] for i in ids if i in self._row_of)
        if rows:
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], 0),
                                  [Qt.ItemDataRole.DecorationRole])

    def add_thumbnails(self, images: dict[int, tuple[QImage, QImage]]) -> None:
        """Thumbnails decoded ahead (the first screen), put in the cache."""
        for ident, pair in images.items():
            self._cache[ident] = (QIcon(QPixmap.fromImage(pair[0])),
                                  QIcon(QPixmap.fromImage(pair[1])))
        if images and self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0),
                                  [Qt.ItemDataRole.DecorationRole])

    def _changed(self, evidence_id: int) -> None:
        index = self.index_of(evidence_id)
        if index.isValid():
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def pending(self) -> bool:
        return bool(self._wanted or self._in_flight)
