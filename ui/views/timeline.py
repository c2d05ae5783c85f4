"""The timeline: a filter bar, the chart above, the table of events below (a lazy model of
ids: 100,000 events open as fast as 100), and the event editor in the inspector. Every edit
is an undoable command; the view refreshes from the Changes of each write."""

from __future__ import annotations

import time

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import commands
from ui.models.lazy import PAGE, Column, LazyIdModel
from ui.tasks import TaskRunner
from ui.timeline.chart import STATUS_COLOURS, TimelineChart, lane_words
from ui.timeline.editor import EventEditor
from ui.timeline.filters import FilterBar
from ui.timeline.lanes import ChartData, prepare
from ui.views.registry import CaseView, register
from workbench.case import Case
from workbench.changes import Changes
from workbench.queries import events as q

EVENT_TABLES = ("event", "event_actor", "event_tag", "excerpt_event", "evidence_event")
SORT_COLUMNS = {0: "when", 1: "title", 2: "category", 3: "status", 4: "place"}


def _columns(view: QWidget) -> list[Column]:
    t = view.tr
    return [
        Column(t("When"), lambda r: r.when_text, lambda r: r.when, key="when"),
        Column(t("Title"), lambda r: r.title, lambda r: r.title, key="title"),
        Column(t("Category"), lambda r: r.category, key="category"),
        Column(t("Status"), lambda r: t(r.status), key="status"),
        Column(t("Place"), lambda r: r.place, key="place"),
        Column(t("Actors"), lambda r: r.actors, lambda r: r.actors),
        Column(t("Sources"), lambda r: str(r.sources) if r.sources else ""),
    ]


