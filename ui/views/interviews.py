"""Interviews: the list (interviewee or pseudonym, date, language, consent), the notes of
the selected interview with its marked excerpts highlighted, and the excerpts beside it.
Select text and press “Link to event…” to mark a passage and link it to an event; click an
excerpt to see its passage, double-click it to open its event. Metadata and consent are in
the inspector."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import commands
from ui.interviews.excerpts import (
    EXCERPT_ROLE,
    fill_excerpt_list,
    from_utf16,
    highlights,
    utf16,
)
from ui.interviews.link_dialog import LinkDialog
from ui.interviews.panel import InterviewPanel
from ui.interviews.withdraw_dialog import WithdrawDialog
from ui.models.lazy import Column
from ui.models.rows import RowsModel
from ui.tasks import TaskRunner
from ui.views.registry import CaseView, register
from workbench.case import Case
from workbench.changes import Changes
from workbench.queries import events as eq
from workbench.queries import interviews as q

TABLES = ("interview", "interviewee", "consent_record", "consent_withdrawal", "excerpt",
          "excerpt_event", "event", "actor")
class InterviewsView(CaseView):
    OPENS = ("interview", "excerpt")

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("interviewsView")
        self.case: Case | None = None
        self._generation = 0
        self.detail: q.InterviewDetail | None = None
        self._want_interview: int | None = None
        self._want_excerpt: int | None = None
        self._loaded_once = False
        t = self.tr

        title = QLabel(t("Interviews"))
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
            Column(t("Interviewee"), lambda r: r.interviewees or r.title, lambda r: r.title),
            Column(t("Date"), lambda r: r.held_on),
            Column(t("Language"), lambda r: r.language),
            Column(t("Consent"), lambda r: r.consent, lambda r: r.consent),
        ], self)
        self.table = QTableView()
        self.table.setObjectName("interviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        hh = self.table.horizontalHeader()
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.setStretchLastSection(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((150, 85, 70)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.notes_title = QLabel()
        self.notes_title.setObjectName("notesTitle")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("interviewNotes")
        self.notes.setReadOnly(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.notes.selectionChanged.connect(self._selection_changed)
        self.notes.cursorPositionChanged.connect(self._cursor_moved)
        self.link_button = QPushButton(t("Link to event…"))
        self.link_button.setObjectName("linkToEvent")
        self.link_button.setEnabled(False)
        self.link_button.clicked.connect(self.link_selection)
        notes_bar = QHBoxLayout()
        notes_bar.addWidget(self.notes_title, 1)
        notes_bar.addWidget(self.link_button)
        notes_box = QWidget()
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(8, 8, 8, 8)
        notes_layout.addLayout(notes_bar)
        notes_layout.addWidget(self.notes, 1)

        self.excerpts = QListWidget()
        self.excerpts.setObjectName("excerptList")
        self.excerpts.setWordWrap(True)
        self.excerpts.setSpacing(2)
        self.excerpts.currentItemChanged.connect(self._excerpt_chosen)
        self.excerpts.itemActivated.connect(self._open_event_of)
        self.open_event_button = QPushButton(t("Open event"))
        self.open_event_button.clicked.connect(
            lambda: self._open_event_of(self.excerpts.currentItem()))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 8, 8, 8)
        excerpts_title = QLabel(t("MARKED EXCERPTS"))
        excerpts_title.setObjectName("sectionTitle")
        side_layout.addWidget(excerpts_title)
        side_layout.addWidget(self.excerpts, 1)
        side_layout.addWidget(self.open_event_button, 0, Qt.AlignmentFlag.AlignRight)

        self.panel = InterviewPanel()
        self.panel.save_requested.connect(self._save_metadata)
        self.panel.withdraw_requested.connect(self._withdraw)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(notes_box)
        split.addWidget(side)
        self.table.setMinimumWidth(250)
        side.setMinimumWidth(230)
        split.setSizes([330, 520, 260])
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(split, 1)

    # -- CaseView ----------------------------------------------------------------------

    def show_case(self, case: Case) -> None:
        self.case = case
        self.reload()

    def clear(self) -> None:
        self._generation += 1
        self.case = self.detail = None
        self.model.clear()
        self.notes.clear()
        self.notes_title.clear()
        self.excerpts.clear()
        self.count.clear()
        self.panel.clear()
        self.show_inspector(None)

    def apply_changes(self, changes: Changes, source: object) -> None:
        if self.case is None or not changes.touches(*TABLES):
            return
        if changes.touches("interview", "interviewee", "consent_record", "consent_withdrawal",
                           "actor"):
            self.reload()
        elif self.detail is not None:
            self._load_detail(self.detail.id)

    def open_item(self, kind: str, ref: int) -> None:
        if kind == "interview":
            self.select_interview(ref)
            return
        case = self.case
        if kind != "excerpt" or case is None:
            return

        def load() -> int | None:
            with case.read() as session:
                return q.interview_of_excerpt(session, ref)

        def done(interview_id: int | None) -> None:
            if interview_id is None:
                return
            self._want_excerpt = ref
            if self.detail is not None and self.detail.id == interview_id:
                self._select_excerpt(ref)
            else:
                self.select_interview(interview_id)

        self.runner.run_op(load, on_done=done, parent=self)

    # -- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        case = self.case
        if case is None:
            return
        self._generation += 1
        generation = self._generation

        def load() -> list[q.InterviewRow]:
            with case.read() as session:
                return q.interview_rows(session)

        self.runner.run_op(load, on_done=lambda rows: self._rows(generation, rows), parent=self)

    def _rows(self, generation: int, rows: list[q.InterviewRow]) -> None:
        if generation != self._generation:
            return
        keep = self._want_interview or (self.detail.id if self.detail else None)
        self.model.set_rows(rows)
        self.count.setText(self.tr("%1 interviews").replace("%1", str(len(rows))))
        if keep is not None and self.model.row_of(keep) >= 0:
            self.select_interview(keep)
        elif rows:
            self.table.selectRow(0)
        else:
            self._mark_loaded()

    def select_interview(self, interview_id: int) -> None:
        row = self.model.row_of(interview_id)
        if row < 0:
            self._want_interview = interview_id
            return
        self._want_interview = None
        if self.detail is not None and self.detail.id == interview_id and \
                self.table.currentIndex().row() == row:
            self._load_detail(interview_id)
            return
        self.table.selectRow(row)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_value(current.row()) if current.isValid() else None
        if row is not None:
            self._load_detail(row.id)

    def _load_detail(self, interview_id: int) -> None:
        case = self.case
        if case is None:
            return
        generation = self._generation

        def load() -> q.InterviewDetail | None:
            with case.read() as session:
                return q.interview_detail(session, interview_id)

        self.runner.run_op(load, on_done=lambda d: self._show_detail(generation, d),
                           parent=self)

    def _show_detail(self, generation: int, detail: q.InterviewDetail | None) -> None:
        if self.case is None or generation != self._generation or detail is None:
            return
        same = self.detail is not None and self.detail.id == detail.id
        scroll = self.notes.verticalScrollBar().value()
        self.detail = detail
        self.notes_title.setText(f"<b>{detail.title}</b>")
        self.notes.setPlainText(detail.notes_text)
        if same:
            self.notes.verticalScrollBar().setValue(scroll)
        self._highlight()
        self._list_excerpts()
        self.panel.load(detail)
        self.show_inspector(self.panel, self.tr("Interview"))
        if self._want_excerpt is not None:
            self._select_excerpt(self._want_excerpt)
            self._want_excerpt = None
        self._mark_loaded()

    def _mark_loaded(self) -> None:
        if not self._loaded_once:
            self._loaded_once = True
            self.loaded.emit()

    # -- excerpts ------------------------------------------------------------------------

    def _highlight(self) -> None:
        assert self.detail is not None
        self.notes.setExtraSelections(highlights(self.notes, self.detail))

    def _list_excerpts(self) -> None:
        assert self.detail is not None
        fill_excerpt_list(self.excerpts, self.detail, self.tr)

    def _excerpt(self, excerpt_id: int) -> q.ExcerptItem | None:
        if self.detail is None:
            return None
        return next((x for x in self.detail.excerpts if x.id == excerpt_id), None)

    def _select_excerpt(self, excerpt_id: int) -> None:
        for row in range(self.excerpts.count()):
            if self.excerpts.item(row).data(EXCERPT_ROLE) == excerpt_id:
                self.excerpts.setCurrentRow(row)
                return

    def _excerpt_chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        excerpt = self._excerpt(item.data(EXCERPT_ROLE)) if item else None
        if excerpt is None or self.detail is None:
            return
        text = self.detail.notes_text
        cursor = self.notes.textCursor()
        cursor.setPosition(utf16(text, excerpt.start))
        cursor.setPosition(utf16(text, excerpt.end), QTextCursor.MoveMode.KeepAnchor)
        self.notes.blockSignals(True)
        self.notes.setTextCursor(cursor)
        self.notes.blockSignals(False)
        self.notes.ensureCursorVisible()
        self.link_button.setEnabled(True)

    def _cursor_moved(self) -> None:
        """A click inside a highlighted passage selects its excerpt in the list."""
        if self.detail is None or self.notes.textCursor().hasSelection():
            return
        at = from_utf16(self.detail.notes_text, self.notes.textCursor().position())
        for excerpt in self.detail.excerpts:
            if excerpt.start <= at < excerpt.end:
                self.excerpts.blockSignals(True)
                self._select_excerpt(excerpt.id)
                self.excerpts.blockSignals(False)
                return

    def _open_event_of(self, item: QListWidgetItem | None) -> None:
        excerpt = self._excerpt(item.data(EXCERPT_ROLE)) if item else None
        if excerpt is not None and excerpt.links:
            self.open_requested.emit("event", excerpt.links[0].event_id)

    def _selection_changed(self) -> None:
        self.link_button.setEnabled(self.notes.textCursor().hasSelection())

    def selected_span(self) -> tuple[int, int] | None:
        cursor = self.notes.textCursor()
        if self.detail is None or not cursor.hasSelection():
            return None
        text = self.detail.notes_text
        start = from_utf16(text, cursor.selectionStart())
        end = from_utf16(text, cursor.selectionEnd())
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def link_selection(self) -> None:
        span = self.selected_span()
        if span is None or self.detail is None or self.undo_stack is None:
            return
        start, end = span
        dialog = LinkDialog(self.detail.notes_text[start:end], self._find_events, self)
        dialog.accepted.connect(lambda: self._link(dialog, start, end))
        dialog.open()

    def _find_events(self, text: str, deliver: Callable[[list], None]) -> None:
        case = self.case
        if case is None:
            return

        def load() -> list[tuple[int, str, str]]:
            with case.read() as session:
                return eq.find_events(session, text)

        self.runner.run_op(load, on_done=deliver, parent=self)

    def _link(self, dialog: LinkDialog, start: int, end: int) -> None:
        if self.detail is None or self.undo_stack is None:
            return
        event_id, title, stance = dialog.choice()
        same = next((x.id for x in self.detail.excerpts if (x.start, x.end) == (start, end)),
                    None)
        command = commands.MarkExcerpt(self.detail.id, start, end, stance, event_id=event_id,
                                       new_event_title=title, excerpt_id=same)
        self.undo_stack.perform(command, source=self)

    # -- metadata and consent ----------------------------------------------------------

    def _save_metadata(self, changed: dict) -> None:
        if self.detail is None or self.undo_stack is None:
            return
        before = {k: getattr(self.detail, k) for k in changed}
        self.undo_stack.perform(commands.edit_interview(self.detail.id, self.detail.title,
                                                        before, changed), source=self)

    def _withdraw(self, consent_id: int) -> None:
        consent = next((c for c in self.detail.consents if c.id == consent_id), None) \
            if self.detail else None
        if consent is None or self.undo_stack is None:
            return
        dialog = WithdrawDialog(consent.effective, self)

        def record() -> None:
            when, scopes, note = dialog.values()
            if self.undo_stack is not None:
                self.undo_stack.perform(commands.withdraw_consent(consent_id, when, scopes,
                                                                  note), source=self)

        dialog.accepted.connect(record)
        dialog.open()

    def edit_selected(self) -> None:
        if self.detail is not None:
            self.show_inspector(self.panel, self.tr("Interview"))
            self.panel.edits["title"].setFocus()


register("interviews", "Interviews", InterviewsView)
