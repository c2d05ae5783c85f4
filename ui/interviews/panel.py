"""The interview's metadata and consent record (shown in the inspector): who, when, where,
language, interpreter, mode, and per interviewee the scopes given and any withdrawals."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.models.interviews import CONSENT_SCOPES
from workbench.queries.interviews import InterviewDetail


def tr(text: str) -> str:
    return QCoreApplication.translate("InterviewPanel", text)


class InterviewPanel(QScrollArea):
    save_requested = Signal(dict)  # changed plain fields: title, interviewer, language...
    withdraw_requested = Signal(int)  # consent record id

    FIELDS = ("title", "interviewer", "language", "interpreter")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interviewPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail: InterviewDetail | None = None
        self.edits = {name: QLineEdit() for name in self.FIELDS}
        for name, edit in self.edits.items():
            edit.setObjectName(f"interview_{name}")
        self.facts = QLabel()
        self.facts.setObjectName("interviewFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.save_button = QPushButton(tr("Save"))
        self.save_button.setObjectName("saveInterview")
        self.save_button.clicked.connect(self._save)
        self.consent = QLabel()
        self.consent.setObjectName("consentRecord")
        self.consent.setWordWrap(True)
        self.consent.setTextFormat(Qt.TextFormat.RichText)
        self.withdraw_button = QPushButton(tr("Record a withdrawal…"))
        self.withdraw_button.setObjectName("withdrawConsent")
        self.withdraw_button.clicked.connect(self._withdraw)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        labels = {"title": tr("Title"), "interviewer": tr("Interviewer"),
                  "language": tr("Language"), "interpreter": tr("Interpreter")}
        for name in self.FIELDS:
            form.addRow(labels[name], self.edits[name])
        heading = QLabel(tr("CONSENT"))
        heading.setObjectName("sectionTitle")
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 10, 12, 10)
        column.addLayout(form)
        column.addWidget(self.facts)
        column.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addWidget(heading)
        column.addWidget(self.consent)
        column.addWidget(self.withdraw_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addStretch(1)
        self.setWidget(body)

    def load(self, detail: InterviewDetail) -> None:
        self.detail = detail
        for name, edit in self.edits.items():
            edit.setText(getattr(detail, name))
            edit.setCursorPosition(0)
        facts = [(tr("Interviewees"), detail.interviewees), (tr("Held on"), detail.held_on),
                 (tr("Place"), detail.place), (tr("Mode"), tr(detail.mode))]
        self.facts.setText("<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(v or '—')}"
                                       for k, v in facts))
        self.consent.setText(self._consent_html(detail))
        self.withdraw_button.setEnabled(bool(detail.consents))

    @staticmethod
    def _consent_html(detail: InterviewDetail) -> str:
        if not detail.consents:
            return tr("No consent recorded.")
        parts = []
        for consent in detail.consents:
            marks = []
            for scope in CONSENT_SCOPES:
                if scope in consent.effective:
                    marks.append(f"<span style='color:#2e6b3f'>✔ {tr(scope)}</span>")
                elif scope in consent.scopes:
                    marks.append(f"<span style='color:#a4262c'>✘ {tr(scope)} "
                                 f"({tr('withdrawn')})</span>")
                else:
                    marks.append(f"<span style='color:#8a8f98'>– {tr(scope)}</span>")
            who = html.escape(consent.person or tr("everyone interviewed"))
            given = ", ".join(html.escape(x) for x in (consent.given_how, consent.given_on,
                                                       consent.obtained_by) if x)
            text = f"<b>{who}</b>" + (f" <i>({given})</i>" if given else "")
            text += "<br>" + "<br>".join(marks)
            for w in consent.withdrawals:
                text += (f"<br><span style='color:#a4262c'>{tr('Withdrawn on')} "
                         f"{html.escape(w.withdrawn_on)}: {html.escape(', '.join(w.scopes))}"
                         f"{' — ' + html.escape(w.note) if w.note else ''}</span>")
            parts.append(text)
        return "<br><br>".join(parts)

    def _save(self) -> None:
        if self.detail is None:
            return
        changed = {name: edit.text().strip() for name, edit in self.edits.items()
                   if edit.text().strip() != getattr(self.detail, name)}
        if changed:
            self.save_requested.emit(changed)

    def _withdraw(self) -> None:
        if self.detail is not None and self.detail.consents:
            self.withdraw_requested.emit(self.detail.consents[0].id)

    def clear(self) -> None:
        self.detail = None
        for edit in self.edits.values():
            edit.clear()
        self.facts.clear()
        self.consent.clear()
