"""One evidence item: the photo (zoom, pan, redaction tool), the publication preview, its
metadata, verification and flags, links, custody log, and a document's searchable text
with excerpt marking."""

from __future__ import annotations

import io

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.models.evidence import VERIFICATION_STATUSES
from db.models.interviews import STANCES
from ui.views.redaction_canvas import CanvasRegion, ImageCanvas
from ui.views.viewkit import number, section, show_date, tr
from workbench.queries import evidence_queries as eq


def decode_upright(data: bytes) -> QImage:
    """The original as the core orients it (EXIF orientation applied). Off the UI thread,
    with Pillow (which lets go of the interpreter while it decodes) and no QObject: a
    QBuffer and QImageReader made on the worker took Qt's locks while holding the
    interpreter and deadlocked against the UI thread connecting a signal (the canary sweep,
    evidence decoded while the search view was being built)."""
    from PIL import Image, ImageOps

    from workbench.importers import photos  # noqa: F401  (registers the HEIF opener)

    try:
        with Image.open(io.BytesIO(data)) as img:
            upright = (ImageOps.exif_transpose(img) or img).convert("RGBA")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return QImage()  # shown as "cannot be displayed", as a null image was before
    return QImage(upright.tobytes(), upright.width, upright.height, upright.width * 4,
                  QImage.Format.Format_RGBA8888).copy()


