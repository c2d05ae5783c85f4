"""The timeline chart: calendar ticks from centuries to minutes, lanes by category or actor,
zoom limits, density for crowds, and a click on a mark selects its event."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt

from ui.timeline import axis
from ui.timeline.chart import TimelineChart
from ui.timeline.lanes import prepare
from workbench.queries.events import Spans, seconds


def _spans(rows: list[tuple[int, str, str, str, str, list[int]]]) -> Spans:
    out = Spans()
    for ident, start, end, shape, category, actors in rows:
        out.ids.append(ident)
        out.starts.append(seconds(start))
        out.ends.append(seconds(end))
        out.shapes.append(shape)
        out.statuses.append("alleged")
        out.categories.append(category)
        out.titles.append(f"Event {ident}")
        out.actors[ident] = actors
    return out


def test_ticks_follow_the_calendar_at_every_zoom() -> None:
    assert axis.choose_step(40 * axis.YEAR / 800) == ("year", 5)
    assert axis.choose_step(5 * 60 / 800) == ("minute", 1)
    start = seconds("2018-02-10T00:00:00")
    months = list(axis.ticks(start, start + axis.YEAR, "month", 3))
    assert [axis.label(t, "month") for t in months[:3]] == ["Jan 2018", "Apr 2018", "Jul 2018"]
    hours = list(axis.ticks(start, start + 3 * 3600, "hour", 1))
    assert axis.label(hours[1], "hour") == "10 Feb 01:00"
    assert axis.to_datetime(seconds("1990-05-01T12:30:00")) == dt.datetime(1990, 5, 1, 12, 30)


def test_lanes_by_category_and_by_actor() -> None:
    spans = _spans([(1, "2018-01-01T00:00:00", "2018-01-01T23:59:59", "exact", "arrest", [7]),
                    (2, "2018-02-01T00:00:00", "2018-02-28T23:59:59", "range", "", [7, 8]),
                    (3, "2018-03-01T00:00:00", "2018-03-02T00:00:00", "fuzzy", "arrest", [])])
    words = {"none": "No actor", "uncategorised": "Uncategorised", "other": "Other"}
    by_category = prepare(spans, "category", {}, words)
    assert by_category.lanes == ["arrest", "Uncategorised"]
    assert [by_category.lanes_of(i) for i in range(3)] == [[0], [1], [0]]
    by_actor = prepare(spans, "actor", {7: "Rosa", 8: "Minera"}, words)
    assert by_actor.lanes == ["Minera", "No actor", "Rosa"]
    assert by_actor.lanes_of(1) == [0, 2]  # an event with two actors is in both lanes
    assert by_actor.lane_starts[2] == [spans.starts[0], spans.starts[1]]


def test_zoom_is_limited_and_a_click_selects(qtbot) -> None:
    chart = TimelineChart()
    qtbot.addWidget(chart)
    chart.resize(900, 300)
    chart.show()
    qtbot.waitExposed(chart)
    spans = _spans([(41, "2018-04-03T00:00:00", "2018-04-03T23:59:59", "exact", "arrest", [])])
    chart.set_spans(spans)
    for _ in range(40):
        chart.zoom(0.5)
    assert chart.t1 - chart.t0 == axis.MIN_RANGE
    for _ in range(60):
        chart.zoom(2.0)
    assert chart.t1 - chart.t0 == axis.MAX_RANGE
    chart.zoom_to_fit()
    chart.grab()  # paints now
    rect, ident = chart._hits[0]
    assert ident == 41
    with qtbot.waitSignal(chart.event_clicked) as clicked:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert clicked.args == [41] and chart.selected == 41
    assert chart.event_at(QPoint(5, 5).toPointF()) is None


def test_thousands_of_events_are_drawn_as_density(qtbot) -> None:
    chart = TimelineChart()
    qtbot.addWidget(chart)
    chart.resize(900, 300)
    rows = [(i, f"{2000 + i % 20}-01-01T00:00:00", f"{2000 + i % 20}-01-01T00:00:00", "exact",
             "water", []) for i in range(5000)]
    chart.set_spans(_spans(sorted(rows, key=lambda r: r[1])))
    chart.grab()
    assert chart._hits == []  # no single marks: a density band
    assert len(chart.visible_ids()) == 5000
