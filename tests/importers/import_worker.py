"""Run an import batch in a child process (the kill test SIGKILLs it at random moments).

Usage: python -m tests.importers.import_worker CASE KIND FOLDER  (passphrase in
$WORKBENCH_PASSPHRASE). Prints "done/total" each time a group of files is committed,
flushed, so the parent can tell how far it got; groups of 50 ms, so kills land between and
inside many of them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from workbench.case import Case
from workbench.importers.batch import import_paths
from workbench.importers.results import ImportOptions


def main() -> int:
    case_path, kind, folder = sys.argv[1:4]
    with Case.open(Path(case_path), os.environ["WORKBENCH_PASSPHRASE"],
                   reviewer="worker") as case:
        def progress(done: int, total: int, bytes_done: int, bytes_total: int) -> None:
            print(f"{done}/{total}", flush=True)

        results = import_paths(case, kind, [Path(folder)], progress=progress,
                               options=ImportOptions(commit_seconds=0.05))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