class EvidenceViewer(QTabWidget):
    """Shows what the evidence view hands it; edits go out as signals (the view writes)."""

    verification_saved = Signal(str, str)  # status, notes
    flags_saved = Signal(bool, bool, str)  # publishable, graphic, caption
    excerpt_marked = Signal(int, int)  # start, end in the extracted text
    link_requested = Signal(int, str)  # event id, stance

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceViewer")
        self.detail: eq.EvidenceDetail | None = None

        # Photo with the redaction tool
        self.canvas = ImageCanvas()
        self.canvas.placeholder = tr("Select an item")
        self.redact_button = QPushButton(tr("Redact"))
        self.redact_button.setObjectName("redactTool")
        self.redact_button.setCheckable(True)
        self.redact_button.toggled.connect(self._set_editing)
        self.style_fill = QRadioButton(tr("Fill"))
        self.style_blur = QRadioButton(tr("Blur"))
        self.style_fill.setToolTip(tr("Solid fill"))
        self.style_fill.setChecked(True)
        styles = QButtonGroup(self)
        styles.addButton(self.style_fill)
        styles.addButton(self.style_blur)
        self.delete_region_button = QPushButton(tr("Delete"))
        self.delete_region_button.setToolTip(tr("Delete region"))
        self.delete_region_button.setEnabled(False)
        self.delete_region_button.clicked.connect(
            lambda: self.canvas.region_deleted.emit(self.canvas.selected))
        self.canvas.selection_changed.connect(
            lambda ident: self.delete_region_button.setEnabled(bool(ident)))
        tools = QHBoxLayout()
        for w in (self.redact_button, self.style_fill, self.style_blur,
                  self.delete_region_button):
            tools.addWidget(w)
        tools.addStretch(1)
        self.canvas.setToolTip(tr("Wheel or + and − to zoom, drag to pan, 0 to fit"))
        self.redaction_hint = QLabel(tr("Regions are stored on the item; the original is "
                                        "never altered. Drag to draw, drag a region to move "
                                        "it, Delete removes the selected one."))
        self.redaction_hint.setWordWrap(True)
        self.redaction_hint.setObjectName("viewSubtitle")
        photo = QWidget()
        box = QVBoxLayout(photo)
        box.addLayout(tools)
        box.addWidget(self.canvas, 1)
        box.addWidget(self.redaction_hint)
        self.redaction_hint.hide()
        self.redact_button.setToolTip(self.redaction_hint.text())
        self.redact_button.toggled.connect(self.redaction_hint.setVisible)
        self.addTab(photo, tr("Photo"))

        # Publication preview: the core's own rendering
        self.preview = ImageCanvas()
        self.preview.setObjectName("publicationPreview")
        self.preview.placeholder = tr("Rendering the publication preview…")
        self.preview_note = QLabel(tr("Exactly as a publication export renders it: "
                                      "redactions burned in, no metadata."))
        self.preview_note.setObjectName("viewSubtitle")
        self.preview_note.setWordWrap(True)
        preview = QWidget()
        pbox = QVBoxLayout(preview)
        pbox.addWidget(self.preview, 1)
        pbox.addWidget(self.preview_note)
        self.addTab(preview, tr("Publication preview"))

        self.addTab(self._text_tab(), tr("Text"))
        # The details (metadata, flags, verification, links, custody) go to the window's
        # inspector dock; until then they belong to this viewer (hidden).
        self.details = self._details_tab()
        self.details.setObjectName("evidenceDetails")
        self.details.setParent(self)
        self.details.hide()

    # -- tabs ------------------------------------------------------------------------------

    def _details_tab(self) -> QWidget:
        self.meta = {key: QLabel() for key in ("number", "name", "type", "captured", "gps",
                                               "camera", "size", "sha256", "acquired")}
        form = QFormLayout()
        labels = {"number": "Number", "name": "Original file", "type": "Kind",
                  "captured": "Captured", "gps": "GPS", "camera": "Camera",
                  "size": "Size", "sha256": "SHA-256", "acquired": "Acquired"}
        for key, label in self.meta.items():
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            # A long file name must not widen the inspector: it wraps or is cut, whole in
            # the tooltip.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            form.addRow(tr(labels[key]), label)
        # A 64-digit hash does not wrap: a read-only field scrolls and copies whole.
        self.sha256 = QLineEdit()
        self.sha256.setObjectName("sha256")
        self.sha256.setReadOnly(True)
        form.replaceWidget(self.meta["sha256"], self.sha256)
        self.meta["sha256"].hide()
        self.caption = QLineEdit()
        self.publishable = QCheckBox(tr("Publishable"))
        self.graphic = QCheckBox(tr("Graphic content"))
        save_flags = QPushButton(tr("Save"))
        save_flags.clicked.connect(lambda: self.flags_saved.emit(
            self.publishable.isChecked(), self.graphic.isChecked(), self.caption.text()))
        flags = QHBoxLayout()
        flags.addWidget(self.publishable)
        flags.addWidget(self.graphic)
        flags.addStretch(1)
        caption_row = QHBoxLayout()
        caption_row.addWidget(self.caption, 1)
        caption_row.addWidget(save_flags)
        self.status = QComboBox()
        self.status.setObjectName("verificationStatus")
        for s in VERIFICATION_STATUSES:
            self.status.addItem(tr(s), s)
        self.status_notes = QLineEdit()
        self.status_notes.setPlaceholderText(tr("Verification notes"))
        save_status = QPushButton(tr("Save"))
        save_status.setToolTip(tr("Save verification"))
        save_status.clicked.connect(lambda: self.verification_saved.emit(
            self.status.currentData(), self.status_notes.text()))
        verification = QHBoxLayout()
        verification.addWidget(self.status, 1)
        verification.addWidget(save_status)
        self.links = QListWidget()
        self.links.setObjectName("evidenceLinks")
        self.custody = QListWidget()
        self.custody.setObjectName("custodyLog")
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.addWidget(section("Metadata"))
        box.addLayout(form)
        box.addWidget(section("Caption and flags"))
        box.addLayout(caption_row)
        box.addLayout(flags)
        box.addWidget(section("Verification"))
        box.addLayout(verification)
        box.addWidget(self.status_notes)
        box.addWidget(section("Linked events and findings"))
        box.addWidget(self.links)
        self.link_event = QComboBox()
        self.link_event.setObjectName("linkEvent")
        self.link_event.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.link_event.setMinimumContentsLength(6)
        self.link_event.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.link_stance = QComboBox()
        for stance in STANCES:
            self.link_stance.addItem(tr(stance), stance)
        self.link_button = link_button = QPushButton(tr("Link"))
        link_button.setObjectName("linkButton")
        link_button.clicked.connect(self._link)
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_event, 1)
        link_row.addWidget(self.link_stance)
        link_row.addWidget(link_button)
        box.addLayout(link_row)
        box.addWidget(section("Custody log"))
        box.addWidget(self.custody)
        self.links.setMaximumHeight(110)
        self.custody.setMaximumHeight(140)
        for lst in (self.links, self.custody):
            lst.setWordWrap(True)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        return scroll

    def _text_tab(self) -> QWidget:
        self.text = QPlainTextEdit()
        self.text.setObjectName("documentText")
        self.text.setReadOnly(True)
        self.find_field = QLineEdit()
        self.find_field.setPlaceholderText(tr("Find in the text"))
        self.find_field.returnPressed.connect(self.find_next)
        self.mark_button = QPushButton(tr("Mark excerpt"))
        self.mark_button.clicked.connect(self._mark)
        self.excerpts = QListWidget()
        self.excerpts.setMaximumHeight(120)
        row = QHBoxLayout()
        row.addWidget(self.find_field, 1)
        row.addWidget(self.mark_button)
        w = QWidget()
        box = QVBoxLayout(w)
        box.addLayout(row)
        box.addWidget(self.text, 1)
        box.addWidget(section("Excerpts"))
        box.addWidget(self.excerpts)
        return w

    # -- showing -------------------------------------------------------------------------------

    def show_detail(self, d: eq.EvidenceDetail) -> None:
        self.detail = d
        r = d.row
        gps = "" if d.latitude is None else f"{d.latitude:.5f}, {d.longitude:.5f}"
        if gps and d.altitude is not None:
            gps += f"  ({number(round(d.altitude))} m)"
        size = f"{number(r.size)} B"
        if d.width and d.height:
            size = f"{d.width} × {d.height} px, {size}"
        values = {"number": r.number, "name": d.original_name,
                  "type": f"{tr(r.kind)} ({r.media_type})",
                  "captured": show_date(r.captured_at), "gps": gps, "camera": d.camera,
                  "size": size, "sha256": d.sha256, "acquired": d.acquired}
        for key, value in values.items():
            self.meta[key].setText(value or "—")
            self.meta[key].setToolTip(value)
        self.sha256.setText(d.sha256)
        self.sha256.setCursorPosition(0)
        self.caption.setText(d.caption)
        self.caption.setCursorPosition(0)
        self.publishable.setChecked(r.publishable)
        self.graphic.setChecked(r.graphic)
        self.status.setCurrentIndex(max(0, self.status.findData(r.verification_status)))
        self.status_notes.setText(d.verification_notes)
        self.status_notes.setCursorPosition(0)
        self.links.clear()
        for _i, title, stance in d.events:
            self.links.addItem(f"{tr('Event')}: {title}  [{tr(stance)}]")
        for _i, title, stance in d.findings:
            self.links.addItem(f"{tr('Finding')}: {title}  [{tr(stance)}]")
        if not d.events and not d.findings:
            self.links.addItem(tr("Not linked yet"))
        self.custody.clear()
        for at, who, action, note in d.custody:
            self.custody.addItem(f"{show_date(at)}  {who}: {tr(action)}  {note}")
        self.text.setPlainText(d.extracted_text)
        self._show_excerpts()
        self.show_regions()
        is_photo = r.kind == "photo"
        self.setTabEnabled(0, is_photo)
        self.setTabEnabled(1, is_photo)
        self.setTabEnabled(2, bool(d.extracted_text))
        if not is_photo and self.currentIndex() in (0, 1) and d.extracted_text:
            self.setCurrentIndex(2)

    def show_regions(self) -> None:
        if self.detail is None:
            return
        self.canvas.set_regions([CanvasRegion(g.id, _rect(g), g.style)
                                 for g in self.detail.regions])

    def _show_excerpts(self) -> None:
        self.excerpts.clear()
        if self.detail is not None:
            for _i, start, end, text in self.detail.excerpts:
                self.excerpts.addItem(f"{start}–{end}: {text}")

    def clear(self) -> None:
        self.detail = None
        self.canvas.clear()
        self.preview.clear()
        for label in self.meta.values():
            label.clear()
        self.sha256.clear()
        for w in (self.caption, self.status_notes, self.find_field):
            w.clear()
        for lst in (self.links, self.custody, self.excerpts):
            lst.clear()
        self.link_event.clear()
        self.text.clear()

    def region_style(self) -> str:
        return "blur" if self.style_blur.isChecked() else "fill"

    def _set_editing(self, on: bool) -> None:
        self.canvas.editing = on
        self.canvas.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.OpenHandCursor)

    def find_next(self) -> bool:
        needle = self.find_field.text()
        if not needle:
            return False
        found = self.text.find(needle)
        if not found:  # wrap around
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
            found = self.text.find(needle, QTextDocument.FindFlag(0))
        return found

    def set_events(self, events: list[tuple[int, str]]) -> None:
        self.link_event.clear()
        for ident, label in events:
            self.link_event.addItem(label, ident)

    def _link(self) -> None:
        if self.link_event.currentData() is not None:
            self.link_requested.emit(self.link_event.currentData(),
                                     self.link_stance.currentData())

    def _mark(self) -> None:
        cursor = self.text.textCursor()
        if cursor.hasSelection():
            self.excerpt_marked.emit(cursor.selectionStart(), cursor.selectionEnd())


def _rect(region: eq.RegionRow) -> QRectF:
    return QRectF(region.x, region.y, region.w, region.h)
