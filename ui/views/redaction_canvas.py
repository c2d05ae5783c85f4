"""A photo with zoom and pan, and the redaction tool: draw, move and delete rectangles.

Regions are kept in fractions of the upright image (as the core stores them); the canvas
only shows them and reports edits through signals, it never changes the pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

MIN_FRACTION = 0.01


@dataclass
class CanvasRegion:
    id: int  # 0 = not stored yet
    rect: QRectF  # fractions of the image
    style: str


class ImageCanvas(QWidget):
    region_drawn = Signal(float, float, float, float)  # x, y, w, h (fractions)
    region_moved = Signal(int, float, float, float, float)
    region_deleted = Signal(int)
    selection_changed = Signal(int)  # region id, 0 for none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageCanvas")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 180)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self._image = QImage()
        self.regions: list[CanvasRegion] = []
        self.selected = 0
        self.editing = False  # redaction tool on
        self.zoom = 1.0  # relative to "fit"
        self._pan = QPointF(0, 0)
        self._drag_start: QPointF | None = None
        self._drag_mode = ""  # draw | move | pan
        self._drag_origin = QRectF()
        self._rubber = QRectF()
        self.placeholder = ""

    # -- content -----------------------------------------------------------------------

    def set_image(self, image: QImage) -> None:
        self._image = image
        self.zoom, self._pan = 1.0, QPointF(0, 0)
        self.update()

    def image(self) -> QImage:
        return self._image

    def set_regions(self, regions: list[CanvasRegion]) -> None:
        self.regions = regions
        if self.selected not in {r.id for r in regions}:
            self.selected = 0
        self.update()

    def clear(self) -> None:
        self._image = QImage()
        self.regions = []
        self.selected = 0
        self.update()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(16.0, max(0.25, zoom))
        self.update()

    # -- geometry ------------------------------------------------------------------------

    def image_rect(self) -> QRectF:
        """Where the image is drawn, in widget coordinates."""
        if self._image.isNull():
            return QRectF()
        iw, ih = self._image.width(), self._image.height()
        fit = min((self.width() - 16) / iw, (self.height() - 16) / ih)
        scale = max(fit, 0.01) * self.zoom
        w, h = iw * scale, ih * scale
        x = (self.width() - w) / 2 + self._pan.x()
        y = (self.height() - h) / 2 + self._pan.y()
        return QRectF(x, y, w, h)

    def to_widget(self, fraction: QRectF) -> QRectF:
        r = self.image_rect()
        return QRectF(r.x() + fraction.x() * r.width(), r.y() + fraction.y() * r.height(),
                      fraction.width() * r.width(), fraction.height() * r.height())

    def to_fraction(self, point: QPointF) -> QPointF:
        r = self.image_rect()
        if r.isEmpty():
            return QPointF()
        return QPointF(min(1.0, max(0.0, (point.x() - r.x()) / r.width())),
                       min(1.0, max(0.0, (point.y() - r.y()) / r.height())))

    def region_at(self, point: QPointF) -> CanvasRegion | None:
        for region in reversed(self.regions):
            if self.to_widget(region.rect).contains(point):
                return region
        return None

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#2b2f36"))
        if self._image.isNull():
            p.setPen(QColor("#c9ced6"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawImage(self.image_rect(), self._image)
        for region in self.regions:
            rect = self.to_widget(region.rect)
            chosen = region.id == self.selected
            colour = QColor("#ffcc00") if chosen else QColor("#ff4d4d")
            fill = QColor(0, 0, 0, 110) if region.style == "fill" else QColor(80, 140, 255, 70)
            p.fillRect(rect, fill)
            p.setPen(QPen(colour, 2.5 if chosen else 1.5, Qt.PenStyle.SolidLine))
            p.drawRect(rect)
            p.drawText(rect.adjusted(4, 2, 0, 0), region.style)
        if not self._rubber.isNull():
            p.setPen(QPen(QColor("#ffcc00"), 1.5, Qt.PenStyle.DashLine))
            p.drawRect(self._rubber)

    # -- mouse and keys --------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        self._drag_start = pos
        if self.editing and event.button() == Qt.MouseButton.LeftButton:
            hit = self.region_at(pos)
            if hit is not None:
                self._select(hit.id)
                self._drag_mode, self._drag_origin = "move", QRectF(hit.rect)
            elif self.image_rect().contains(pos):
                self._select(0)
                self._drag_mode = "draw"
            else:
                self._drag_mode = ""
        else:
            self._drag_mode = "pan"
            self._drag_origin = QRectF(self._pan.x(), self._pan.y(), 0, 0)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_start is None:
            return
        pos = event.position()
        if self._drag_mode == "draw":
            self._rubber = QRectF(self._drag_start, pos).normalized() \
                .intersected(self.image_rect())
        elif self._drag_mode == "move":
            region = self._find(self.selected)
            if region is not None:
                a, b = self.to_fraction(self._drag_start), self.to_fraction(pos)
                moved = self._drag_origin.translated(b.x() - a.x(), b.y() - a.y())
                moved.moveLeft(min(max(0.0, moved.x()), 1 - moved.width()))
                moved.moveTop(min(max(0.0, moved.y()), 1 - moved.height()))
                region.rect = moved
        elif self._drag_mode == "pan":
            delta = pos - self._drag_start
            self._pan = QPointF(self._drag_origin.x() + delta.x(),
                                self._drag_origin.y() + delta.y())
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_start is None:
            return
        mode, start = self._drag_mode, self._drag_start
        self._drag_start, self._drag_mode = None, ""
        if mode == "draw":
            a, b = self.to_fraction(start), self.to_fraction(event.position())
            rect = QRectF(a, b).normalized()
            self._rubber = QRectF()
            if rect.width() >= MIN_FRACTION and rect.height() >= MIN_FRACTION:
                self.region_drawn.emit(rect.x(), rect.y(), rect.width(), rect.height())
        elif mode == "move":
            region = self._find(self.selected)
            if region is not None and region.rect != self._drag_origin:
                r = region.rect
                self.region_moved.emit(region.id, r.x(), r.y(), r.width(), r.height())
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        self.set_zoom(self.zoom * (1.25 ** steps))

    def event(self, event: QEvent) -> bool:
        # Delete with a region selected removes that region, not the window's selection.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected:
            self.region_deleted.emit(self.selected)
            return
        if event.key() == Qt.Key.Key_Plus:
            self.set_zoom(self.zoom * 1.25)
        elif event.key() == Qt.Key.Key_Minus:
            self.set_zoom(self.zoom / 1.25)
        elif event.key() == Qt.Key.Key_0:
            self.zoom, self._pan = 1.0, QPointF(0, 0)
            self.update()
        else:
            super().keyPressEvent(event)

    def _find(self, ident: int) -> CanvasRegion | None:
        return next((r for r in self.regions if r.id == ident), None)

    def _select(self, ident: int) -> None:
        if ident != self.selected:
            self.selected = ident
            self.selection_changed.emit(ident)
        self.update()
