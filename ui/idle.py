"""Notices when nobody has touched the application for a while (for the idle lock).

Every keyboard, mouse or touch event anywhere in the application restarts the clock; the
filter only stamps a time, so it costs nothing per event.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
}


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``timeout_s`` seconds without user input, while started."""

    idle = Signal()

    def __init__(self, timeout_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = max(1, int(timeout_s * 1000))
        self._since_input = QElapsedTimer()
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def start(self) -> None:
        self._since_input.start()
        self._timer.start(self.timeout_ms)

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self._since_input.isValid():
            self._since_input.restart()
        return False

    def _check(self) -> None:
        remaining = self.timeout_ms - self._since_input.elapsed()
        if remaining > 0:
            self._timer.start(int(remaining))  # there was input meanwhile: wait the rest
            return
        self.idle.emit()
