"""The grievance register: a filtered table, counts by category, channel and status, and
grievances per month by category."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.tasks import TaskRunner
from ui.views.grievance_model import GrievanceModel
from ui.views.month_chart import MonthChart
from ui.views.registry import CaseView, register
from ui.views.viewkit import VIEW_STYLE, fill_combo, header, number, section, show_date, tr
from workbench.case import Case
from workbench.changes import Changes
from workbench.queries import grievance_stats as gs


class GrievancesView(CaseView):
    OPENS = ("grievance",)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("grievancesView")
        self.setStyleSheet(VIEW_STYLE)
        self.case: Case | None = None
        self._generation = 0
        self._all: list[gs.GrievanceRow] = []
        self.subtitle = QLabel()
        self.category, self.channel, self.status = QComboBox(), QComboBox(), QComboBox()
        for combo, any_label in ((self.category, "Any category"),
                                 (self.channel, "Any channel"), (self.status, "Any status")):
            fill_combo(combo, [], any_label=any_label)
            combo.setMinimumWidth(150)
            combo.currentIndexChanged.connect(self.apply_filter)
        self.text = QLineEdit()
        self.text.setPlaceholderText(tr("Search reference, description, outcome"))
        self.text.textChanged.connect(self.apply_filter)
        filters = QHBoxLayout()
        for w in (self.category, self.channel, self.status):
            filters.addWidget(w)
        filters.addWidget(self.text, 1)

        self.counts = {key: QListWidget() for key in ("category", "channel", "status")}
        counts = QHBoxLayout()
        for key, title in (("category", "By category"), ("channel", "By channel"),
                           ("status", "By status")):
            lst = self.counts[key]
            lst.setObjectName(f"countsBy_{key}")
            lst.setMaximumHeight(112)
            box = QVBoxLayout()
            box.addWidget(section(title))
            box.addWidget(lst)
            counts.addLayout(box, 2 if key == "channel" else 1)
        self.chart = MonthChart()
        self.model = GrievanceModel(self)
        self.table = QTableView()
        self.table.setObjectName("grievanceTable")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        for column, width in enumerate((130, 95, 200, 84, 110, 80, 300)):
            self.table.setColumnWidth(column, width)

        # The selected grievance, whole, in the window's inspector (any script, as stored).
        self.detail = QTextBrowser()
        self.detail.setObjectName("grievanceDetail")
        self.detail.setParent(self)
        self.detail.hide()
        self.table.selectionModel().currentRowChanged.connect(self._show_grievance)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header("Grievance register", self.subtitle))
        body = QVBoxLayout()
        body.setContentsMargins(16, 10, 16, 12)
        body.addLayout(filters)
        body.addLayout(counts)
        body.addWidget(section("Grievances per month, by category"))
        body.addWidget(self.chart)
        body.addWidget(self.table, 1)
        layout.addLayout(body, 1)

    def _show_grievance(self, index: QModelIndex, _previous: object = None) -> None:
        if not index.isValid() or index.row() >= len(self.model.rows):
            return
        g = self.model.rows[index.row()]
        esc = html.escape
        fields = [("Received", show_date(g.received_on)), ("Channel", g.channel),
                  ("Language", g.language), ("Category", tr(g.category)),
                  ("Status", tr(g.status))]
        self.detail.setHtml(
            f"<h3>{esc(g.reference)}</h3><p>"
            + "<br>".join(f"<b>{esc(tr(k))}:</b> {esc(v)}" for k, v in fields if v)
            + f"</p><p><b>{esc(tr('Description'))}</b></p><p>{esc(g.description)}</p>"
            + (f"<p><b>{esc(tr('Outcome'))}</b></p><p>{esc(g.outcome)}</p>"
               if g.outcome else ""))
        self.show_inspector(self.detail, g.reference)

    def show_case(self, case: Case) -> None:
        self.case = case
        self.reload()

    def clear(self) -> None:
        self._generation += 1
        self.case = None
        self._all = []
        self.model.set_rows([])
        self.detail.clear()
        self.chart.set_data({})
        for lst in self.counts.values():
            lst.clear()
        for combo in (self.category, self.channel, self.status):
            fill_combo(combo, [], any_label=combo.itemText(0))
        self.subtitle.clear()

    def apply_changes(self, changes: Changes, source: object) -> None:
        if changes.touches("grievance", "grievance_event"):
            self.reload()

    def reload(self) -> None:
        case = self.case
        if case is None:
            return
        self._generation += 1
        generation = self._generation
        self.runner.run_op(lambda: gs.grievances(case),
                           on_done=lambda rows: self._loaded(rows, generation), parent=self)

    def _loaded(self, rows: list[gs.GrievanceRow], generation: int) -> None:
        if generation != self._generation:
            return
        self._all = rows
        choices = gs.choices(rows)
        fill_combo(self.category, choices["category"], any_label="Any category")
        fill_combo(self.channel, choices["channel"], any_label="Any channel",
                   translate=False)
        fill_combo(self.status, choices["status"], any_label="Any status")
        self.apply_filter()
        if rows:
            self.table.selectRow(0)
        self.loaded.emit()

    def current_filter(self) -> gs.GrievanceFilter:
        return gs.GrievanceFilter(category=self.category.currentData() or "",
                                  channel=self.channel.currentData() or "",
                                  status=self.status.currentData() or "",
                                  text=self.text.text().strip())

    def apply_filter(self, *_args: object) -> None:
        flt = self.current_filter()
        rows = [r for r in self._all if gs.matches(r, flt)]
        self.model.set_rows(rows)
        stats = gs.stats(rows)
        for key, counts in (("category", stats.by_category), ("channel", stats.by_channel),
                            ("status", stats.by_status)):
            lst = self.counts[key]
            lst.clear()
            for name, n in counts.items():
                lst.addItem(f"{number(n):>4}   {tr(name) if key != 'channel' else name}")
        self.chart.set_data(stats.per_month)
        undated = (" " + tr("%1 without a full date are not in the chart.")
                   .replace("%1", number(stats.undated))) if stats.undated else ""
        self.subtitle.setText(tr("%1 of %2 grievances shown.").replace("%1", number(len(rows)))
                              .replace("%2", number(len(self._all))) + undated)


register("grievances", "Grievances", GrievancesView)
