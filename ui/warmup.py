"""The core, loaded in the background while the unlock screen waits for a passphrase.

The window shows its unlock screen with Qt and a few light modules only. SQLAlchemy, the
models, the case and its services, the importers and the view modules (half a second to a
second of imports) are loaded here, on one plain Python thread that the window starts once
it has first shown, so they are in by the time a reviewer has typed a passphrase.

Code that needs them imports them where used, after ``wait()``: whichever thread comes
first (the database worker opening a case, the window showing it) waits for this thread to
finish rather than importing the same packages beside it. Two threads importing a package
with import cycles (SQLAlchemy has them) can each see the other's half-initialised module;
one importer at a time cannot. Nothing here makes a Qt object: the view modules only
define classes.
"""

from __future__ import annotations

import importlib
import logging
import threading

# Every module the window uses once a case is open. ``ui.views`` imports every view and,
# through them, the services and queries.
CORE = (
    "workbench.case",
    "workbench.maintenance",
    "workbench.importers.batch",
    "workbench.publication.file_names",
    "exports.model",
    "ui.views",
)

log = logging.getLogger("workbench.ui")

_lock = threading.Lock()
_thread: threading.Thread | None = None


def _load() -> None:
    for name in CORE:
        try:
            importlib.import_module(name)
        except Exception:  # the code that imports it next raises it where it is reported
            log.exception("loading %s in the background failed", name)
            return


def start() -> None:
    """Load the core on a background thread (once per process; later calls do nothing).
    A daemon thread: quitting while it loads does not wait for it."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_load, name="workbench-warm-up", daemon=True)
            _thread.start()


def started() -> bool:
    return _thread is not None


def wait() -> None:
    """Return once the core is loaded: start loading it if nothing has, and wait for the
    loading thread. Call before importing any module of ``CORE`` (or one they import)
    outside this thread."""
    start()
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        thread.join()
