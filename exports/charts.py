"""The chronology chart: events on a time axis as vector graphics (a ReportLab Drawing).

A dated event is a dot at its day; a partial date or a range is a bar from its earliest to
its latest bound, so the width shows how little is known. Approximate or uncertain dates are
drawn hollow and dashed. Events are packed into lanes so labels do not collide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors

from exports.layout import FONT
from exports.model import ChronologyEntry

LANE = 12.0
AXIS_SPACE = 22.0
MAX_LANES = 28
TITLED_UP_TO = 15
TITLE_CHARS = 34
STATUS_COLOUR = {
    "established": colors.HexColor("#1d6b3a"), "corroborated": colors.HexColor("#2f7d9c"),
    "alleged": colors.HexColor("#b7791f"), "contested": colors.HexColor("#b42318"),
    "refuted": colors.HexColor("#7b8794"),
}


def _parse(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso[:19])


def _ticks(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, str]]:
    days = (end - start).days
    if days > 3 * 365:
        return [(dt.datetime(y, 1, 1), str(y)) for y in range(start.year + 1, end.year + 1)]
    step = 1 if days < 200 else 3 if days < 800 else 6
    out: list[tuple[dt.datetime, str]] = []
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        moment = dt.datetime(year, month, 1)
        if moment > end:
            return out
        if (month - 1) % step == 0:
            out.append((moment, f"{month:02d}/{year}" if month != 1 else str(year)))


def _label(e: ChronologyEntry, titled: bool) -> str:
    if not titled:
        return e.ref
    title = e.title if len(e.title) <= TITLE_CHARS else e.title[:TITLE_CHARS - 1] + "…"
    return f"{e.ref} {title}"


def chronology_chart(entries: Sequence[ChronologyEntry], width: float) -> Drawing | None:
    dated = [e for e in entries if e.earliest and e.latest]
    if not dated:
        return None
    first = min(_parse(e.earliest or "") for e in dated)
    last = max(_parse(e.latest or "") for e in dated)
    span = max((last - first).total_seconds(), 86400.0)
    pad = span * 0.03
    t0 = first - dt.timedelta(seconds=pad)
    total = span + 2 * pad
    left, right = 4.0, width - 4.0

    def x(moment: dt.datetime) -> float:
        return left + (moment - t0).total_seconds() / total * (right - left)

    lanes: list[float] = []  # right edge used in each lane
    placed = []
    titled = len(dated) <= TITLED_UP_TO  # few events: name them on the chart too
    for e in dated:
        x0, x1 = x(_parse(e.earliest or "")), x(_parse(e.latest or ""))
        words = _label(e, titled)
        if max(x1, x0 + 3) + 3 + 3.4 * len(words) > width:  # no room on the right
            words = e.ref
        label_end = max(x1, x0 + 3) + 3 + 3.4 * len(words)
        lane = next((i for i, edge in enumerate(lanes) if edge < x0 - 2), None)
        if lane is None:
            if len(lanes) < MAX_LANES:
                lanes.append(0.0)
                lane = len(lanes) - 1
            else:  # crowded: the least-full lane takes it
                lane = min(range(len(lanes)), key=lanes.__getitem__)
        lanes[lane] = max(lanes[lane], label_end)
        placed.append((e, lane, x0, x1, words))
    height = AXIS_SPACE + LANE * len(lanes) + 6
    d = Drawing(width, height)
    d.add(Rect(0, 0, width, height, fillColor=colors.HexColor("#f7f9fb"), strokeColor=None))
    d.add(Line(left, AXIS_SPACE - 6, right, AXIS_SPACE - 6, strokeColor=colors.HexColor("#52606d"),
               strokeWidth=0.8))
    for moment, label in _ticks(t0, t0 + dt.timedelta(seconds=total)):
        tx = x(moment)
        d.add(Line(tx, AXIS_SPACE - 9, tx, height - 3, strokeColor=colors.HexColor("#d9e2ec"),
                   strokeWidth=0.4))
        d.add(String(tx, AXIS_SPACE - 17, label, fontName=FONT, fontSize=6.2,
                     textAnchor="middle", fillColor=colors.HexColor("#52606d")))
    for e, lane, x0, x1, words in placed:
        y = AXIS_SPACE + LANE * lane + LANE / 2
        colour = STATUS_COLOUR.get(e.status, colors.HexColor("#52606d"))
        vague = e.approximate or e.uncertain
        dash = [2, 1.5] if vague else None
        fill = colors.white if vague else colour
        if x1 - x0 >= 3:
            d.add(Rect(x0, y - 2.6, x1 - x0, 5.2, fillColor=fill, strokeColor=colour,
                       strokeWidth=0.8, strokeDashArray=dash))
        else:
            d.add(Circle((x0 + x1) / 2, y, 2.8, fillColor=fill, strokeColor=colour,
                         strokeWidth=0.9, strokeDashArray=dash))
        d.add(String(max(x1, x0 + 3) + 3, y - 2.2, words, fontName=FONT, fontSize=6,
                     fillColor=colors.HexColor("#323f4b")))
    return d


def legend(lang: str) -> Drawing:
    words = {"en": ("established", "corroborated", "alleged", "contested", "refuted"),
             "es": ("establecido", "corroborado", "alegado", "controvertido", "refutado")}
    d = Drawing(420, 12)
    xpos = 0.0
    for key, word in zip(STATUS_COLOUR, words.get(lang, words["en"]), strict=True):
        d.add(Circle(xpos + 4, 5, 3, fillColor=STATUS_COLOUR[key], strokeColor=None))
        d.add(String(xpos + 10, 2.6, word, fontName=FONT, fontSize=6.5))
        xpos += 14 + 4.2 * len(word) + 10
    return d


__all__ = ["chronology_chart", "legend"]
