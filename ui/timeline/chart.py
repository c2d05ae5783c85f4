"""The graphical timeline: events on a time axis, in lanes (by category or by actor), with
zoom (wheel, +/-; from centuries to minutes) and pan (drag, arrow keys).

Exact dates are dots, partial dates and ranges solid bars over their bounds, approximate or
uncertain dates fuzzy bars with faded ends and a dashed outline; the colour is the status
(legend in the corner). Painting only looks at the events in the visible time window
(bisect over the start times); when thousands are visible it draws their density instead.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.timeline import axis
from ui.timeline.lanes import ChartData, prepare
from workbench.queries.events import Spans

STATUS_COLOURS = {
    "alleged": QColor("#d4891c"), "corroborated": QColor("#2f6db5"),
    "contested": QColor("#8e44ad"), "established": QColor("#2e8b57"),
    "refuted": QColor("#8a8f98"),
}
LABEL_W = 150
AXIS_H = 30
LEGEND_H = 26
LANE_H = 36
DENSE = 2500  # more visible events than this: draw density


def tr(text: str) -> str:
    return QCoreApplication.translate("TimelineChart", text)


def lane_words() -> dict[str, str]:
    return {"none": tr("No actor"), "uncategorised": tr("Uncategorised"), "other": tr("Other")}


class TimelineChart(QWidget):
    event_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineChart")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.t0, self.t1 = 0.0, axis.YEAR
        self.selected: int | None = None
        self.clear()

    # -- data ----------------------------------------------------------------------

    def clear(self) -> None:
        self.set_data(ChartData(), fit=False)
        self.selected = None

    def set_data(self, data: ChartData, fit: bool = True) -> None:
        """Show prepared data (``ui.timeline.lanes.prepare``, run off the UI thread)."""
        self._data = data
        self._spans = data.spans
        self._starts = data.spans.starts
        self._lanes = data.lanes
        self._max_len = data.max_len
        self._hits: list[tuple[QRectF, int]] = []
        if fit:
            self.zoom_to_fit()
        self.update()

    def set_spans(self, spans: Spans, lane_by: str = "category",
                  actor_names: dict[int, str] | None = None, fit: bool = True) -> None:
        """Prepare and show spans sorted by start (small sets; tests)."""
        self.set_data(prepare(spans, lane_by, actor_names or {}, lane_words()), fit)

    def lanes(self) -> list[str]:
        return list(self._lanes)

    def visible_ids(self) -> list[int]:
        return [self._spans.ids[i] for i in self._candidates()]

    # -- viewport ------------------------------------------------------------------

    def _plot_width(self) -> float:
        return max(50.0, self.width() - LABEL_W - 12)

    def seconds_per_pixel(self) -> float:
        return (self.t1 - self.t0) / self._plot_width()

    def set_range(self, t0: float, t1: float) -> None:
        span = min(max(t1 - t0, axis.MIN_RANGE), axis.MAX_RANGE)
        middle = (t0 + t1) / 2
        self.t0, self.t1 = middle - span / 2, middle + span / 2
        self.update()

    def zoom_to_fit(self) -> None:
        if not len(self._spans):
            self.set_range(0.0, axis.YEAR)
            return
        t0, t1 = self._data.first, self._data.last
        margin = max((t1 - t0) * 0.04, axis.DAY)
        self.set_range(t0 - margin, t1 + margin)

    def zoom(self, factor: float, at_x: float | None = None) -> None:
        x = (self.width() + LABEL_W) / 2 if at_x is None else at_x
        anchor = self.t0 + (x - LABEL_W) * self.seconds_per_pixel()
        span = min(max((self.t1 - self.t0) * factor, axis.MIN_RANGE), axis.MAX_RANGE)
        ratio = (anchor - self.t0) / (self.t1 - self.t0)
        self.t0 = anchor - ratio * span
        self.t1 = self.t0 + span
        self.update()

    def pan(self, pixels: float) -> None:
        shift = pixels * self.seconds_per_pixel()
        self.t0 += shift
        self.t1 += shift
        self.update()

    def select(self, event_id: int | None, reveal: bool = True) -> None:
        self.selected = event_id
        if reveal and event_id is not None:
            ids = self._spans.ids
            start = self._spans.starts[ids.index(event_id)] if event_id in ids else None
            if start is not None and not (self.t0 <= start <= self.t1):
                width = self.t1 - self.t0
                self.t0 = start - width / 2
                self.t1 = self.t0 + width
        self.update()

    # -- input ---------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(0.8 ** steps, event.position().x())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_x = self._last_x = event.position().x()
        self.setFocus()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            x = event.position().x()
            self.pan(self._last_x - x)
            self._last_x = x

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if abs(event.position().x() - getattr(self, "_press_x", 0.0)) < 4:
            hit = self.event_at(event.position())
            if hit is not None:
                self.select(hit, reveal=False)
                self.event_clicked.emit(hit)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.event_at(event.position()) is None:
            self.zoom_to_fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(0.5)
        elif key == Qt.Key.Key_Minus:
            self.zoom(2.0)
        elif key == Qt.Key.Key_Left:
            self.pan(-self._plot_width() / 5)
        elif key == Qt.Key.Key_Right:
            self.pan(self._plot_width() / 5)
        elif key == Qt.Key.Key_Home:
            self.zoom_to_fit()
        else:
            super().keyPressEvent(event)

    def event_at(self, point: QPointF) -> int | None:
        for rect, ident in reversed(self._hits):
            if rect.adjusted(-3, -3, 3, 3).contains(point):
                return ident
        return None

    # -- painting ------------------------------------------------------------------

    def _candidates(self) -> range:
        lo = bisect_left(self._starts, self.t0 - self._max_len)
        hi = bisect_right(self._starts, self.t1)
        return range(lo, hi)

    def _x(self, seconds: float) -> float:
        return LABEL_W + (seconds - self.t0) / self.seconds_per_pixel()

    def _lane_top(self, lane: int) -> float:
        return AXIS_H + 6 + lane * LANE_H

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        self._hits = []
        self._paint_lanes(p)
        self._paint_axis(p)
        if len(self._spans):
            candidates = self._candidates()
            if len(candidates) > DENSE:
                self._paint_density(p, candidates)
            else:
                self._paint_events(p, candidates)
        else:
            p.setPen(QColor("#5b6573"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("No dated events"))
        self._paint_legend(p)
        p.end()

    def _paint_lanes(self, p: QPainter) -> None:
        small = QFont(self.font())
        small.setPointSizeF(max(7.5, small.pointSizeF() - 0.5))
        p.setFont(small)
        for i, name in enumerate(self._lanes):
            top = self._lane_top(i)
            if i % 2:
                p.fillRect(QRectF(0, top, self.width(), LANE_H), QColor("#f7f8fa"))
            p.setPen(QColor("#3b4450"))
            p.drawText(QRectF(10, top, LABEL_W - 16, LANE_H),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       p.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight,
                                                  LABEL_W - 18))
        p.setPen(QColor("#d9dee5"))
        p.drawLine(QPointF(LABEL_W, AXIS_H), QPointF(LABEL_W, self.height()))

    def _paint_axis(self, p: QPainter) -> None:
        p.fillRect(QRectF(0, 0, self.width(), AXIS_H), QColor("#eef1f5"))
        unit, step = axis.choose_step(self.seconds_per_pixel())
        p.save()
        p.setClipRect(QRectF(LABEL_W, 0, self.width() - LABEL_W, self.height()))
        for at in axis.ticks(self.t0, self.t1, unit, step):
            x = self._x(at)
            p.setPen(QPen(QColor("#e3e7ec"), 1))
            p.drawLine(QPointF(x, AXIS_H), QPointF(x, self.height()))
            p.setPen(QColor("#3b4450"))
            p.drawText(QPointF(x + 4, AXIS_H - 10), axis.label(at, unit))
        p.restore()
        p.setPen(QColor("#d9dee5"))
        p.drawLine(QPointF(0, AXIS_H), QPointF(self.width(), AXIS_H))

    def _paint_density(self, p: QPainter, candidates: range) -> None:
        # Count per lane and 3-pixel column by bisection over the lane's start times: the
        # cost depends on the chart's width, not on how many events there are.
        bucket_px = 3
        counts: dict[tuple[int, int], int] = {}
        spp = self.seconds_per_pixel()
        columns = int(self._plot_width() // bucket_px) + 1
        for lane, starts in enumerate(self._data.lane_starts):
            edge = bisect_left(starts, self.t0)
            for column in range(columns):
                right = bisect_left(starts, self.t0 + (column + 1) * bucket_px * spp, edge)
                if right > edge:
                    counts[(lane, column)] = right - edge
                edge = right
        peak = max(counts.values(), default=1)
        for (lane, column), n in counts.items():
            alpha = 40 + int(215 * (n / peak) ** 0.5)
            colour = QColor("#1f4e79")
            colour.setAlpha(alpha)
            top = self._lane_top(lane) + 6
            p.fillRect(QRectF(LABEL_W + column * bucket_px, top, bucket_px, LANE_H - 12),
                       colour)
        p.setPen(QColor("#5b6573"))
        p.drawText(QRectF(LABEL_W + 8, self.height() - LEGEND_H, 420, LEGEND_H),
                   Qt.AlignmentFlag.AlignVCenter,
                   tr("%n events here: zoom in to see each one").replace(
                       "%n", f"{len(candidates):,}"))

    def _paint_events(self, p: QPainter, candidates: range) -> None:
        label_end: dict[tuple[int, int], float] = {}
        few = len(candidates) <= 80
        p.save()
        p.setClipRect(QRectF(LABEL_W + 1, AXIS_H, self.width() - LABEL_W, self.height()))
        spans = self._spans
        for i in candidates:
            if spans.ends[i] < self.t0:
                continue
            ident = spans.ids[i]
            x0, x1 = self._x(spans.starts[i]), self._x(spans.ends[i])
            colour = STATUS_COLOURS.get(spans.statuses[i], QColor("#5b6573"))
            for lane in self._data.lanes_of(i):
                row = ident % 3
                y = self._lane_top(lane) + 5 + row * 9
                rect = self._paint_mark(p, spans.shapes[i], x0, x1, y, colour,
                                        ident == self.selected)
                self._hits.append((rect, ident))
                if few or ident == self.selected:
                    key = (lane, row)
                    if label_end.get(key, -1e9) < rect.left():
                        text = p.fontMetrics().elidedText(spans.titles[i],
                                                          Qt.TextElideMode.ElideRight, 170)
                        p.setPen(QColor("#1d232b"))
                        p.drawText(QPointF(rect.right() + 4, y + 7.5), text)
                        label_end[key] = (rect.right() + 10
                                          + p.fontMetrics().horizontalAdvance(text))
        p.restore()

    def _paint_mark(self, p: QPainter, shape: str, x0: float, x1: float, y: float,
                    colour: QColor, selected: bool) -> QRectF:
        height = 8.0
        width = x1 - x0
        outline = QPen(QColor("#111111"), 2) if selected else QPen(colour.darker(130), 1)
        if shape == "exact" or (shape == "range" and width < 4):
            rect = QRectF(x0 - 4.5, y - 0.5, 9, 9)
            p.setPen(outline)
            p.setBrush(colour)
            p.drawEllipse(rect)
            return rect
        if shape == "range":
            rect = QRectF(x0, y, max(width, 4), height)
            p.setPen(outline)
            p.setBrush(colour)
            p.drawRoundedRect(rect, 3, 3)
            return rect
        # fuzzy: faded ends and a dashed outline, at least wide enough to read as fuzzy
        rect = QRectF(x0, y, width, height)
        if width < 18:
            middle = (x0 + x1) / 2
            rect = QRectF(middle - 9, y, 18, height)
        gradient = QLinearGradient(rect.left(), 0, rect.right(), 0)
        faded = QColor(colour)
        faded.setAlpha(20)
        gradient.setColorAt(0.0, faded)
        gradient.setColorAt(0.3, colour)
        gradient.setColorAt(0.7, colour)
        gradient.setColorAt(1.0, faded)
        pen = QPen(QColor("#111111") if selected else colour.darker(120), 2 if selected else 1,
                   Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(QBrush(gradient))
        p.drawRoundedRect(rect, 4, 4)
        return rect

    def _paint_legend(self, p: QPainter) -> None:
        small = QFont(self.font())
        small.setPointSizeF(max(7.5, small.pointSizeF() - 1))
        p.setFont(small)
        fm = p.fontMetrics()
        items = [(tr(s), c) for s, c in STATUS_COLOURS.items()]
        x = self.width() - 12
        y = self.height() - LEGEND_H / 2
        p.setPen(Qt.PenStyle.NoPen)
        entries: list[tuple[float, str, QColor | str]] = []
        for text, colour in reversed(items):
            x -= fm.horizontalAdvance(text) + 22
            entries.append((x, text, colour))
        shapes = [(tr("exact"), "exact"), (tr("range"), "range"), (tr("uncertain"), "fuzzy")]
        for text, shape in reversed(shapes):
            x -= fm.horizontalAdvance(text) + 34
            entries.append((x, text, shape))
        box = QRectF(x - 8, self.height() - LEGEND_H + 2, self.width() - x, LEGEND_H - 4)
        p.setBrush(QColor(255, 255, 255, 230))
        p.setPen(QPen(QColor("#d9dee5")))
        p.drawRoundedRect(box, 4, 4)
        grey = QColor("#6b7480")
        for ex, text, what in entries:
            if isinstance(what, QColor):
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(what)
                p.drawRoundedRect(QRectF(ex, y - 5, 10, 10), 2, 2)
                text_x = ex + 14
            else:
                if what == "exact":
                    self._paint_mark(p, what, ex + 12, ex + 12, y - 4, grey, False)
                else:
                    self._paint_mark(p, what, ex + 2, ex + 24, y - 4, grey, False)
                text_x = ex + 30
            p.setPen(QColor("#3b4450"))
            p.drawText(QPointF(text_x, y + fm.ascent() / 2 - 1), text)
