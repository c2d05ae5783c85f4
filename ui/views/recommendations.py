"""The action plan: recommendations grouped by status (proposed → implemented, rejected),
with addressee, priority, due date, linked findings and dated progress notes; overdue
items stand out. A status change or a note is an audited, undoable write."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db.models.findings import RECOMMENDATION_STATUSES
from ui.tasks import TaskRunner
from ui.views.registry import CaseView, register
from ui.views.viewkit import VIEW_STYLE, header, number, section, show_date, tr, write
from workbench.case import Case
from workbench.changes import Changes
from workbench.queries import action_plan_queries as apq
from workbench.services import action_plan

COLUMNS = ("Recommendation", "Addressee", "Priority", "Due", "Findings", "Last note")
ID_ROLE = Qt.ItemDataRole.UserRole
OVERDUE = QColor("#b3261e")
PRIORITY_COLOURS = {"high": "#b3261e", "medium": "#8a5a00", "low": "#5b6573"}


class RecommendationsView(CaseView):
    OPENS = ("recommendation",)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("recommendationsView")
        self.setStyleSheet(VIEW_STYLE)
        self.case: Case | None = None
        self._generation = 0
        self.rows: list[apq.RecommendationRow] = []
        self.subtitle = QLabel()
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.tree = QTreeView()
        self.tree.setObjectName("actionPlan")
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        hh = self.tree.header()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hh.setStretchLastSection(False)
        for column, width in ((1, 165), (2, 66), (3, 112), (4, 66), (5, 92)):
            self.tree.setColumnWidth(column, width)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

        self.detail = QTextBrowser()
        self.detail.setObjectName("recommendationDetail")
        self.status = QComboBox()
        self.status.setObjectName("newStatus")
        for s in RECOMMENDATION_STATUSES:
            self.status.addItem(tr(s), s)
        self.status_note = QLineEdit()
        self.status_note.setPlaceholderText(tr("Why (optional)"))
        self.status_note.setMinimumWidth(90)
        self.status_button = QPushButton(tr("Change status"))
        self.status_button.setObjectName("primary")
        self.status_button.clicked.connect(self.change_status)
        self.note = QLineEdit()
        self.note.setObjectName("progressNote")
        self.note.setPlaceholderText(tr("A dated progress note"))
        self.note_button = QPushButton(tr("Add note"))
        self.note_button.clicked.connect(self.add_note)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.status_button)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.note_button)
        side = QWidget()
        sbox = QVBoxLayout(side)
        sbox.setContentsMargins(8, 8, 8, 8)
        sbox.addWidget(section("Selected recommendation"))
        sbox.addWidget(self.detail, 1)
        sbox.addWidget(section("Status"))
        sbox.addLayout(status_row)
        sbox.addWidget(self.status_note)
        sbox.addWidget(section("Progress"))
        sbox.addLayout(note_row)
        # The selected recommendation goes to the window's inspector dock (kept here,
        # hidden, until the window takes it).
        self.side = side
        side.setObjectName("recommendationPanel")
        side.setParent(self)
        side.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header("Action plan", self.subtitle))
        body = QVBoxLayout()
        body.setContentsMargins(16, 10, 16, 12)
        body.addWidget(self.tree, 1)
        layout.addLayout(body, 1)
        self._set_editable(False)

    # -- CaseView --------------------------------------------------------------------------

    def show_case(self, case: Case) -> None:
        self.case = case
        self.reload()

    def clear(self) -> None:
        self._generation += 1
        self.case = None
        self.rows = []
        self.model.removeRows(0, self.model.rowCount())
        self.detail.clear()
        self.subtitle.clear()
        self.note.clear()
        self.status_note.clear()

    def apply_changes(self, changes: Changes, source: object) -> None:
        if changes.touches("recommendation", "status_change", "progress_note",
                           "recommendation_finding", "finding", "actor"):
            self.reload()

    def open_item(self, kind: str, ref: int) -> None:
        self.select(ref)

    # -- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        case = self.case
        if case is None:
            return
        self._generation += 1
        generation, keep = self._generation, self.current_id()
        self.runner.run_op(lambda: apq.recommendations(case),
                           on_done=lambda rows: self._show(rows, keep, generation),
                           parent=self)

    def _show(self, rows: list[apq.RecommendationRow], keep: int | None,
              generation: int) -> None:
        if generation != self._generation:
            return
        self.rows = rows
        self.model.removeRows(0, self.model.rowCount())
        bold = QFont()
        bold.setBold(True)
        for status in RECOMMENDATION_STATUSES:
            members = [r for r in rows if r.status == status]
            overdue = sum(r.overdue for r in members)
            label = f"{tr(status).capitalize()}  ({number(len(members))})"
            if overdue:
                label += "  · " + tr("%1 overdue").replace("%1", number(overdue))
            group = QStandardItem(label)
            group.setFont(bold)
            group.setData(f"status:{status}", ID_ROLE)
            fillers = [QStandardItem() for _ in COLUMNS[1:]]
            for r in members:
                group.appendRow(self._row_items(r))
            self.model.appendRow([group, *fillers])
            self.tree.setFirstColumnSpanned(self.model.rowCount() - 1, QModelIndex(), True)
        self.tree.expandAll()
        overdue = sum(r.overdue for r in rows)
        self.subtitle.setText(tr("%1 recommendations; %2 still open; %3 overdue.")
                              .replace("%1", number(len(rows)))
                              .replace("%2", number(sum(r.status in apq.OPEN_STATUSES
                                                        for r in rows)))
                              .replace("%3", number(overdue)))
        self.select(keep if keep is not None else (rows[0].id if rows else None))
        self.loaded.emit()

    def _row_items(self, r: apq.RecommendationRow) -> list[QStandardItem]:
        last = r.notes[-1] if r.notes else None
        due = ("⚠ " if r.overdue else "") + show_date(r.due_on)
        cells = [r.title, r.addressee, tr(r.priority), due, number(len(r.findings)),
                 show_date(last[0]) if last else ""]
        items = [QStandardItem(c) for c in cells]
        items[0].setData(r.id, ID_ROLE)
        items[0].setToolTip(r.text or r.title)
        items[2].setForeground(QBrush(QColor(PRIORITY_COLOURS.get(r.priority, "#000"))))
        if r.overdue:
            for item in items:
                item.setBackground(QBrush(QColor("#fdecea")))
            items[3].setForeground(QBrush(OVERDUE))
            items[3].setToolTip(tr("OVERDUE"))
            f = items[3].font()
            f.setBold(True)
            items[3].setFont(f)
        return items

    def select(self, ident: int | None) -> None:
        for g in range(self.model.rowCount()):
            group = self.model.item(g, 0)
            for i in range(group.rowCount()):
                if group.child(i, 0).data(ID_ROLE) == ident:
                    self.tree.setCurrentIndex(group.child(i, 0).index())
                    return

    def current_id(self) -> int | None:
        value = self.tree.currentIndex().siblingAtColumn(0).data(ID_ROLE)
        return value if isinstance(value, int) else None

    def current_row(self) -> apq.RecommendationRow | None:
        ident = self.current_id()
        return next((r for r in self.rows if r.id == ident), None)

    def _current_changed(self, _index: QModelIndex, _previous: object = None) -> None:
        r = self.current_row()
        self._set_editable(r is not None)
        if r is None:
            self.detail.clear()
            return
        self.show_inspector(self.side, r.title)
        esc = html.escape
        self.status.setCurrentIndex(max(0, self.status.findData(r.status)))
        overdue = (f" <span style='color:#b3261e;font-weight:bold'>{esc(tr('OVERDUE'))}"
                   "</span>") if r.overdue else ""
        parts = [f"<h3>{esc(r.title)}</h3>",
                 f"<p>{esc(r.text)}</p>" if r.text else "",
                 f"<p><b>{esc(tr('Addressee'))}:</b> {esc(r.addressee or '—')}<br>"
                 f"<b>{esc(tr('Priority'))}:</b> {esc(tr(r.priority))} · "
                 f"<b>{esc(tr('Status'))}:</b> {esc(tr(r.status))}<br>"
                 f"<b>{esc(tr('Due'))}:</b> {esc(show_date(r.due_on) or '—')}{overdue}</p>"]
        if r.findings:
            parts.append(f"<p><b>{esc(tr('Findings'))}:</b></p><ul>"
                         + "".join(f"<li>{esc(f)}</li>" for f in r.findings) + "</ul>")
        if r.notes:
            parts.append(f"<p><b>{esc(tr('Progress notes'))}:</b></p><ul>"
                         + "".join(f"<li><b>{esc(show_date(d))}</b> {esc(t)}</li>"
                                   for d, t in reversed(r.notes)) + "</ul>")
        if r.history:
            parts.append(f"<p><b>{esc(tr('Status history'))}:</b></p><ul>" + "".join(
                f"<li>{esc(show_date(on))}: {esc(tr(a) if a else '—')} → {esc(tr(b))}"
                f"{(' — ' + esc(n)) if n else ''}</li>" for on, a, b, n in r.history)
                + "</ul>")
        self.detail.setHtml("".join(parts))

    def _set_editable(self, on: bool) -> None:
        for w in (self.status, self.status_note, self.status_button, self.note,
                  self.note_button):
            w.setEnabled(on)

    # -- edits -----------------------------------------------------------------------------

    def change_status(self) -> None:
        r, case = self.current_row(), self.case
        new = self.status.currentData()
        if r is None or case is None or new == r.status:
            return
        note, old, ident = self.status_note.text().strip(), r.status, r.id
        self.status_note.clear()
        write(self, case, tr("Change status of ‘%1’").replace("%1", r.title[:40]),
              lambda c: action_plan.set_status(c, ident, new, note),
              lambda c: action_plan.set_status(c, ident, old, "undone"),
              lambda _ch: self.reload())

    def add_note(self) -> None:
        r, case, text = self.current_row(), self.case, self.note.text().strip()
        if r is None or case is None or not text:
            return
        self.note.clear()
        ident = r.id
        write(self, case, tr("Add progress note"),
              lambda c: action_plan.add_progress_note(c, ident, text), None,
              lambda _ch: self.reload())


register("recommendations", "Action plan", RecommendationsView)
