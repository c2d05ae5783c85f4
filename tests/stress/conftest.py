"""Prints the stress table (promise, check, trials, passed) at the end of a run."""

from __future__ import annotations

from typing import Any

from tests.stress.common import SCALE, TALLIES, table


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if TALLIES:
        terminalreporter.section(f"stress ({SCALE} scale)")
        terminalreporter.write_line(table(TALLIES))
