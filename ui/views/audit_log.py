"""The audit log, read-only: filters by reviewer, entity and date; the before/after values
of the selected entry; and a banner when the hash chain is broken."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.tasks import TaskRunner
from ui.views.audit_model import AuditModel, ValuesModel
from ui.views.registry import CaseView, register
from ui.views.viewkit import VIEW_STYLE, fill_combo, header, number, section, tr
from workbench.case import Case
from workbench.changes import Changes
from workbench.queries import audit_queries as aq

Loaded = tuple[list[aq.AuditRow], list[str], list[str], list[str]]


ROWS_FITTED = 200  # rows sized to their wrapped text; beyond, the default height


class AuditLogView(CaseView):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("auditView")
        self.setStyleSheet(VIEW_STYLE)
        self.case: Case | None = None
        self._generation = 0
        self.subtitle = QLabel()
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.reviewer, self.entity = QComboBox(), QComboBox()
        fill_combo(self.reviewer, [], any_label="Any reviewer")
        fill_combo(self.entity, [], any_label="Any entity")
        self.reviewer.setMinimumWidth(200)
        self.entity.setMinimumWidth(170)
        self.entity_id = QLineEdit()
        self.entity_id.setPlaceholderText(tr("id"))
        self.entity_id.setMaximumWidth(70)
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        self.date_from.setPlaceholderText(tr("From date"))
        self.date_to.setPlaceholderText(tr("To date"))
        for edit in (self.date_from, self.date_to):
            edit.setToolTip(tr("YYYY, YYYY-MM or YYYY-MM-DD"))
            edit.setFixedWidth(110)
        for combo in (self.reviewer, self.entity):
            combo.currentIndexChanged.connect(self.reload)
        for edit in (self.entity_id, self.date_from, self.date_to):
            edit.editingFinished.connect(self.reload)
        filters = QHBoxLayout()
        for w in (self.reviewer, self.entity, self.entity_id, self.date_from, self.date_to):
            filters.addWidget(w)
        filters.addStretch(1)

        self.model = AuditModel(self)
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(25)
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(True)
        for column, width in enumerate((52, 150, 190, 250)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._show_entry)
        self.values_model = ValuesModel(self)
        self.values = QTableView()
        self.values.setObjectName("beforeAfter")
        self.values.setModel(self.values_model)
        self.values.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.values.verticalHeader().hide()
        self.values.setWordWrap(True)
        self.values.setAlternatingRowColors(True)
        self.values_note = QLabel()
        self.values_note.setObjectName("valuesNote")
        self.values_note.setWordWrap(True)
        self.values_note.hide()
        vh = self.values.horizontalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # fit the inspector
        for column in (0, 1):
            vh.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The selected entry's before/after values go to the window's inspector dock
        # (kept here, hidden, until the window takes them).
        self.entry_panel = QWidget()
        self.entry_panel.setObjectName("auditEntryPanel")
        lbox = QVBoxLayout(self.entry_panel)
        lbox.setContentsMargins(6, 6, 6, 6)
        lbox.addWidget(section("Before and after"))
        lbox.addWidget(self.values, 1)
        lbox.addWidget(self.values_note)
        self.entry_panel.setParent(self)
        self.entry_panel.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header("Audit log", self.subtitle))
        body = QVBoxLayout()
        body.setContentsMargins(16, 10, 16, 12)
        body.addWidget(self.banner)
        body.addLayout(filters)
        body.addWidget(self.table, 1)
        layout.addLayout(body, 1)

    def show_case(self, case: Case) -> None:
        self.case = case
        self.reload(first=True)

    def clear(self) -> None:
        self._generation += 1
        self.case = None
        self.model.set_rows([])
        self.clear_values()
        self.banner.clear()
        self.banner.hide()
        self.subtitle.clear()
        fill_combo(self.reviewer, [], any_label="Any reviewer")
        fill_combo(self.entity, [], any_label="Any entity")

    def apply_changes(self, changes: Changes, source: object) -> None:
        if changes or changes.audit_seq is not None:  # an entry without row changes too
            self.reload()

    def current_filter(self) -> aq.AuditFilter:
        entity = self.entity.currentData() or ""
        if entity and self.entity_id.text().strip().isdigit():
            entity = f"{entity}:{self.entity_id.text().strip()}"
        return aq.AuditFilter(reviewer=self.reviewer.currentData() or "", entity=entity,
                              date_from=self.date_from.text().strip(),
                              date_to=self.date_to.text().strip())

    def reload(self, *_args: object, first: bool = False) -> None:
        case = self.case
        if case is None:
            return
        self._generation += 1
        generation = self._generation
        flt = self.current_filter()

        def load() -> Loaded:
            rows = aq.entries(case, flt)
            if not first:
                return rows, [], [], []
            return rows, aq.reviewers(case), aq.entity_kinds(case), aq.chain_problems(case)

        self.runner.run_op(load, on_done=lambda out: self._loaded(out, first, generation),
                           parent=self)

    def _loaded(self, out: Loaded, first: bool, generation: int) -> None:
        if generation != self._generation:
            return
        rows, reviewers, kinds, problems = out
        if first:
            fill_combo(self.reviewer, reviewers, any_label="Any reviewer", translate=False)
            fill_combo(self.entity, kinds, any_label="Any entity", translate=False)
            self.show_chain(problems)
        self.model.set_rows(rows)
        shown = tr("%1 entries shown, newest first.").replace("%1", number(len(rows)))
        self.subtitle.setText(shown + " " + tr("Read-only; each entry is chained to the "
                                               "one before it by its hash."))
        if rows:
            self.table.selectRow(0)
        else:
            self.clear_values()
        self.loaded.emit()

    def show_chain(self, problems: list[str]) -> None:
        if problems:
            self.banner.setText(tr("The audit chain is broken: the log has been altered "
                                   "outside the workbench.") + " "
                                + "; ".join(problems[:5])
                                + (" …" if len(problems) > 5 else ""))
            self.banner.show()
        else:
            self.banner.hide()

    def _show_entry(self, index: QModelIndex, _previous: object = None) -> None:
        if not index.isValid() or index.row() >= len(self.model.rows):
            return
        entry = self.model.rows[index.row()]
        self._showing = entry.seq
        single = f" · {entry.entities[0]}" if len(entry.entities) == 1 else ""
        self.show_inspector(self.entry_panel, f"#{entry.seq} {entry.action}{single}")

        def shown(lines: aq.ChangeLines) -> None:
            if self._showing != entry.seq:
                return
            self.values_model.set_rows(lines.lines)
            # One row touched (the usual case): its name in the title, not on every line.
            self.values.setColumnHidden(0, lines.rows == 1)
            if len(lines.lines) <= ROWS_FITTED:
                self.values.resizeRowsToContents()
            more = lines.total - len(lines.lines)
            self.values_note.setText(
                tr("%1 more values are not shown here; a confidential archive export holds "
                   "the whole log.").replace("%1", number(more)) if more else "")
            self.values_note.setVisible(bool(more))

        # Parsed off the UI thread: one entry of a bulk write holds a whole import.
        self.runner.run_op(lambda: aq.change_lines(entry), on_done=shown, parent=self)

    _showing: int | None = None

    def clear_values(self) -> None:
        self._showing = None
        self.values_model.set_rows([])
        self.values_note.hide()


register("audit", "Audit log", AuditLogView)
