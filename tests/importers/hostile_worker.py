"""Read every file of a folder as a photo under a hard address-space limit (the memory
test runs this in a child process): a file that needed unbounded memory would fail here.

Usage: python -m tests.importers.hostile_worker FOLDER LIMIT_MB
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def main() -> int:
    folder, limit_mb = Path(sys.argv[1]), int(sys.argv[2])
    from workbench.importers.photos import read_photo  # loaded before the limit applies
    from workbench.importers.results import Rejected

    limit = limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            read_photo(path.read_bytes())
            print(f"imported {path.name}", flush=True)
        except Rejected as exc:
            print(f"rejected {path.name}: {exc}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
