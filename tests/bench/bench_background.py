"""Does the window's event loop stall while an import or an export runs in the background?

Run: ``python -m tests.bench.bench_background SIZE`` (``small`` or ``large``; the benchmark
suite runs it in a child). A QTimer heartbeat (every 5 ms) on the UI thread records the
longest gap between two ticks while the window's task runner (``ui/tasks.py``, the same
path as File > Import and File > Export, with the delayed progress dialog) imports the
benchmark's photos and DOCX notes into a fresh case, then exports a publication PDF of
the export benchmark's case (bench_export: 100 events and 30 photos, or 500 and 300) in
the export's own process, as the window does (workbench/publication/export_process.py).
The target is no gap over 100 ms. Prints figures, asserts nothing.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from db.keys import FAST_KDF
from tests.bench import bench_export, generate
from tests.bench.generate import SIZES
from workbench.case import Case

HEARTBEAT_MS = 5
PHOTOS = {"small": 50, "large": 300}  # photos imported per size
NOTES = {"small": 20, "large": 300}
EXPORT = {"small": (100, 30), "large": (500, 300)}  # the export benchmark's case: events, photos


class Heartbeat:
    """The longest gap between ticks of a 5 ms timer on the UI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.clock = QElapsedTimer()
        self.gaps: list[int] = []
        self.timer = QTimer(interval=HEARTBEAT_MS)
        self.timer.timeout.connect(self._beat)
        self._last = 0

    def _beat(self) -> None:
        now = self.clock.elapsed()
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self.clock.start()
        self._last = 0
        self.timer.start()

    def stop(self) -> tuple[int, int]:
        """(longest gap in ms, ticks)."""
        self.timer.stop()
        return (max(self.gaps) if self.gaps else 0), len(self.gaps)


def _run_until_done(start: Callable[[Callable[[Any], None], Callable[[Any], None]], None]
                    ) -> Any:
    """Start background work that calls on_done/on_failed on the UI thread; spin the event
    loop until it has."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    outcome: list[Any] = []

    def finished(value: Any) -> None:
        outcome.append(value)
        loop.quit()

    start(finished, finished)
    loop.exec()
    return outcome[0]


def _spin(seconds: float) -> None:
    from PySide6.QtCore import QCoreApplication

    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def main(size_name: str) -> None:
    from PySide6.QtWidgets import QWidget

    from ui.app import application
    from ui.importing import run_import
    from ui.tasks import TaskRunner
    from workbench.publication.export_process import ExportProcess

    size = SIZES[size_name]
    photos = generate.photo_files(size)[:PHOTOS[size_name]]
    notes = generate.notes_files(size)[:NOTES[size_name]]
    app = application(headless=True)
    window = QWidget()  # the parent of the progress dialogs, as the main window is
    window.resize(900, 600)
    window.show()
    runner = TaskRunner()
    beat = Heartbeat()
    with tempfile.TemporaryDirectory(dir=generate.CACHE) as folder:
        case = Case.create(Path(folder) / "background.case", generate.PASSPHRASE,
                           "Background work", kdf=FAST_KDF, reviewer="bench")
        figures = []
        for label, batches in (("importing photos", {"photos": photos}),
                               ("importing DOCX notes", {"notes": notes})):
            beat.start()
            t0 = time.perf_counter()
            results = _run_until_done(lambda done, failed, b=batches: run_import(
                runner, case, b, window, done))
            seconds = time.perf_counter() - t0
            worst, ticks = beat.stop()
            count = len(results) if isinstance(results, list) else 0
            figures.append((label, worst, ticks, seconds, f"{count} files"))
        case.close()
        # A copy: an export keeps the photo copies it prepared in the case, and the
        # cached case must stay as built (the export benchmark's first export needs it so).
        copy = Path(folder) / "export.case"
        shutil.copyfile(bench_export.ensure_case(*EXPORT[size_name]), copy)
        case = Case.open(copy, bench_export.PASSPHRASE, reviewer="bench")
        out = Path(folder) / "publication.pdf"
        # As File > Export… does: the export's process starts when the dialog opens and
        # loads the renderer while the reviewer chooses (here a second and a half).
        process = ExportProcess()
        _spin(1.5)
        beat.start()
        t0 = time.perf_counter()
        result = _run_until_done(lambda done, failed: runner.run_long(
            lambda progress, cancelled: process.run(case, "publication", "pdf", out,
                                                    cancelled=cancelled),
            label="Exporting…", on_done=done, on_failed=failed, parent=window))
        seconds = time.perf_counter() - t0
        worst, ticks = beat.stop()
        pages = getattr(result, "pages", None)
        figures.append(("exporting a publication PDF", worst, ticks, seconds,
                        f"{pages} pages" if pages else f"failed: {result}"))
        runner.wait_for_done()
        case.close()
    for label, worst, ticks, seconds, what in figures:
        print(f"longest stall {label}: {worst} ms ({ticks:,} heartbeats over {seconds:.1f} s,"
              f" {what})")
    app.processEvents()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "small")
