"""PySide6 6.12 on Python 3.11 drops a reference to None on every void call; the window
package keeps None out of reach of zero (ui/none_guard.py)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

import ui  # noqa: F401  (installs the guard)


def test_many_void_calls_leave_none_alive(qapp) -> None:
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    colour = QColor("#1f4e79")
    for _ in range(20_000):  # more than None's whole reference count at start-up
        colour.setAlpha(40)
        painter.fillRect(QRectF(0, 0, 3, 3), colour)
    painter.end()
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 1 << 39
