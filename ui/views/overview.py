"""The case overview: title, what the case holds (a count per entity), recent activity from
the audit log, and the schema version."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.tasks import TaskRunner
from ui.views.registry import CaseView, register
from workbench.case import Case
from workbench.changes import Changes
from workbench.overview import Overview, overview

COUNT_LABELS = {
    "events": "Events",
    "interviews": "Interviews",
    "excerpts": "Excerpts",
    "actors": "People and organisations",
    "places": "Places",
    "evidence": "Evidence items",
    "allegations": "Allegations",
    "responses": "Responses",
    "findings": "Findings",
    "recommendations": "Recommendations",
    "grievances": "Grievances",
    "reviewers": "Reviewers",
    "audit_entries": "Audit entries",
}
TILE_COLUMNS = 5
ACTIVITY_COLUMNS = ("When", "Reviewer", "Action")


def _local_time(iso: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def _section(title: str) -> QLabel:
    label = QLabel(title.upper())
    label.setObjectName("sectionTitle")
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return label


class OverviewView(CaseView):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("overviewView")
        self._generation = 0
        self._case: Case | None = None

        # Header: the title, a demo badge, and what kind of file this is.
        self.title = QLabel()
        self.title.setObjectName("caseTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_badge = QLabel("FICTIONAL DEMO")
        self.demo_badge.setObjectName("demoBadge")
        self.demo_badge.hide()
        self.subtitle = QLabel()
        self.subtitle.setObjectName("caseSubtitle")
        header = QFrame()
        header.setObjectName("viewHeader")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.demo_badge, 0, Qt.AlignmentFlag.AlignTop)
        head = QVBoxLayout(header)
        head.setContentsMargins(28, 20, 28, 16)
        head.setSpacing(4)
        head.addLayout(top)
        head.addWidget(self.subtitle)

        # Below: a tile per entity, then the latest audit entries.
        self._tiles = QGridLayout()
        self._tiles.setHorizontalSpacing(10)
        self._tiles.setVerticalSpacing(10)
        self.activity_model = QStandardItemModel(0, len(ACTIVITY_COLUMNS), self)
        self.activity_model.setHorizontalHeaderLabels(list(ACTIVITY_COLUMNS))
        self.activity = QTableView()
        self.activity.setObjectName("recentActivity")
        self.activity.setModel(self.activity_model)
        self.activity.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.activity.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.activity.setAlternatingRowColors(True)
        self.activity.setShowGrid(False)
        self.activity.setWordWrap(False)
        self.activity.verticalHeader().hide()
        self.activity.verticalHeader().setDefaultSectionSize(27)
        hh = self.activity.horizontalHeader()
        hh.setStretchLastSection(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        for column in range(TILE_COLUMNS):
            self._tiles.setColumnStretch(column, 1)
        body = QVBoxLayout()
        body.setContentsMargins(28, 18, 28, 20)
        body.setSpacing(8)
        body.addWidget(_section("What the case holds"))
        body.addLayout(self._tiles)
        body.addSpacing(18)
        body.addWidget(_section("Recent activity"))
        body.addWidget(self.activity, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body, 1)

    # -- CaseView --------------------------------------------------------------------

    def show_case(self, case: Case) -> None:
        self._case = case
        self._generation += 1
        generation = self._generation
        self.runner.run_op(lambda: overview(case),
                           on_done=lambda ov: self._show(ov, generation), parent=self)

    def apply_changes(self, changes: Changes, source: object) -> None:
        """Any write changes a count or the recent activity: ask again (one small query)."""
        if changes and self._case is not None:
            self.show_case(self._case)

    def clear(self) -> None:
        self._case = None
        self._generation += 1  # a result still on its way is dropped
        self.title.clear()
        self.subtitle.clear()
        self.demo_badge.hide()
        self._clear_tiles()
        self.activity_model.removeRows(0, self.activity_model.rowCount())

    # -- showing ---------------------------------------------------------------------

    def _show(self, ov: Overview, generation: int) -> None:
        if generation != self._generation:
            return
        self.title.setText(ov.title)
        self.demo_badge.setVisible(ov.is_demo)
        parts = [p for p in (ov.reference, ov.classification) if p]
        parts.append(f"schema version {ov.schema_version or 'unknown'}")
        self.subtitle.setText("  ·  ".join(parts))
        self._clear_tiles()
        for i, (name, count) in enumerate(ov.counts.items()):
            self._tiles.addWidget(self._tile(name, count), i // TILE_COLUMNS,
                                  i % TILE_COLUMNS)
        self.activity_model.removeRows(0, self.activity_model.rowCount())
        for entry in ov.recent:
            row = [QStandardItem(_local_time(entry.at)), QStandardItem(entry.reviewer),
                   QStandardItem(entry.action)]
            row[2].setToolTip(entry.action)
            self.activity_model.appendRow(row)
        for column in range(len(ACTIVITY_COLUMNS) - 1):
            self.activity.resizeColumnToContents(column)
        self.loaded.emit()

    def _tile(self, name: str, count: int) -> QFrame:
        tile = QFrame()
        tile.setObjectName("tile")
        number = QLabel(f"{count:,}")
        number.setObjectName(f"count_{name}")
        number.setProperty("role", "tileNumber")
        caption = QLabel(COUNT_LABELS.get(name, name.replace("_", " ").capitalize()))
        caption.setProperty("role", "tileCaption")
        box = QVBoxLayout(tile)
        box.setContentsMargins(12, 10, 12, 10)
        box.setSpacing(2)
        box.addWidget(number)
        box.addWidget(caption)
        return tile

    def _clear_tiles(self) -> None:
        while self._tiles.count():
            item = self._tiles.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()

    def count_text(self, name: str) -> str:
        """The number shown for an entity ('' when none is shown)."""
        label = self.findChild(QLabel, f"count_{name}")
        return label.text() if label is not None else ""


register("overview", "Overview", OverviewView)