class TimelineView(CaseView):
    OPENS = ("event",)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("timelineView")
        self.case: Case | None = None
        self._generation = 0
        self._sort = ("when", False)
        self._choices: q.Choices | None = None
        self._detail: q.EventDetail | None = None
        self._want: int | None = None  # an event to select once its row is known
        self._loaded_once = False
        self._spans_in = self._rows_in = False
        self.shown_at = 0.0
        self.first_rows_s: float | None = None  # from show_case to the first rows (bench)

        self.title = QLabel(self.tr("Timeline"))
        self.title.setObjectName("caseTitle")
        self.count = QLabel()
        self.count.setObjectName("caseSubtitle")
        header = QFrame()
        header.setObjectName("viewHeader")
        top = QHBoxLayout(header)
        top.setContentsMargins(20, 12, 20, 10)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.count)

        self.filters = FilterBar()
        self.filters.changed.connect(self.reload)
        self.filters.lanes_changed.connect(lambda _m: self._load_spans(fit=False))
        self.chart = TimelineChart()
        self.chart.event_clicked.connect(self.select_event)
        self.model = LazyIdModel(runner, _columns(self), self._fetch_rows, self)
        self.model.rows_loaded.connect(self._rows_arrived)
        self.model.sort_requested.connect(self._sort_by)
        self.model.decorate = self._decorate
        self.table = QTableView()
        self.table.setObjectName("eventTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh = self.table.horizontalHeader()
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.setStretchLastSection(True)
        for column, width in enumerate((190, 300, 120, 100, 150, 200)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.editor = EventEditor()
        self.editor.save_requested.connect(self._save)
        self.editor.open_source.connect(self.open_requested.emit)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.table)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.filters)
        layout.addWidget(split, 1)

    # -- CaseView ----------------------------------------------------------------------

    def show_case(self, case: Case) -> None:
        self.case = case
        self.shown_at = time.perf_counter()
        self.reload()

    def clear(self) -> None:
        self._generation += 1
        self.case = None
        self._detail = self._choices = None
        self.model.clear()
        self.chart.clear()
        self.editor.clear()
        self.filters.clear()
        self.count.clear()
        self.show_inspector(None)

    def open_item(self, kind: str, ref: int) -> None:
        if kind == "event":
            self.select_event(ref)

    def apply_changes(self, changes: Changes, source: object) -> None:
        if self.case is None or not changes.touches(*EVENT_TABLES, "actor", "place"):
            return
        events = {i for t, i in changes.created | changes.deleted if t == "event"}
        updated = [i for t, i in changes.updated if t == "event"]
        if changes.touches("actor", "place") or changes.created_ids("event"):
            self._load_choices()
        if events:
            self.reload(keep_cache=True)
        else:
            self.model.mark_stale(updated or list(self.model.ids()))
            self._load_spans(fit=False)
        if self._detail is not None:
            self._load_detail(self._detail.id)

    # -- loading -----------------------------------------------------------------------

    def reload(self, keep_cache: bool = False) -> None:
        case = self.case
        if case is None:
            return
        self._generation += 1
        generation, flt, (sort, desc) = self._generation, self.filters.current(), self._sort
        first = self._choices is None

        def load() -> tuple[list[int], q.Choices | None, int, dict[int, q.EventRow]]:
            with case.read() as session:
                ids = q.event_ids(session, flt, sort, desc)
                # The first page comes with the ids: the rows appear in the same round trip.
                return (ids, q.choices(session) if first else None, q.count_events(session),
                        q.event_rows(session, ids[:PAGE]))

        self.runner.run_op(load, on_done=lambda r: self._ids_arrived(generation, r, keep_cache),
                           parent=self)
        # Queued after the ids: the serial worker answers the table first.
        self._load_spans(fit=not keep_cache)

    def _ids_arrived(self, generation: int, result: tuple, keep_cache: bool) -> None:
        if generation != self._generation:
            return
        ids, choices, total, first_rows = result
        if choices is not None:
            self._set_choices(choices)
        selected = self._want or (self._detail.id if self._detail else None)
        self.model.set_ids(ids, keep_cache=keep_cache)
        self.model.load_now(first_rows)
        shown = len(ids)
        self.count.setText(self.tr("%1 of %2 events").replace("%1", f"{shown:,}")
                           .replace("%2", f"{total:,}") if shown != total else
                           self.tr("%1 events").replace("%1", f"{total:,}"))
        self._rows_arrived()
        if selected is not None and self.model.row_of(selected) >= 0:
            self.select_event(selected)
        elif not self._loaded_once and ids:
            self.table.selectRow(0)

    def _fetch_rows(self, ids: list[int]) -> dict[int, q.EventRow]:
        case = self.case
        if case is None:
            return {}
        with case.read() as session:
            return q.event_rows(session, ids)

    def _rows_arrived(self) -> None:
        if self.first_rows_s is None and self.shown_at:
            self.first_rows_s = time.perf_counter() - self.shown_at
        self._rows_in = True
        self._maybe_loaded()

    def _load_spans(self, fit: bool = True) -> None:
        case = self.case
        if case is None:
            return
        generation, flt = self._generation, self.filters.current()
        by_actor = self.filters.lane_mode() == "actor"

        names = dict(self._choices.actors) if self._choices else {}
        lane_by, words = self.filters.lane_mode(), lane_words()

        def load() -> ChartData:
            with case.read() as session:
                spans = q.event_spans(session, flt, with_actors=by_actor)
            return prepare(spans, lane_by, names, words)  # off the UI thread: 100,000 spans

        def done(data: ChartData) -> None:
            if generation != self._generation:
                return
            self.chart.set_data(data, fit=fit)
            self.chart.select(self.selected_id(), reveal=False)
            self._spans_in = True
            self._maybe_loaded()

        self.runner.run_op(load, on_done=done, parent=self)

    def _maybe_loaded(self) -> None:
        if self._rows_in and self._spans_in and not self._loaded_once:
            self._loaded_once = True
            self.loaded.emit()

    def _load_choices(self) -> None:
        case = self.case
        if case is None:
            return

        def load() -> q.Choices:
            with case.read() as session:
                return q.choices(session)

        self.runner.run_op(load, on_done=self._set_choices, parent=self)

    def _set_choices(self, choices: q.Choices) -> None:
        if self.case is None:
            return
        self._choices = choices
        self.filters.blockSignals(True)
        self.filters.set_choices(choices)
        self.filters.blockSignals(False)
        self.editor.set_choices(choices)
        if self._detail is not None:
            self.editor.load(self._detail)

    def _sort_by(self, column: int, descending: bool) -> None:
        self._sort = (SORT_COLUMNS.get(column, "when"), descending)
        self.reload(keep_cache=True)

    def _decorate(self, row: q.EventRow, column: int, role: int) -> object:
        if column == 3 and role == Qt.ItemDataRole.ForegroundRole:
            return STATUS_COLOURS.get(row.status)
        return None

    # -- selection and the editor ----------------------------------------------------------

    def select_event(self, event_id: int) -> None:
        row = self.model.row_of(event_id)
        if row < 0:
            self._want = event_id  # arrives with the next id list
            return
        self._want = None
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def selected_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ident = self.model.id_at(current.row()) if current.isValid() else None
        if ident is None:
            return
        self.chart.select(ident)
        self._load_detail(ident)

    def _load_detail(self, event_id: int) -> None:
        case = self.case
        if case is None:
            return
        generation = self._generation

        def load() -> q.EventDetail | None:
            with case.read() as session:
                return q.event_detail(session, event_id)

        def done(detail: q.EventDetail | None) -> None:
            if generation != self._generation and self.case is None:
                return
            if detail is None:
                self._detail = None
                self.show_inspector(None)
                return
            self._detail = detail
            self.editor.load(detail)
            self.show_inspector(self.editor, self.tr("Event"))

        self.runner.run_op(load, on_done=done, parent=self)

    def _save(self, values: dict) -> None:
        if self.undo_stack is None:
            return
        if self.editor.event_id is None:
            self.undo_stack.perform(commands.add_event(values), source=self,
                                    on_done=lambda ch: self.select_event(
                                        ch.first_created("event")))
        elif self._detail is not None and self._detail.id == self.editor.event_id:
            command = commands.EditEvent(self._detail.id, self._detail, values)
            if command.after:
                self.undo_stack.perform(command, source=self)

    # -- window actions (New item, F2, Delete) -----------------------------------------------

    def new_item(self) -> None:
        if self.case is None:
            return
        self._detail = None
        self.editor.load(None)
        self.show_inspector(self.editor, self.tr("New event"))
        self.editor.title.setFocus()

    def edit_selected(self) -> None:
        if self._detail is not None:
            self.show_inspector(self.editor, self.tr("Event"))
            self.editor.title.setFocus()
            self.editor.title.selectAll()

    def delete_selected(self) -> None:
        if self.undo_stack is None or self._detail is None:
            return
        detail = self._detail
        self._detail = None
        self.undo_stack.perform(commands.delete_event(detail.id, detail.title), source=None)


register("timeline", "Timeline", TimelineView)
