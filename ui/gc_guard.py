"""Python's cyclic garbage collector runs in whichever thread happens to allocate. If it
runs on a worker (the database thread) and frees the last reference to a Qt object made on
the UI thread, Qt deletes that object from the wrong thread and the process can crash (seen
as a segfault "Garbage-collecting" in a worker while a view was loading). Anki solves this
the same way: automatic collection off, and a timer collects on the UI thread.

A collection holds the interpreter for as long as it walks the objects made since the last
one, so the timer runs often and collects only what CPython itself would have (its
thresholds and its rule for full collections): collecting every generation it could once a
second let an import build up a young generation whose collection stalled the window for
109 ms, and walked the whole heap every ten seconds."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 100


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
        # What CPython's automatic collector does, with its thresholds (700, 10, 10): the
        # youngest generation once it has grown, an older one after ten of the younger,
        # and the whole heap only once it has grown by a quarter (CPython's own rule,
        # which a plain gc.collect() skips: a walk of every object, every ten seconds).
        young, middle, old = gc.get_threshold()
        counts = gc.get_count()
        if counts[0] < young:
            return
        if counts[1] < middle:
            gc.collect(0)
        elif counts[2] < old or not self._old_generation_grew():
            gc.collect(1)
        else:
            gc.collect(2)
            self._long_lived = len(gc.get_objects(generation=2))

    _long_lived = 0

    def _old_generation_grew(self) -> bool:
        return len(gc.get_objects(generation=2)) - self._long_lived > self._long_lived // 4


def install(app: QCoreApplication) -> GarbageCollector:
    existing = app.findChild(GarbageCollector)
    if isinstance(existing, GarbageCollector):
        return existing
    collector = GarbageCollector(app)
    collector.start()
    return collector
