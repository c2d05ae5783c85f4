"""Scale (quick inside `make test`, full under `make stress`) and the trial tally.

WORKBENCH_STRESS=full selects the full scale. Every check records how many trials it ran
and how many passed; the conftest prints the table at the end of the run and, when
WORKBENCH_STRESS_REPORT names a file, appends each record to it as a JSON line.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
CORPORA = PROJECT.parent / "shared" / "corpora"
FULL = os.environ.get("WORKBENCH_STRESS", "quick").lower() == "full"
SCALE = "full" if FULL else "quick"


def scaled(quick: int, full: int) -> int:
    return full if FULL else quick


@dataclass
class Tally:
    promise: str
    check: str
    trials: int
    passed: int
    seconds: float = 0.0


TALLIES: list[Tally] = []


def record(promise: str, check: str, trials: int, passed: int, seconds: float = 0.0) -> None:
    tally = Tally(promise, check, trials, passed, round(seconds, 1))
    TALLIES.append(tally)
    report = os.environ.get("WORKBENCH_STRESS_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as f:
            f.write(json.dumps(tally.__dict__, ensure_ascii=False) + "\n")


def table(tallies: list[Tally]) -> str:
    rows = [("promise", "check", "trials", "passed", "seconds")]
    rows += [(t.promise, t.check, str(t.trials), str(t.passed), f"{t.seconds:.1f}")
             for t in tallies]
    by_promise: dict[str, list[int]] = {}
    for t in tallies:
        by_promise.setdefault(t.promise, [0, 0])
        by_promise[t.promise][0] += t.trials
        by_promise[t.promise][1] += t.passed
    rows.append(("", "", "", "", ""))
    rows += [(p, "TOTAL", str(a), str(b), "") for p, (a, b) in sorted(by_promise.items())]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in rows)


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": f"{PROJECT}{os.pathsep}{PROJECT / 'tests'}",
           "PYTHONDONTWRITEBYTECODE": "1"}
    env.update(extra)
    return env


PYTHON = sys.executable
