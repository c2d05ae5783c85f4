"""`python -m tests.stress`: the full stress suite (`make stress`), then its table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.stress.common import PROJECT, Tally, table


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder, "tallies.jsonl")
        env = {**os.environ, "WORKBENCH_STRESS": os.environ.get("WORKBENCH_STRESS", "full"),
               "WORKBENCH_STRESS_REPORT": str(report)}
        started = time.monotonic()
        rc = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "-o", "timeout=1500", "tests/stress", *sys.argv[1:]],
                             cwd=PROJECT, env=env)
        tallies = [Tally(**json.loads(line)) for line in
                   report.read_text(encoding="utf-8").splitlines()] if report.exists() else []
    print()
    print(f"== stress ({env['WORKBENCH_STRESS']} scale), "
          f"{time.monotonic() - started:.0f} s, pytest exit {rc}")
    print(table(tallies))
    failed = sum(t.trials - t.passed for t in tallies)
    return rc or (1 if failed else 0)


if __name__ == "__main__":
    sys.exit(main())
