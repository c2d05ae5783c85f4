"""Evidence gallery with 2,000 photos: does scrolling ever stall the event loop?

Run: ``python -m tests.bench.bench_gallery`` (``make bench`` runs it). Builds a case with
2,000 small photos (each with its thumbnail), opens the evidence view offscreen, and
scrolls the gallery from top to bottom and back at about 60 steps a second, while a QTimer
heartbeat (every 5 ms) records the longest gap between two of its ticks. The target is a
longest gap under 100 ms. Figures, not assertions.
"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

from PIL import Image

from db.keys import FAST_KDF
from workbench.case import Case
from workbench.services.evidence import add_evidence_in

PHOTOS = 2000
CHUNK = 250
STEP_MS = 16
HEARTBEAT_MS = 5


def _jpeg(i: int, size: tuple[int, int]) -> bytes:
    colour = ((i * 37) % 255, (i * 91) % 255, (i * 53) % 255)
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=80)
    return out.getvalue()


def build(path: Path) -> Case:
    case = Case.create(path, "bench passphrase", "Gallery benchmark", kdf=FAST_KDF,
                       reviewer="bench")
    for start in range(0, PHOTOS, CHUNK):
        with case.write(f"bench photos {start}") as session:
            for i in range(start, min(PHOTOS, start + CHUNK)):
                add_evidence_in(session, "bench", kind="photo", original=_jpeg(i, (320, 240)),
                                original_name=f"photo-{i:04d}.jpg", media_type="image/jpeg",
                                thumbnail=_jpeg(i, (256, 192)), graphic=(i % 50 == 0))
    return case


def main() -> None:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from ui.app import application
    from ui.tasks import TaskRunner
    from ui.views.evidence import EvidenceView

    app = application(headless=True)
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        case = build(Path(folder) / "gallery.case")
        built = time.perf_counter() - t0
        runner = TaskRunner()
        view = EvidenceView(runner)
        view.resize(1280, 800)
        view.show()
        loop = QEventLoop()
        view.loaded.connect(loop.quit)
        t0 = time.perf_counter()
        view.show_case(case)
        loop.exec()
        first_screen = time.perf_counter() - t0
        bar = view.gallery.verticalScrollBar()

        clock = QElapsedTimer()
        gaps: list[int] = []
        last = [0]

        def beat() -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        heartbeat = QTimer(interval=HEARTBEAT_MS)
        heartbeat.timeout.connect(beat)
        settle = QEventLoop()
        QTimer.singleShot(300, settle.quit)  # the list view lays its items out first
        settle.exec()
        steps = 450  # about 7 s down and 7 s back up
        plan = [i / steps for i in range(steps + 1)]
        plan += list(reversed(plan))  # down, then back up

        def scroll() -> None:
            if not plan:
                stepper.stop()
                QTimer.singleShot(500, loop.quit)  # let the last thumbnails arrive
                return
            bar.setValue(round(bar.maximum() * plan.pop(0)))

        stepper = QTimer(interval=STEP_MS)
        stepper.timeout.connect(scroll)
        clock.start()
        heartbeat.start()
        stepper.start()
        t0 = time.perf_counter()
        loop.exec()
        scrolled = time.perf_counter() - t0
        heartbeat.stop()
        worst = max(gaps) if gaps else 0
        over = sum(1 for g in gaps if g > 100)
        print(f"gallery of {PHOTOS:,} photos (case built in {built:.1f} s)")
        print(f"  first screen (rows, first photo, preview, thumbnails): {first_screen:.2f} s")
        print(f"  scroll over {bar.maximum():,} px down and up in {scrolled:.1f} s, "
              f"{len(gaps):,} heartbeats")
        print(f"  longest event-loop stall: {worst} ms (target < 100 ms); "
              f"gaps over 100 ms: {over}")
        print(f"  thumbnail batches loaded: {view.model.batches}, "
              f"thumbnails cached: {len(view.model._cache):,}")
        view.clear()
        runner.wait_for_done()
        case.close()
    app.processEvents()


if __name__ == "__main__":
    main()
