"""Record that an interviewee withdrew consent: when, which scopes, and a note."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.models.interviews import CONSENT_SCOPES
from workbench import dates


def tr(text: str) -> str:
    return QCoreApplication.translate("WithdrawDialog", text)


class WithdrawDialog(QDialog):
    def __init__(self, given: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("withdrawDialog")
        self.setWindowTitle(tr("Record a consent withdrawal"))
        self.when = QLineEdit()
        self.when.setPlaceholderText("2019-05-02")
        self.note = QLineEdit()
        self.boxes = {s: QCheckBox(tr(s)) for s in CONSENT_SCOPES if s in given}
        self.error = QLabel()
        self.error.setStyleSheet("color: #a4262c;")
        form = QFormLayout()
        form.addRow(tr("Withdrawn on"), self.when)
        for box in self.boxes.values():
            form.addRow("", box)
        form.addRow(tr("Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, list[str], str]:
        return (self.when.text().strip(), [s for s, b in self.boxes.items() if b.isChecked()],
                self.note.text().strip())

    def _accept(self) -> None:
        when, scopes, _note = self.values()
        try:
            dates.parse(when)
        except dates.DateError as exc:
            self.error.setText(str(exc))
            return
        if not scopes:
            self.error.setText(tr("Choose at least one scope that was withdrawn."))
            return
        self.accept()
