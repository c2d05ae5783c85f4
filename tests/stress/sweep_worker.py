"""The scripted run of the canary sweep (not a test module): a reviewer's session, start to
finish, headless core plus the window (offscreen), in a process whose HOME, config, cache
and temporary folders the parent chose.

Usage: python -m tests.stress.sweep_worker CASE NOTES_FOLDER PHOTOS_FOLDER EXPORT_FOLDER
(passphrase in $WB_PASSPHRASE, the names to search for in $WB_NAMES, one per line).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from db.keys import FAST_KDF
from workbench.case import Case
from workbench.importers.batch import import_paths
from workbench.publication.export import export
from workbench.search import search


def main() -> int:
    case_path, notes, photos, out = map(Path, sys.argv[1:5])
    passphrase = os.environ["WB_PASSPHRASE"]
    names = os.environ["WB_NAMES"].splitlines()
    with Case.create(case_path, passphrase, "Revisión Espinar", kdf=FAST_KDF,
                     reviewer="sweeper") as case:
        results = import_paths(case, "notes", [notes])
        assert all(r.ok for r in results), [r.line() for r in results if not r.ok]
        results = import_paths(case, "photos", [photos])
        assert all(r.ok for r in results), [r.line() for r in results if not r.ok]
        found = sum(bool(search(case, name)) for name in names)
        print(f"found {found} of {len(names)}", flush=True)
        export(case, "confidential", "pdf", out / "confidential.pdf")

    # The window: unlock, look at the views, copy a name, lock, close.
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(idle_timeout_s=None, kdf=FAST_KDF, reviewer="sweeper",
                        settings=QSettings())  # the default place: under XDG_CONFIG_HOME
    window.show()
    case = Case.open(case_path, passphrase, reviewer="sweeper")
    window.show_case(case)
    for _ in range(50):
        app.processEvents()
    for view in ("interviews", "people", "evidence", "timeline", "search"):
        try:
            window.select_view(view)
        except Exception:  # noqa: S112 - a view this build does not have
            continue
        for _ in range(30):
            app.processEvents()
    clipboard = app.clipboard()
    clipboard.setText(names[0])
    window.lock()
    for _ in range(50):
        app.processEvents()
    print("locked", "clipboard kept case text" if names[0] in clipboard.text() else
          "clipboard clear", flush=True)
    window.close()
    app.processEvents()
    print("closed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
