"""The evidence view: a filtered gallery (or a list for documents) beside the viewer of
the selected item; redaction edits, verification and flags are audited writes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.models.evidence import EVIDENCE_KINDS, VERIFICATION_STATUSES
from ui.tasks import TaskRunner
from ui.views.evidence_edits import EvidenceEdits
from ui.views.evidence_model import THUMB, EvidenceModel, decode_thumbnails
from ui.views.evidence_viewer import EvidenceViewer, decode_upright
from ui.views.registry import CaseView, register
from ui.views.viewkit import VIEW_STYLE, fill_combo, header, number, tr
from workbench.case import Case
from workbench.changes import Changes
from workbench.queries import evidence_queries as eq

FIRST_THUMBS = 60
FirstScreen = tuple[list[eq.EvidenceRow], eq.EvidenceDetail | None, QImage | None,
                    QImage | None, dict[int, tuple[QImage, QImage]]]


class EvidenceView(EvidenceEdits, CaseView):
    OPENS = ("evidence",)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("evidenceView")
        self.setStyleSheet(VIEW_STYLE)
        self.case: Case | None = None
        self._generation = 0
        self._want: int | None = None
        self.model = EvidenceModel(runner, self)

        self.subtitle = QLabel()
        self.kind = QComboBox()
        fill_combo(self.kind, list(EVIDENCE_KINDS), any_label="Any kind")
        self.status = QComboBox()
        fill_combo(self.status, list(VERIFICATION_STATUSES), any_label="Any status")
        self.linked = QComboBox()
        for text, value in (("Linked or not", None), ("Linked", True), ("Not linked", False)):
            self.linked.addItem(tr(text), value)
        self.gps = QComboBox()
        for text, value in (("GPS or not", None), ("Has GPS", True), ("No GPS", False)):
            self.gps.addItem(tr(text), value)
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        self.date_from.setPlaceholderText(tr("From date"))
        self.date_to.setPlaceholderText(tr("To date"))
        for w in (self.date_from, self.date_to):
            w.setToolTip(tr("YYYY, YYYY-MM or YYYY-MM-DD"))
            w.setFixedWidth(100)
            w.editingFinished.connect(self.reload)
        for combo in (self.kind, self.status, self.linked, self.gps):
            combo.currentIndexChanged.connect(self.reload)
        self.mode = QPushButton(tr("List"))
        self.mode.setCheckable(True)
        self.mode.toggled.connect(self._set_list_mode)
        self.verify_button = QPushButton(tr("Verify hashes"))
        self.verify_button.setObjectName("verifyHashes")
        self.verify_button.clicked.connect(self.verify_hashes)
        filters = QHBoxLayout()
        filters.setContentsMargins(16, 8, 16, 4)
        for combo in (self.kind, self.status, self.linked, self.gps):
            filters.addWidget(combo)
        for edit in (self.date_from, self.date_to):
            filters.addWidget(edit)
        filters.addStretch(1)
        self.result = QLabel()
        self.result.setObjectName("okBanner")
        self.result.hide()

        self.gallery = QListView()
        self.gallery.setObjectName("evidenceGallery")
        self.gallery.setViewMode(QListView.ViewMode.IconMode)
        self.gallery.setResizeMode(QListView.ResizeMode.Adjust)
        self.gallery.setMovement(QListView.Movement.Static)
        self.gallery.setUniformItemSizes(True)  # the view asks only for what it paints
        self.gallery.setIconSize(THUMB)
        self.gallery.setGridSize(QSize(THUMB.width() + 14, THUMB.height() + 42))
        self.gallery.setWordWrap(True)
        self.gallery.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.gallery.setSpacing(4)
        self.gallery.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.gallery.setModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("evidenceList")
        self.table.setModel(self.model)
        self.table.setSelectionModel(self.gallery.selectionModel())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setIconSize(QSize(36, 26))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.browser = QStackedWidget()
        self.browser.addWidget(self.gallery)
        self.browser.addWidget(self.table)
        self.gallery.selectionModel().currentChanged.connect(self._current_changed)
        self.gallery.clicked.connect(self.model.reveal)

        self.viewer = EvidenceViewer()
        self.viewer.canvas.region_drawn.connect(self.add_region)
        self.viewer.canvas.region_moved.connect(self.move_region)
        self.viewer.canvas.region_deleted.connect(self.delete_region)
        self.viewer.verification_saved.connect(self.save_verification)
        self.viewer.flags_saved.connect(self.save_flags)
        self.viewer.excerpt_marked.connect(self.mark_excerpt)
        self.viewer.link_requested.connect(self.link_to_event)
        split = QSplitter()
        split.addWidget(self.browser)
        split.addWidget(self.viewer)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self._split = split

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header("Evidence", self.subtitle, [self.mode, self.verify_button]))
        layout.addLayout(filters)
        layout.addWidget(self.result)
        body = QVBoxLayout()
        body.setContentsMargins(16, 4, 16, 12)
        body.addWidget(split, 1)
        layout.addLayout(body, 1)

    # -- CaseView --------------------------------------------------------------------------

    def show_case(self, case: Case) -> None:
        """The first screen in one background step: rows, the first photo, its details,
        its publication preview and the first thumbnails (one round trip, one paint)."""
        self.case = case
        self._generation += 1
        generation = self._generation
        flt = self.current_filter()

        def first_screen() -> FirstScreen:
            rows = eq.list_evidence(case, flt)
            first = next((r for r in rows if r.kind == "photo" and not r.graphic),
                         rows[0] if rows else None)
            if first is None:
                return rows, None, None, None, {}
            detail = eq.detail(case, first.id)
            image = preview = None
            if first.kind == "photo":
                image = decode_upright(eq.original(case, first.id))
                preview = QImage.fromData(eq.publication_preview(case, first.id))
            ids = [r.id for r in rows[:FIRST_THUMBS] if r.kind == "photo"]
            graphic = {r.id for r in rows[:FIRST_THUMBS] if r.graphic}
            thumbs = decode_thumbnails(eq.thumbnails(case, ids), graphic)
            return rows, detail, image, preview, thumbs

        self.runner.run_op(first_screen,
                           on_done=lambda out: self._first_screen(case, out, generation),
                           parent=self)
        self.runner.run_op(lambda: eq.event_choices(case),
                           on_done=lambda events: self._events_ready(events, generation),
                           parent=self)

    def _events_ready(self, events: list[tuple[int, str]], generation: int) -> None:
        if generation == self._generation:
            self.viewer.set_events(events)

    def _first_screen(self, case: Case, out: FirstScreen, generation: int) -> None:
        rows, detail, image, preview, thumbs = out
        if generation != self._generation:
            return
        self.model.set_rows(case, rows)
        self.model.add_thumbnails(thumbs)
        total = sum(self._split.sizes())
        self._split.setSizes([int(total * 0.52), total - int(total * 0.52)])
        self._show_count(rows)
        if detail is not None:
            self.gallery.selectionModel().blockSignals(True)
            self.gallery.setCurrentIndex(self.model.index_of(detail.row.id))
            self.gallery.selectionModel().blockSignals(False)
            self.viewer.show_detail(detail)
            self._inspect(detail)
            if image is not None:
                self.viewer.canvas.set_image(image)
            if preview is not None:
                self.viewer.preview.set_image(preview)
        self.loaded.emit()

    def clear(self) -> None:
        self._generation += 1
        self.case = None
        self.model.clear()
        self.viewer.clear()
        self.subtitle.clear()
        self.result.clear()

    def apply_changes(self, changes: Changes, source: object) -> None:
        if source is self:  # our own edit: _after_edit refreshes just what it changed
            return
        if changes.touches("evidence", "redaction_region", "evidence_event",
                           "finding_evidence", "custody_entry", "excerpt"):
            self.reload(keep=True)

    def open_item(self, kind: str, ref: int) -> None:
        self._want = ref
        self._select_wanted()

    # -- loading -------------------------------------------------------------------------------

    def current_filter(self) -> eq.EvidenceFilter:
        return eq.EvidenceFilter(kind=self.kind.currentData() or "",
                                 status=self.status.currentData() or "",
                                 linked=self.linked.currentData(),
                                 date_from=self.date_from.text().strip(),
                                 date_to=self.date_to.text().strip(),
                                 has_gps=self.gps.currentData())

    def reload(self, *_args: object, keep: bool = False) -> None:
        case = self.case
        if case is None:
            return
        self._generation += 1
        generation = self._generation
        current = self.current_id()
        if keep and current is not None and self._want is None:
            self._want = current
        flt = self.current_filter()
        self.runner.run_op(lambda: eq.list_evidence(case, flt),
                           on_done=lambda rows: self._show_rows(case, rows, generation),
                           parent=self)

    def _show_rows(self, case: Case, rows: list[eq.EvidenceRow], generation: int) -> None:
        if generation != self._generation:
            return
        self.model.set_rows(case, rows)
        self._show_count(rows)
        if not self._select_wanted() and rows and self.current_id() is None:
            first = next((i for i, r in enumerate(rows) if r.kind == "photo" and
                          not r.graphic), 0)
            self.gallery.setCurrentIndex(self.model.index(first, 0))
        if not rows:
            self.viewer.clear()
            self.loaded.emit()

    def _show_count(self, rows: list[eq.EvidenceRow]) -> None:
        photos = sum(1 for r in rows if r.kind == "photo")
        self.subtitle.setText(tr("%1 items shown (%2 photos). Graphic content stays blurred "
                                 "until clicked.").replace("%1", number(len(rows)))
                              .replace("%2", number(photos)))

    def _select_wanted(self) -> bool:
        if self._want is None:
            return False
        index = self.model.index_of(self._want)
        if not index.isValid():
            return False
        self._want = None
        self.gallery.setCurrentIndex(index)
        self.gallery.scrollTo(index)
        self._current_changed(index)
        return True

    def current_id(self) -> int | None:
        row = self.model.row_at(self.gallery.currentIndex())
        return row.id if row is not None else None

    def _current_changed(self, index: QModelIndex, _previous: object = None) -> None:
        row = self.model.row_at(index)
        case = self.case
        if row is None or case is None:
            return
        generation = self._generation
        self.runner.run_op(lambda: eq.detail(case, row.id),
                           on_done=lambda d: self._show_detail(d, generation), parent=self)
        shown = self.viewer.detail.row.id if self.viewer.detail else None
        if row.kind == "photo" and (row.id != shown or self.viewer.canvas.image().isNull()):
            self.viewer.canvas.clear()
            self.runner.run_op(lambda: decode_upright(eq.original(case, row.id)),
                               on_done=lambda img: self._show_image(row.id, img, generation),
                               pool="db")
            self.refresh_preview()

    def _show_detail(self, detail: eq.EvidenceDetail, generation: int) -> None:
        if generation != self._generation:
            return
        self.viewer.show_detail(detail)
        self._inspect(detail)
        self.loaded.emit()

    def _inspect(self, detail: eq.EvidenceDetail) -> None:
        self.show_inspector(self.viewer.details, f"{detail.row.number} {detail.row.title}")

    def _show_image(self, ident: int, image: QImage, generation: int) -> None:
        if generation == self._generation and ident == self.current_id():
            self.viewer.canvas.set_image(image)

    def refresh_preview(self) -> None:
        """Ask the core for the photo as the publication export renders it."""
        ident, case = self.current_id(), self.case
        if ident is None or case is None:
            return
        generation = self._generation
        self.runner.run_op(lambda: QImage.fromData(eq.publication_preview(case, ident)),
                           on_done=lambda img: self._show_preview(ident, img, generation),
                           on_failed=lambda _e: None)

    def _show_preview(self, ident: int, image: QImage, generation: int) -> None:
        if generation == self._generation and ident == self.current_id():
            self.viewer.preview.set_image(image)
            self.preview_ready(ident)

    def preview_ready(self, ident: int) -> None:
        """Hook for tests (overridden nowhere): the preview of ``ident`` is on screen."""

    def _set_list_mode(self, on: bool) -> None:
        self.browser.setCurrentIndex(1 if on else 0)
        self.mode.setText(tr("Gallery") if on else tr("List"))
        if on and not self.kind.currentData():
            self.kind.setCurrentIndex(max(0, self.kind.findData("document")))


register("evidence", "Evidence", EvidenceView)
