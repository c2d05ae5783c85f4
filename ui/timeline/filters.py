"""The timeline's filter bar: text, category, actor, status, date range, and lanes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QWidget

from workbench.queries.events import Choices, EventFilter


def tr(text: str) -> str:
    return QCoreApplication.translate("TimelineFilters", text)


class FilterBar(QFrame):
    changed = Signal()  # the filter changed (typing is debounced)
    lanes_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.text = QLineEdit()
        self.text.setObjectName("filterText")
        self.text.setPlaceholderText(tr("Filter events…"))
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(120)
        self.category = self._combo("filterCategory")
        self.actor = self._combo("filterActor")
        self.status = self._combo("filterStatus")
        self.date_from = QLineEdit()
        self.date_from.setObjectName("filterFrom")
        self.date_from.setPlaceholderText(tr("from (2018-04)"))
        self.date_to = QLineEdit()
        self.date_to.setObjectName("filterTo")
        self.date_to.setPlaceholderText(tr("to (2019)"))
        for field in (self.date_from, self.date_to):
            field.setMinimumWidth(80)
            field.setMaximumWidth(120)
        self.lanes = QComboBox()
        self.lanes.setObjectName("laneMode")
        self.lanes.addItem(tr("by category"), "category")
        self.lanes.addItem(tr("by actor"), "actor")
        self.lanes.setToolTip(tr("Lanes of the chart"))
        self.lanes.currentIndexChanged.connect(
            lambda _i: self.lanes_changed.emit(self.lanes.currentData()))
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.changed)
        for field in (self.text, self.date_from, self.date_to):
            field.textChanged.connect(lambda _t: self._debounce.start())
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(6)
        row.addWidget(self.text, 2)
        for widget in (self.category, self.actor, self.status):
            row.addWidget(widget, 1)
        row.addWidget(QLabel(tr("Dates")))
        row.addWidget(self.date_from)
        row.addWidget(self.date_to)
        row.addSpacing(8)
        row.addWidget(QLabel(tr("Lanes")))
        row.addWidget(self.lanes)
        self.set_choices(None)

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(11)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def set_choices(self, choices: Choices | None) -> None:
        """Fill the lists (keeping what is chosen when it still exists)."""
        lists: list[tuple[QComboBox, str, list[tuple[str, object]]]] = [
            (self.category, tr("All categories"),
             [(c, c) for c in choices.categories] if choices else []),
            (self.actor, tr("All actors"),
             [(n, i) for i, n in choices.actors] if choices else []),  # name, id
            (self.status, tr("All statuses"),
             [(tr(s), s) for s in choices.statuses] if choices else []),
        ]
        for combo, everything, items in lists:
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for text, data in items:
                combo.addItem(text, data)
            at = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(at, 0))
            combo.blockSignals(False)

    def current(self) -> EventFilter:
        return EventFilter(
            text=self.text.text().strip(), category=self.category.currentData() or "",
            actor_id=self.actor.currentData(), status=self.status.currentData() or "",
            date_from=self.date_from.text().strip(), date_to=self.date_to.text().strip())

    def lane_mode(self) -> str:
        return str(self.lanes.currentData())

    def clear(self) -> None:
        for field in (self.text, self.date_from, self.date_to):
            field.blockSignals(True)
            field.clear()
            field.blockSignals(False)
        self.set_choices(None)
