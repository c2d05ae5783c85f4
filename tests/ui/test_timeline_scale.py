"""The timeline with 100,000 events: it opens, the first rows appear, scrolling to the last
row loads it, and the chart zooms and pans. The event loop's longest stall and the first
rows' latency are measured (by the probe of tests/bench/bench_timeline.py) and printed,
not asserted: timings belong in ``make bench``, where they cannot flake."""

from __future__ import annotations

import pytest
from bench.bench_timeline import PASSPHRASE, measure
from bench.bigcase import generate
from PySide6.QtWidgets import QApplication

from ui.views.timeline import TimelineView
from workbench.case import Case

EVENTS = 100_000


@pytest.fixture(scope="module")
def big_case(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("big") / "big.case", PASSPHRASE, EVENTS)


@pytest.mark.slow
def test_a_hundred_thousand_events_open_and_scroll(make_window, qtbot, big_case, capsys):
    window = make_window(idle_timeout_s=None)
    window.resize(1280, 800)
    case = Case.open(big_case, PASSPHRASE)
    figures = measure(window, case, QApplication.instance())
    view = window.current_view()
    assert isinstance(view, TimelineView)
    assert figures.events == EVENTS
    assert view.count.text() == "100,000 events"
    assert figures.rows_seen_at_end  # the last row's values were fetched when shown
    assert figures.first_rows_ms == figures.first_rows_ms  # measured (not NaN)
    assert len(view.chart.lanes()) == 9  # eight categories and the service-made event
    with capsys.disabled():
        print("\n" + "\n".join(figures.lines()))
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
