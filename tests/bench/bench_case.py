"""Case-file figures: Argon2id derivation, unlock to overview, and the demo case's size.

Run: ``python -m tests.bench.bench_case`` (``make bench`` runs it). Prints a table; medians
of several runs. Figures, not assertions: targets live in the performance issue.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from db import keys
from workbench import demo, overview
from workbench.case import Case

PASSPHRASE = "bench passphrase"
RUNS = 5


def _median(fn, runs: int = RUNS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.case"
        demo.build(path, PASSPHRASE, kdf=keys.DEFAULT_KDF).close()
        salt = keys.read_salt(path)
        derive = _median(lambda: keys.derive_key(PASSPHRASE, salt))

        def unlock() -> None:
            with Case.open(path, PASSPHRASE) as case:
                overview.overview(case)

        unlock_s = _median(unlock)
        size = path.stat().st_size
    print(f"{'metric':<40}{'value':>14}")
    print(f"{'Argon2id parameters':<40}{keys.DEFAULT_KDF.describe():>14}")
    print(f"{'key derivation (median)':<40}{derive * 1000:>11.0f} ms")
    print(f"{'unlock demo case to overview (median)':<40}{unlock_s * 1000:>11.0f} ms")
    print(f"{'unlock minus derivation':<40}{(unlock_s - derive) * 1000:>11.0f} ms")
    print(f"{'demo case file size':<40}{size / 1024:>11.0f} KiB")


if __name__ == "__main__":
    main()
