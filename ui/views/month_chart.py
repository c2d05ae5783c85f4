"""A small stacked bar chart of grievances per month by category, painted with QPainter
(QtCharts is not part of our Qt)."""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.views.viewkit import tr

PALETTE = ("#1f4e79", "#2e8b57", "#c0392b", "#d68910", "#7d3c98", "#17a589", "#a04000",
           "#5d6d7e", "#b7950b", "#884ea0")


class MonthChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("grievanceChart")
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.per_month: dict[str, dict[str, int]] = {}
        self.categories: list[str] = []

    def sizeHint(self) -> QSize:
        return QSize(600, 200)

    def set_data(self, per_month: dict[str, dict[str, int]]) -> None:
        self.per_month = per_month
        totals: dict[str, int] = {}
        for counts in per_month.values():
            for cat, n in counts.items():
                totals[cat] = totals.get(cat, 0) + n
        self.categories = sorted(totals, key=lambda c: (-totals[c], c))
        self.update()

    def colour(self, category: str) -> QColor:
        i = self.categories.index(category) if category in self.categories else 0
        return QColor(PALETTE[i % len(PALETTE)])

    def months(self) -> list[str]:
        """Every month from the first to the last, empty ones included (time is honest)."""
        if not self.per_month:
            return []
        keys = sorted(self.per_month)
        y, m = int(keys[0][:4]), int(keys[0][5:7])
        end = (int(keys[-1][:4]), int(keys[-1][5:7]))
        out: list[str] = []
        while (y, m) <= end and len(out) < 240:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        months = self.months()
        if not months:
            p.setPen(QColor("#5b6573"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("No dated grievances"))
            return
        legend_w = 170
        plot = QRectF(34, 12, self.width() - 34 - legend_w - 12, self.height() - 42)
        peak = max(sum(self.per_month.get(m, {}).values()) for m in months) or 1
        p.setPen(QColor("#d9dee5"))
        locale = QLocale()
        for step in range(peak + 1):
            if peak > 8 and step % max(1, peak // 4):
                continue
            y = plot.bottom() - plot.height() * step / peak
            p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            p.setPen(QColor("#5b6573"))
            p.drawText(QRectF(0, y - 8, 28, 16), Qt.AlignmentFlag.AlignRight,
                       locale.toString(step))
            p.setPen(QColor("#d9dee5"))
        slot = plot.width() / len(months)
        bar = max(2.0, slot * 0.7)
        label_every = max(1, math.ceil(62 / slot))
        for i, month in enumerate(months):
            x = plot.left() + i * slot + (slot - bar) / 2
            y = plot.bottom()
            for cat in self.categories:
                n = self.per_month.get(month, {}).get(cat, 0)
                if n:
                    h = plot.height() * n / peak
                    p.fillRect(QRectF(x, y - h, bar, h), self.colour(cat))
                    y -= h
            if i % label_every == 0:
                p.setPen(QColor("#5b6573"))
                year, mon = int(month[:4]), int(month[5:7])
                text = f"{locale.monthName(mon, QLocale.FormatType.ShortFormat)} {year % 100:02d}"
                p.drawText(QRectF(x - 20, plot.bottom() + 4, bar + 40, 16),
                           Qt.AlignmentFlag.AlignHCenter, text)
        ly = 14.0
        for cat in self.categories[:10]:
            p.fillRect(QRectF(self.width() - legend_w, ly + 2, 11, 11), self.colour(cat))
            p.setPen(QColor("#1d232b"))
            p.drawText(QRectF(self.width() - legend_w + 16, ly - 1, legend_w - 16, 16),
                       Qt.AlignmentFlag.AlignLeft, tr(cat))
            ly += 17
