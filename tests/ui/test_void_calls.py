"""PySide6 6.12's wheels drop a reference to None on every void call; on Python 3.11 (where
None is not immortal) the interpreter aborts after some thousands of calls ("none_dealloc").
pyproject.toml keeps 3.11 below 6.12; this test fails on a build that has the fault."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter


def test_many_void_calls_leave_none_alive(qapp) -> None:
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    colour = QColor("#1f4e79")
    before = sys.getrefcount(None)
    for _ in range(2_000):  # on a faulty build None loses 4,000 references (no abort yet)
        colour.setAlpha(40)
        painter.fillRect(QRectF(0, 0, 3, 3), colour)
    painter.end()
    if sys.version_info < (3, 12):  # None is immortal from 3.12 (PEP 683)
        assert sys.getrefcount(None) >= before - 100
