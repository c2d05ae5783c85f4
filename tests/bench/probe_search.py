"""What bounds search on the encrypted case: the bare FTS5 ranking query, on one keyed
connection that runs nothing else, with SQLCipher's memory security off and on, with and
without the driver's statement cache, fresh and after that connection has run a
transaction (an empty BEGIN ... COMMIT).

Run: ``python -m tests.bench.probe_search [small|large]`` (the case ``make bench`` built).
Each setting runs in a fresh interpreter: cipher_memory_security is process-wide. Prints
p50 and p95 of the ranking query alone (``db.search_index.rank`` runs it twice per search:
titles first, then everything). Figures, not assertions; see docs/bench-profiles/README.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from db import engine as dbengine
from db import keys
from db.search_index import match_expression
from tests.bench.common import percentile
from tests.bench.generate import CACHE, PASSPHRASE
from tests.bench.run import queries

RANKING = ("SELECT rowid, bm25(search_index, 0.0, 0.0, 5.0, 1.0) AS score FROM search_index "
           "WHERE search_index MATCH ? ORDER BY score LIMIT 50")
ROOT = Path(__file__).resolve().parents[2]


def _ranking_times(conn: object, qs: list[str]) -> list[float]:
    times = []
    for q in qs:
        start = time.perf_counter()
        conn.execute(RANKING, (match_expression(q),)).fetchall()  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
    return times


def child(size: str, memory_security: bool) -> None:
    if memory_security:
        dbengine.check_sqlcipher_build()  # turns it on, as every open of a case does
    path = CACHE / size / "case.case"
    key = keys.derive_key(PASSPHRASE, keys.read_salt(path))
    qs = queries(100)
    label = "on " if memory_security else "off"
    # The case's connections keep no prepared statements (db.engine.STATEMENT_CACHE);
    # 128 is the driver's default, which made ranking after a transaction 2-3x slower.
    for cache in (dbengine.STATEMENT_CACHE, 128):
        conn = dbengine.connect(path, key, statement_cache=cache)
        conn.isolation_level = None  # autocommit, as Case.read_index
        _ranking_times(conn, qs)  # warm the page cache
        for when in ("fresh", "after BEGIN; COMMIT"):
            if when.startswith("after"):
                conn.execute("BEGIN")
                conn.execute("COMMIT")
            times = _ranking_times(conn, qs)
            print(f"memory security {label}  cached statements {cache:>3}  {when:<20} "
                  f"p50 {percentile(times, 50):6.1f} ms   p95 {percentile(times, 95):6.1f} ms",
                  flush=True)
        conn.close()


def main() -> int:
    size = sys.argv[1] if len(sys.argv) > 1 else "large"
    if len(sys.argv) > 2:
        child(size, sys.argv[2] == "on")
        return 0
    print(f"FTS5 ranking query alone, {size} case, 100 queries of 1-3 words")
    for setting in ("off", "on"):
        subprocess.run([sys.executable, "-m", "tests.bench.probe_search", size, setting],
                       cwd=ROOT, env=dict(os.environ), check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
