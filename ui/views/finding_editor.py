"""The findings editor: statement, assessment on the standard-of-proof scale, the events,
excerpts and evidence it rests on (checked in lists), and the standards it engages, from
the built-in UNGP/VPSHR catalogue which the reviewer can extend."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.models.findings import ASSESSMENTS
from ui.models.choices import ChoicesModel
from ui.views.viewkit import section, tr
from workbench.queries.findings_queries import Choice, FindingDetail
from workbench.services.standards import summary


class FindingEditor(QWidget):
    saved = Signal(dict)  # the fields for services.findings.edit_finding
    standard_added = Signal(str, str, str)  # code, framework, title

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingEditor")
        self.finding_id: int | None = None
        self.title = QLineEdit()
        self.title.setObjectName("findingTitle")
        self.statement = QPlainTextEdit()
        self.statement.setMaximumHeight(90)
        self.assessment = QComboBox()
        for a in ASSESSMENTS:
            self.assessment.addItem(tr(a), a)
        form = QFormLayout()
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Statement"), self.statement)
        form.addRow(tr("Assessment"), self.assessment)
        def plain(c: Choice) -> str:
            return f"{c.label}" + (f"  ({c.detail})" if c.detail else "")

        self.models = {key: ChoicesModel(plain, lambda c: c.label, parent=self)
                       for key in ("events", "excerpts", "evidence")}
        # A standard is chosen by its code; its tooltip is what the catalogue says of it.
        self.models["standards"] = ChoicesModel(
            lambda c: f"{c.label} — {c.detail}", lambda c: summary(c.label) or c.detail,
            ident=lambda c: c.label, parent=self)
        self.lists: dict[str, QListView] = {}
        for key, model in self.models.items():
            lst = QListView()
            lst.setObjectName(f"basis_{key}")
            lst.setWordWrap(True)
            lst.setUniformItemSizes(key != "standards")  # 100,000 events: no measuring
            lst.setModel(model)
            self.lists[key] = lst
        self.standard_filter = QLineEdit()
        self.standard_filter.setPlaceholderText(tr("Filter standards (e.g. UNGP 22, VPSHR)"))
        self.standard_filter.textChanged.connect(self._filter_standards)
        add_standard = QPushButton(tr("Add a standard…"))
        add_standard.clicked.connect(self._add_standard)
        standards = QWidget()
        sbox = QVBoxLayout(standards)
        sbox.setContentsMargins(0, 4, 0, 0)
        srow = QHBoxLayout()
        srow.addWidget(self.standard_filter, 1)
        srow.addWidget(add_standard)
        sbox.addLayout(srow)
        sbox.addWidget(self.lists["standards"])
        self.basis = QTabWidget()
        self.basis.addTab(self.lists["events"], tr("Events"))
        self.basis.addTab(self.lists["excerpts"], tr("Excerpts"))
        self.basis.addTab(self.lists["evidence"], tr("Evidence"))
        self.basis.addTab(standards, tr("Standards"))
        self.save_button = QPushButton(tr("Save finding"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(form)
        box.addWidget(section("Basis and standards"))
        box.addWidget(self.basis, 1)
        box.addLayout(buttons)

    def set_choices(self, choices: dict[str, list[Choice]]) -> None:
        for key, model in self.models.items():
            model.set_choices(choices.get(key, []))
        self._filter_standards(self.standard_filter.text())

    def show_finding(self, f: FindingDetail | None) -> None:
        self.finding_id = f.id if f else None
        self.setEnabled(f is not None)
        self.title.setText(f.title if f else "")
        self.title.setCursorPosition(0)
        self.statement.setPlainText(f.statement if f else "")
        self.assessment.setCurrentIndex(max(0, self.assessment.findData(
            f.assessment if f else "inconclusive")))
        chosen: dict[str, set[object]] = {"events": {c.id for c in f.events} if f else set(),
                  "excerpts": {c.id for c in f.excerpts} if f else set(),
                  "evidence": {c.id for c in f.evidence} if f else set(),
                  "standards": set(f.standards) if f else set()}
        for key, model in self.models.items():
            model.set_checked(chosen[key])

    def checked(self, key: str) -> list[Any]:
        return self.models[key].checked()

    def set_checked(self, key: str, ident: object, on: bool = True) -> None:
        self.models[key].check(ident, on)

    def fields(self) -> dict[str, Any]:
        return {"title": self.title.text().strip(), "statement": self.statement.toPlainText(),
                "assessment": self.assessment.currentData(),
                "event_ids": self.checked("events"), "excerpt_ids": self.checked("excerpts"),
                "evidence_ids": self.checked("evidence"),
                "standards": self.checked("standards")}

    def _save(self) -> None:
        if self.finding_id is not None:
            self.saved.emit(self.fields())

    def _filter_standards(self, text: str) -> None:
        lst, model, needle = self.lists["standards"], self.models["standards"], text.casefold()
        for row in range(model.rowCount()):
            lst.setRowHidden(row, bool(needle) and needle not in model.text(row).casefold())

    def _add_standard(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(tr("Add a standard"))
        code, framework, title = QLineEdit(), QComboBox(), QLineEdit()
        framework.setEditable(True)
        framework.addItems(["national law", "UNGP", "VPSHR", "IFC PS", "other"])
        form = QFormLayout(dialog)
        form.addRow(tr("Code"), code)
        form.addRow(tr("Framework"), framework)
        form.addRow(tr("Title"), title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        def finished(result: int) -> None:
            if result:
                self.standard_added.emit(code.text().strip(), framework.currentText().strip(),
                                         title.text().strip())

        dialog.finished.connect(finished)
        dialog.open()
