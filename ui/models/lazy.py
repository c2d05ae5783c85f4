"""A table model that holds only ids and loads rows on demand (Anki's browser pattern).

The model knows the ordered ids of what it shows; a row's values are fetched in pages, in
the background, the first time the view asks for them, and kept in a cache. ``mark_stale``
drops changed rows from the cache (they are fetched again when seen), so a case of 100,000
events opens as fast as one of 100 and a write refreshes only the rows it touched.

``fetch(ids) -> {id: row}`` runs on the task runner's database worker; ``columns`` say how
to show a row: ``(header, value(row) -> str)``. Rows not loaded yet show an empty cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ui.tasks import TaskRunner

PAGE = 200
MAX_PAGES = 40  # rows kept in the cache: the pages seen last, ~8,000 rows
ID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class Column:
    def __init__(self, header: str, value: Callable[[Any], str],
                 tooltip: Callable[[Any], str] | None = None, key: str = "") -> None:
        self.header, self.value, self.tooltip, self.key = header, value, tooltip, key


class LazyIdModel(QAbstractTableModel):
    rows_loaded = Signal()  # a page of rows arrived (the first one: rows are on screen)
    sort_requested = Signal(int, bool)  # column, descending: the owner reloads the ids

    def __init__(self, runner: TaskRunner, columns: Sequence[Column],
                 fetch: Callable[[list[int]], dict[int, Any]] | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.columns = list(columns)
        self.fetch = fetch
        self._ids: list[int] = []
        self._positions: dict[int, int] | None = None  # id -> row, built when first asked
        self._rows: dict[int, Any] = {}  # id -> row (the cache)
        self._pending: set[int] = set()  # pages asked for and not arrived
        self._pages: dict[int, None] = {}  # pages in the cache, oldest first
        self._generation = 0
        self.decorate: Callable[[Any, int, int], Any] | None = None  # (row, column, role)

    # -- what it shows -------------------------------------------------------------

    def set_ids(self, ids: list[int], *, keep_cache: bool = False) -> None:
        self.beginResetModel()
        self._generation += 1
        self._ids = list(ids)
        self._positions = None
        if not keep_cache:
            self._rows.clear()
        self._pages.clear()  # page numbers mean other rows now
        self._pending.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return self._ids

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, ident: int) -> int:
        if self._positions is None:
            self._positions = {i: row for row, i in enumerate(self._ids)}
        return self._positions.get(ident, -1)

    def cached(self, ident: int) -> Any:
        return self._rows.get(ident)

    def clear(self) -> None:
        self.set_ids([])

    def mark_stale(self, idents: Iterable[int]) -> None:
        """Forget these rows; the ones on screen are fetched again when painted."""
        wanted = set(idents)
        for ident in wanted:
            self._rows.pop(ident, None)
        rows = [r for i in wanted if (r := self.row_of(i)) >= 0]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0),
                                  self.index(max(rows), self.columnCount() - 1))

    # -- Qt ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        ident = self._ids[index.row()]
        if role == ID_ROLE:
            return ident
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and \
                self.decorate is None:
            return None
        row = self._rows.get(ident)
        if row is None:
            self._request(index.row())
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else None
        assert self.decorate is not None
        return self.decorate(row, index.column(), role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting needs every row: the owner asks the core for the ids in that order."""
        self.sort_requested.emit(column, order == Qt.SortOrder.DescendingOrder)

    # -- loading pages -------------------------------------------------------------------

    def _request(self, row: int) -> None:
        page = row // PAGE
        if page in self._pending or self.fetch is None:
            return
        self._pending.add(page)
        ids = [i for i in self._ids[page * PAGE:(page + 1) * PAGE] if i not in self._rows]
        generation = self._generation
        fetch = self.fetch
        self.runner.run_op(lambda: fetch(ids),
                           on_done=lambda rows: self._arrived(generation, page, rows))

    def _arrived(self, generation: int, page: int, rows: dict[int, Any]) -> None:
        if generation != self._generation:
            return  # the ids changed meanwhile: a newer request will come
        self._pending.discard(page)
        self._rows.update(rows)
        self._pages.pop(page, None)
        self._pages[page] = None
        while len(self._pages) > MAX_PAGES:  # forget the pages seen longest ago
            old = next(iter(self._pages))
            del self._pages[old]
            for ident in self._ids[old * PAGE:(old + 1) * PAGE]:
                self._rows.pop(ident, None)
        first = page * PAGE
        last = min(len(self._ids), first + PAGE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0),
                                  self.index(last, self.columnCount() - 1))
        self.rows_loaded.emit()

    def load_now(self, rows: dict[int, Any]) -> None:
        """Put rows in the cache directly (tests, and rows a view already has)."""
        self._rows.update(rows)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, self.columnCount() - 1))
