"""Child process for the kill tests (not a test module): runs one long operation on a case
and prints a flushed line after every step the product reports done, until killed.

Usage: python -m tests.stress.worker OP CASE [ARG]   (passphrase in $WB_PASSPHRASE)
  import CASE FOLDER   import every notes file of FOLDER; "done N" after each group of
                       files committed (groups of 50 ms: kills land inside many)
  migrate CASE         open (and so migrate) an old case; "migrated" when open returns
  backup CASE FOLDER   back up into FOLDER/b<N>.case forever; "backup N" after each
  export CASE FOLDER   export a confidential PDF into FOLDER/r<N>.pdf forever; "export N"
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

from workbench.case import Case


def main() -> int:
    op, case_path = sys.argv[1], Path(sys.argv[2])
    passphrase = os.environ["WB_PASSPHRASE"]
    print("starting", flush=True)
    if op == "migrate":
        with Case.open(case_path, passphrase, reviewer="worker"):
            print("migrated", flush=True)
        return 0
    folder = Path(sys.argv[3])
    with Case.open(case_path, passphrase, reviewer="worker") as case:
        print("opened", flush=True)
        if op == "import":
            from workbench.importers.batch import import_paths
            from workbench.importers.results import ImportOptions

            def progress(done: int, total: int, bytes_done: int, bytes_total: int) -> None:
                print(f"done {done}", flush=True)

            results = import_paths(case, "notes", [folder], progress=progress,
                                   options=ImportOptions(commit_seconds=0.05))
            print("finished", sum(r.ok for r in results), flush=True)
        elif op == "backup":
            for n in itertools.count():
                case.backup(folder / f"b{n}.case")
                print(f"backup {n}", flush=True)
        elif op == "export":
            from workbench.publication.export import export

            for n in itertools.count():
                export(case, "confidential", "pdf", folder / f"r{n}.pdf")
                print(f"export {n}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
