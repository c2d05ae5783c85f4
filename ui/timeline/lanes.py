"""What the chart draws, prepared off the UI thread (no Qt here): spans in start order,
the lanes (by category or by actor, the busiest first, the rest in "Other"), each span's
lanes, and each lane's sorted start times for counting events per pixel by bisection."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from workbench.queries.events import Spans

MAX_LANES = 9


@dataclass
class ChartData:
    spans: Spans = field(default_factory=Spans)
    max_len: float = 0.0
    lanes: list[str] = field(default_factory=list)
    lane: list[int] = field(default_factory=list)  # each span's (first) lane
    more_lanes: dict[int, tuple[int, ...]] = field(default_factory=dict)  # span -> others
    lane_starts: list[list[float]] = field(default_factory=list)
    first: float = 0.0
    last: float = 0.0

    def lanes_of(self, index: int) -> list[int]:
        return [self.lane[index], *self.more_lanes.get(index, ())]


def prepare(spans: Spans, lane_by: str, actor_names: dict[int, str],
            words: dict[str, str]) -> ChartData:
    """``words``: the translated "No actor", "Uncategorised" and "Other".

    Each span's lane keys are worked out twice (to count, then to place) rather than kept:
    100,000 small lists made the window's young garbage collection take 140 ms."""
    if lane_by == "actor":
        none = [words["none"]]

        def keys(n: int) -> list[str]:
            return [actor_names.get(a, "?") for a in spans.actors.get(spans.ids[n], ())] \
                or none
    else:
        uncategorised = words["uncategorised"]

        def keys(n: int) -> list[str]:
            return [spans.categories[n] or uncategorised]

    count = len(spans.ids)
    counts = Counter(k for n in range(count) for k in keys(n))
    lanes = sorted((k for k, _ in counts.most_common(MAX_LANES)), key=str.casefold)
    if len(counts) > MAX_LANES:
        lanes.append(words["other"])
    index = {k: i for i, k in enumerate(lanes)}
    other = index.get(words["other"], 0)
    lane: list[int] = []
    more: dict[int, tuple[int, ...]] = {}
    lane_starts: list[list[float]] = [[] for _ in lanes]
    for n, start in enumerate(spans.starts):
        its = sorted({index.get(k, other) for k in keys(n)})
        lane.append(its[0])
        if len(its) > 1:
            more[n] = tuple(its[1:])
        for one in its:
            lane_starts[one].append(start)  # spans come sorted by start
    return ChartData(spans, max((e - s for s, e in zip(spans.starts, spans.ends, strict=True)),
                                default=0.0), lanes, lane, more, lane_starts,
                     spans.starts[0] if spans.starts else 0.0, max(spans.ends, default=0.0))
