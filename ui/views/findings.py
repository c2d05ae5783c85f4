"""Findings and allegations: the right of reply side by side (allegation, response,
what bears on it), the findings editor, and the corroboration matrix."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from db.models import Finding
from ui.tasks import TaskRunner
from ui.views.corroboration import MatrixModel
from ui.views.finding_editor import FindingEditor
from ui.views.registry import CaseView, register
from ui.views.viewkit import VIEW_STYLE, header, number, section, show_date, tr, write
from workbench.case import Case
from workbench.changes import Changes
from workbench.queries import findings_queries as fq
from workbench.services import common
from workbench.services import findings as findings_service

ID_ROLE = Qt.ItemDataRole.UserRole
ASSESSMENT_COLOURS = {"established": "#1e6b34", "reasonable grounds to believe": "#1f4e79",
                      "not substantiated": "#8a5a00", "inconclusive": "#5b6573"}


def _panel(title: str, browser: QTextBrowser) -> QWidget:
    w = QWidget()
    box = QVBoxLayout(w)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(section(title))
    box.addWidget(browser, 1)
    return w


class FindingsView(CaseView):
    OPENS = ("finding", "allegation")

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("findingsView")
        self.setStyleSheet(VIEW_STYLE)
        self.case: Case | None = None
        self._generation = 0
        self.allegation_rows: list[fq.AllegationRow] = []
        self.finding_rows: list[fq.FindingDetail] = []
        self.subtitle = QLabel()

        # Allegations: list, then allegation | response | bearing side by side
        self.allegation_list = QListWidget()
        self.allegation_list.setObjectName("allegations")
        self.allegation_list.setWordWrap(True)
        self.allegation_list.setSpacing(3)
        self.allegation_list.currentRowChanged.connect(self._show_allegation)
        self.allegation_text, self.response_text, self.bearing_text = (
            QTextBrowser() for _ in range(3))
        self.response_text.setObjectName("responseText")
        sides = QSplitter()
        sides.addWidget(_panel("Allegation", self.allegation_text))
        sides.addWidget(_panel("Response", self.response_text))
        sides.addWidget(_panel("What bears on it", self.bearing_text))
        allegations = QSplitter(Qt.Orientation.Vertical)
        allegations.addWidget(self.allegation_list)
        allegations.addWidget(sides)
        allegations.setSizes([160, 440])

        # Findings: list | editor, and the matrix below
        self.finding_list = QListWidget()
        self.finding_list.setObjectName("findings")
        self.finding_list.setWordWrap(True)
        self.finding_list.setSpacing(3)
        self.finding_list.currentRowChanged.connect(self._show_finding)
        self.editor = FindingEditor()
        self.editor.saved.connect(self.save_finding)
        self.editor.standard_added.connect(self.add_standard)
        self.matrix_for = QComboBox()
        self.matrix_for.setObjectName("matrixFor")
        self.matrix_for.setMinimumWidth(220)
        self.matrix_for.currentIndexChanged.connect(self.load_matrix)
        self.matrix_model = MatrixModel(self)
        self.matrix = QTableView()
        self.matrix.setObjectName("corroborationMatrix")
        self.matrix.setModel(self.matrix_model)
        self.matrix.verticalHeader().hide()
        self.matrix.setWordWrap(False)
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.matrix.horizontalHeader().setDefaultSectionSize(190)
        self.matrix.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                           | Qt.AlignmentFlag.AlignVCenter)
        legend = QLabel(tr("✔ supports   ✖ contradicts   ◆ adds context"))
        legend.setObjectName("viewSubtitle")
        matrix_head = QHBoxLayout()
        matrix_head.addWidget(section("Corroboration matrix"))
        matrix_head.addStretch(1)
        matrix_head.addWidget(legend)
        matrix_head.addWidget(self.matrix_for)
        matrix_box = QWidget()
        mbox = QVBoxLayout(matrix_box)
        mbox.setContentsMargins(0, 0, 0, 0)
        mbox.addLayout(matrix_head)
        mbox.addWidget(self.matrix, 1)
        # The editor of the selected finding goes to the window's inspector dock (kept
        # here, hidden, until the window takes it).
        self.editor.setParent(self)
        self.editor.hide()
        findings = QSplitter(Qt.Orientation.Vertical)
        findings.addWidget(self.finding_list)
        findings.addWidget(matrix_box)
        findings.setSizes([230, 400])

        self.tabs = QTabWidget()
        self.tabs.setObjectName("findingsTabs")
        self.tabs.addTab(findings, tr("Findings"))
        self.tabs.addTab(allegations, tr("Allegations and responses"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header("Findings and allegations", self.subtitle))
        body = QVBoxLayout()
        body.setContentsMargins(16, 10, 16, 12)
        body.addWidget(self.tabs, 1)
        layout.addLayout(body, 1)

    # -- CaseView ------------------------------------------------------------------------

    def show_case(self, case: Case) -> None:
        self.case = case
        self.reload()

    def clear(self) -> None:
        self._generation += 1
        self.case = None
        self.allegation_rows, self.finding_rows = [], []
        for w in (self.allegation_list, self.finding_list):
            w.clear()
        for b in (self.allegation_text, self.response_text, self.bearing_text):
            b.clear()
        self.editor.set_choices({})
        self.editor.show_finding(None)
        self.matrix_model.clear()
        self.matrix_for.clear()
        self.subtitle.clear()

    def apply_changes(self, changes: Changes, source: object) -> None:
        if changes.touches("finding", "finding_event", "finding_excerpt", "finding_evidence",
                           "finding_standard", "standard", "allegation", "response",
                           "excerpt", "excerpt_event", "evidence_event", "event", "evidence"):
            self.reload()

    def open_item(self, kind: str, ref: int) -> None:
        lst = self.finding_list if kind == "finding" else self.allegation_list
        ids = [r.id for r in (self.finding_rows if kind == "finding"
                              else self.allegation_rows)]
        for i, ident in enumerate(ids):
            if ident == ref:
                self.tabs.setCurrentIndex(0 if kind == "finding" else 1)
                lst.setCurrentRow(i)

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        case = self.case
        if case is None:
            return
        self._generation += 1
        generation = self._generation
        keep = self.finding_list.currentRow()

        def load() -> tuple[list[fq.AllegationRow], list[fq.FindingDetail],
                            dict[str, list[fq.Choice]], fq.Matrix | None]:
            found = fq.findings(case)
            wanted = found[min(max(keep, 0), len(found) - 1)].id if found else None
            matrix = fq.corroboration(case, finding_id=wanted) if wanted else None
            return fq.allegations(case), found, fq.choices(case), matrix

        self.runner.run_op(load, on_done=lambda out: self._show(out, keep, generation),
                           parent=self)

    def _show(self, out: tuple[list[fq.AllegationRow], list[fq.FindingDetail],
                               dict[str, list[fq.Choice]], fq.Matrix | None],
              keep: int, generation: int) -> None:
        if generation != self._generation:
            return
        self.allegation_rows, self.finding_rows, choices, matrix = out
        self.subtitle.setText(tr("%1 findings, %2 allegations put to the parties, %3 "
                                 "responses received.")
                              .replace("%1", number(len(self.finding_rows)))
                              .replace("%2", number(len(self.allegation_rows)))
                              .replace("%3", number(sum(len(a.responses) for a in
                                                        self.allegation_rows))))
        self.editor.set_choices(choices)
        self.finding_list.blockSignals(True)
        self.finding_list.clear()
        for f in self.finding_rows:
            item = QListWidgetItem(f"{f.title}\n{tr(f.assessment)} · "
                                   f"{len(f.events) + len(f.excerpts) + len(f.evidence)} "
                                   f"{tr('sources')}")
            item.setForeground(Qt.GlobalColor.black)
            item.setData(ID_ROLE, f.id)
            item.setToolTip(f.statement)
            self.finding_list.addItem(item)
        self.finding_list.blockSignals(False)
        self.allegation_list.clear()
        for a in self.allegation_rows:
            state = tr("answered") if a.responses else tr("no response yet")
            self.allegation_list.addItem(f"{a.title}  —  {a.party} ({state})")
        if self.allegation_rows:
            self.allegation_list.setCurrentRow(0)
        if self.finding_rows:
            row = min(max(keep, 0), len(self.finding_rows) - 1)
            self.finding_list.setCurrentRow(row)
            self._show_finding(row, matrix)
        self.loaded.emit()

    def _show_finding(self, row: int, matrix: fq.Matrix | None = None) -> None:
        f = self.finding_rows[row] if 0 <= row < len(self.finding_rows) else None
        self.editor.show_finding(f)
        if f is not None:
            self.show_inspector(self.editor, f.title)
        self.matrix_for.blockSignals(True)
        self.matrix_for.clear()
        if f is not None:
            self.matrix_for.addItem(tr("This finding and its events"), ("finding", f.id))
            for e in f.events:
                self.matrix_for.addItem(f"{tr('Event')}: {e.label}", ("event", e.id))
        self.matrix_for.blockSignals(False)
        if matrix is not None:
            self.matrix_model.set_matrix(matrix)
        else:
            self.load_matrix()

    def load_matrix(self, *_args: object) -> None:
        case, target = self.case, self.matrix_for.currentData()
        if case is None or not target:
            self.matrix_model.clear()
            return
        kind, ident = target
        generation = self._generation
        self.runner.run_op(
            lambda: fq.corroboration(case, finding_id=ident if kind == "finding" else None,
                                     event_id=ident if kind == "event" else None),
            on_done=lambda m: self._matrix_ready(m, generation),
            parent=self)

    def _matrix_ready(self, matrix: fq.Matrix, generation: int) -> None:
        if generation != self._generation:
            return
        self.matrix_model.set_matrix(matrix)
        self.matrix_shown()

    def matrix_shown(self) -> None:
        """A new matrix is on screen (tests wait for this through a signal spy)."""

    def _show_allegation(self, row: int) -> None:
        if not 0 <= row < len(self.allegation_rows):
            return
        a = self.allegation_rows[row]
        esc = html.escape
        self.allegation_text.setHtml(
            f"<h3>{esc(a.title)}</h3><p><b>{esc(tr('Put to'))}:</b> {esc(a.party)}<br>"
            f"<b>{esc(tr('Put on'))}:</b> {esc(show_date(a.put_on))} · "
            f"<b>{esc(tr('Response due'))}:</b> {esc(show_date(a.response_due))}</p>"
            f"<p>{esc(a.text)}</p>")
        if a.responses:
            parts = [f"<p><b>{esc(tr('Received'))} {esc(show_date(r.received_on))}</b>"
                     + (f" — {esc(r.letter_label)}" if r.letter_label else "")
                     + f"</p><p>{esc(r.summary)}</p>" for r in a.responses]
            self.response_text.setHtml("".join(parts))
        else:
            self.response_text.setHtml(f"<p><i>{esc(tr('No response received.'))}</i></p>")
        bearing = []
        for r in a.responses:
            if r.letter_label:
                bearing.append(f"<p><b>{esc(tr('Evidence'))}:</b> {esc(r.letter_label)}</p>")
            bearing += [f"<blockquote>“{esc(q)}”</blockquote>" for q in r.letter_excerpts]
        related = [f for f in self.finding_rows
                   if any(w in f.title.casefold() for w in _keywords(a.title))]
        for f in related:
            bearing.append(f"<p><b>{esc(tr('Finding'))}:</b> {esc(f.title)} "
                           f"({esc(tr(f.assessment))})</p>")
            bearing += [f"<p>· {esc(x.label)}</p>" for x in f.excerpts[:4]]
            bearing += [f"<p>· {esc(v.label)}</p>" for v in f.evidence[:4]]
        self.bearing_text.setHtml("".join(bearing) or
                                  f"<p><i>{esc(tr('Nothing linked yet.'))}</i></p>")

    # -- edits ---------------------------------------------------------------------------

    def save_finding(self, fields: dict[str, Any]) -> None:
        ident, case = self.editor.finding_id, self.case
        old = next((f for f in self.finding_rows if f.id == ident), None)
        if ident is None or case is None or old is None:
            return
        before: dict[str, Any] = {"title": old.title, "statement": old.statement,
                  "assessment": old.assessment, "event_ids": [c.id for c in old.events],
                  "excerpt_ids": [c.id for c in old.excerpts],
                  "evidence_ids": [c.id for c in old.evidence], "standards": old.standards}
        write(self, case, tr("Edit finding"),
              lambda c: findings_service.edit_finding(c, ident, **fields),
              lambda c: findings_service.edit_finding(c, ident, **before),
              lambda _ch: self.reload())

    def add_standard(self, code: str, framework: str, title: str) -> None:
        if self.case is None or not code:
            return
        write(self, self.case, tr("Add standard"),
              lambda c: findings_service.add_standard(c, code, framework or "other", title),
              None, lambda _ch: self.reload())

    def delete_finding(self, ident: int) -> None:  # used by Edit > Delete in a later step
        if self.case is not None:
            write(self, self.case, tr("Delete finding"),
                  lambda c: common.delete(c, Finding, ident, "delete finding"), None,
                  lambda _ch: self.reload())


def _keywords(title: str) -> set[str]:
    words = {w.strip(".,;:()").casefold() for w in title.split()}
    return {w for w in words if len(w) > 6}


register("findings", "Findings", FindingsView)
