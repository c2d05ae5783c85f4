"""Python's cyclic garbage collector runs in whichever thread happens to allocate. If it
runs on a worker (the database thread) and frees the last reference to a Qt object made on
the UI thread, Qt deletes that object from the wrong thread and the process can crash (seen
as a segfault "Garbage-collecting" in a worker while a view was loading). Anki solves this
the same way: automatic collection off, and a timer collects on the UI thread."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 1000


class GarbageCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def collect(self) -> None:
        # Youngest generation first (cheap); a full pass only when it has grown.
        counts = gc.get_count()
        gc.collect(0)
        if counts[1] > 10:
            gc.collect(1)
        if counts[2] > 10:
            gc.collect()


def install(app: QCoreApplication) -> GarbageCollector:
    existing = app.findChild(GarbageCollector)
    if isinstance(existing, GarbageCollector):
        return existing
    collector = GarbageCollector(app)
    collector.start()
    return collector
