"""People and organisations: kind, aliases, protection level and pseudonym, how many events
and interviews each appears in; the selected one's roles and interviews in the inspector."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import commands
from ui.models.lazy import Column
from ui.models.rows import RowsModel
from ui.tasks import TaskRunner
from ui.views.actor_panel import ActorPanel
from ui.views.registry import CaseView, register
from workbench.case import Case
from workbench.changes import Changes
from workbench.queries import actors as q

TABLES = ("actor", "event_actor", "interviewee", "event", "interview")


class ActorsView(CaseView):
    OPENS = ("actor",)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("actorsView")
        self.case: Case | None = None
        self.detail: q.ActorDetail | None = None
        self._generation = 0
        self._want: int | None = None
        self._loaded_once = False
        t = self.tr
        title = QLabel(t("People and organisations"))
        title.setObjectName("caseTitle")
        self.count = QLabel()
        self.count.setObjectName("caseSubtitle")
        header = QFrame()
        header.setObjectName("viewHeader")
        top = QHBoxLayout(header)
        top.setContentsMargins(20, 12, 20, 10)
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count)
        self.model = RowsModel([
            Column(t("Name"), lambda r: r.name, lambda r: r.name),
            Column(t("Kind"), lambda r: t(r.kind)),
            Column(t("Pseudonym"), lambda r: r.pseudonym),
            Column(t("Protection"), lambda r: t(r.protection)),
            Column(t("Events"), lambda r: str(r.events)),
            Column(t("Interviews"), lambda r: str(r.interviews)),
            Column(t("Aliases"), lambda r: ", ".join(r.aliases), lambda r: ", ".join(r.aliases)),
        ], self)
        self.table = QTableView()
        self.table.setObjectName("actorTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(27)
        self.table.setSortingEnabled(True)
        # The most involved first: who appears in the most events.
        self.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        hh = self.table.horizontalHeader()
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.setStretchLastSection(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((230, 95, 85, 110, 60, 80)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.panel = ActorPanel()
        self.panel.protection_requested.connect(self._set_protection)
        self.panel.aliases_requested.connect(self._set_aliases)
        self.panel.open_requested.connect(self.open_requested.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.table, 1)

    def show_case(self, case: Case) -> None:
        self.case = case
        self.reload()

    def clear(self) -> None:
        self._generation += 1
        self.case = self.detail = None
        self.model.clear()
        self.panel.clear()
        self.count.clear()
        self.show_inspector(None)

    def apply_changes(self, changes: Changes, source: object) -> None:
        if self.case is not None and changes.touches(*TABLES):
            self.reload()

    def open_item(self, kind: str, ref: int) -> None:
        if kind == "actor":
            self.select_actor(ref)

    def reload(self) -> None:
        case = self.case
        if case is None:
            return
        self._generation += 1
        generation = self._generation

        def load() -> list[q.ActorRow]:
            with case.read() as session:
                return q.actor_rows(session)

        self.runner.run_op(load, on_done=lambda rows: self._rows(generation, rows), parent=self)

    def _rows(self, generation: int, rows: list[q.ActorRow]) -> None:
        if generation != self._generation:
            return
        keep = self._want or (self.detail.row.id if self.detail else None)
        self.model.set_rows(rows)
        self.count.setText(self.tr("%1 people and organisations").replace("%1", str(len(rows))))
        if keep is not None and self.model.row_of(keep) >= 0:
            self.select_actor(keep)
        elif rows:
            self.table.selectRow(0)
        if not rows and not self._loaded_once:
            self._loaded_once = True
            self.loaded.emit()

    def select_actor(self, actor_id: int) -> None:
        row = self.model.row_of(actor_id)
        if row < 0:
            self._want = actor_id
            return
        self._want = None
        if self.table.currentIndex().row() == row:
            self._load_detail(actor_id)
        else:
            self.table.selectRow(row)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_value(current.row()) if current.isValid() else None
        if row is not None:
            self._load_detail(row.id)

    def _load_detail(self, actor_id: int) -> None:
        case = self.case
        if case is None:
            return
        generation = self._generation

        def load() -> q.ActorDetail | None:
            with case.read() as session:
                return q.actor_detail(session, actor_id)

        def done(detail: q.ActorDetail | None) -> None:
            if generation != self._generation or detail is None:
                return
            self.detail = detail
            self.panel.load(detail)
            self.show_inspector(self.panel, self.tr("Person or organisation"))
            if not self._loaded_once:
                self._loaded_once = True
                self.loaded.emit()

        self.runner.run_op(load, on_done=done, parent=self)

    def _set_protection(self, level: str) -> None:
        if self.detail is None or self.undo_stack is None:
            return
        row = self.detail.row
        self.undo_stack.perform(commands.set_protection(row.id, row.name, row.protection,
                                                        level), source=self)

    def _set_aliases(self, aliases: list[str]) -> None:
        if self.detail is None or self.undo_stack is None:
            return
        row = self.detail.row
        self.undo_stack.perform(commands.set_aliases(row.id, row.name, row.aliases, aliases),
                                source=self)

    def edit_selected(self) -> None:
        if self.detail is not None:
            self.show_inspector(self.panel, self.tr("Person or organisation"))
            self.panel.aliases.setFocus()


register("actors", "People and organisations", ActorsView)
