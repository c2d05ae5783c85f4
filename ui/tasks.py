"""Background work for the window (Anki's pattern): database calls on ONE serial worker,
file work on a pool, results and failures delivered on the UI thread.

Long work shows a progress dialog only if it lasts longer than half a second; its Cancel
button sets a flag that the core checks through the ``cancelled()`` callable it was given.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from workbench.errors import Cancelled, CaseError, describe_bug

PROGRESS_DELAY_MS = 500
_PROGRESS_EVERY_S = 0.05  # a core loop may report thousands of steps; the eye needs ~20/s
_COARSE_STEPS = 20  # a step of at least 1/20 of the total is always shown

log = logging.getLogger("workbench.ui")

Pool = Literal["db", "file"]
ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]


class UnexpectedError(CaseError):
    """Passed to ``on_failed`` when the work failed with a bug (already reported)."""


BUG_MESSAGE = ("Something went wrong inside the workbench (a bug). Nothing was lost; the "
               "details were written to the log.")


class Task:
    """The handle on one piece of background work: its cancel flag and its progress."""

    def __init__(self, runner: TaskRunner, task_id: int) -> None:
        self.id = task_id
        self._runner = runner
        self._cancel = threading.Event()
        self._last_report = 0.0
        self._last_done = 0

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        """True once the user pressed Cancel (or the case was locked): stop soon."""
        return self._cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        """Called from the worker thread; throttled, except for the last step and for steps
        of a twentieth of the total or more (a stage of five, a file of ten): a dropped
        coarse step would stay unseen for as long as that stage lasts."""
        now = time.monotonic()
        small = (done - self._last_done) * _COARSE_STEPS < total
        if done < total and small and now - self._last_report < _PROGRESS_EVERY_S:
            return
        self._last_report, self._last_done = now, done
        self._runner._progressed.emit(self.id, done, total)


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, task: Task, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner, self._task, self._fn = runner, task, fn

    def run(self) -> None:
        if self._task.cancelled():
            # Cancelled before its turn came: never started, but still answered, so the
            # progress dialog closes and on_failed hears of it. (A task discarded by lock
            # has no one waiting; its answer is dropped.)
            self._runner._finished.emit(self._task.id, False,
                                        Cancelled("cancelled before it started"))
            return
        try:
            result = self._fn()
        except BaseException as exc:  # every outcome goes back to the UI thread
            self._runner._finished.emit(self._task.id, False, exc)
        else:
            self._runner._finished.emit(self._task.id, True, result)


class _DelayedProgress:
    """A progress dialog that shows itself only if the work is still running after 500 ms."""

    def __init__(self, task: Task, label: str, parent: QWidget | None) -> None:
        self._task, self._label, self._parent = task, label, parent
        self._done = self._total = 0
        self.dialog: QProgressDialog | None = None
        self._timer = QTimer(singleShot=True, interval=PROGRESS_DELAY_MS)
        self._timer.timeout.connect(self._show)
        self._timer.start()

    def _show(self) -> None:
        d = QProgressDialog(self._label, "Cancel", 0, self._total, self._parent)
        d.setWindowTitle("Working")
        d.setWindowModality(Qt.WindowModality.WindowModal)
        d.setMinimumDuration(0)
        d.setAutoClose(False)
        d.setAutoReset(False)
        d.setValue(self._done)
        d.canceled.connect(self._cancel)
        d.show()
        self.dialog = d

    def _cancel(self) -> None:
        self._task.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling…")
            self.dialog.setCancelButton(None)

    def update(self, done: int, total: int) -> None:
        self._done, self._total = done, total
        if self.dialog is not None:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)

    def close(self) -> None:
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self._cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


@dataclass
class _Pending:
    task: Task
    on_done: Callable[[Any], None] | None
    on_failed: Callable[[CaseError], None] | None
    parent: QWidget | None
    progress: _DelayedProgress | None = None
    on_discarded: Callable[[Any], None] | None = None


class TaskRunner(QObject):
    """Runs core calls off the UI thread and calls back on it.

    ``run_op(fn)`` for a plain call; ``run_long(fn, label=...)`` for work that reports
    progress and can be cancelled: ``fn(progress, cancelled)``.
    """

    _finished = Signal(int, bool, object)
    _progressed = Signal(int, int, int)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # One thread for the database: SQLite wants one writer, and a fixed thread avoids
        # "database is locked" and keeps the order in which the window asked for things.
        self._db = QThreadPool(self)
        self._db.setMaxThreadCount(1)
        self._db.setExpiryTimeout(-1)
        self._files = QThreadPool(self)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._orphans: dict[int, Callable[[Any], None]] = {}  # discarded, result to release
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        # Replaceable (tests, a future crash reporter); called on the UI thread.
        self.show_bug: Callable[[str, QWidget | None], None] = _bug_box
        self.show_error: Callable[[str, QWidget | None], None] = _error_box

    # -- starting work -------------------------------------------------------------

    def run_op(self, fn: Callable[[], Any], *, on_done: Callable[[Any], None] | None = None,
               on_failed: Callable[[CaseError], None] | None = None, pool: Pool = "db",
               parent: QWidget | None = None,
               on_discarded: Callable[[Any], None] | None = None) -> Task:
        """Run ``fn()`` in the background; ``on_done(result)`` or ``on_failed(error)`` follow
        on the UI thread. Without ``on_failed`` a user error is shown in a message box.
        ``on_discarded(result)`` releases a result that arrives after ``discard_pending``
        (an opened case nobody will show must still be closed)."""
        task = Task(self, next(self._ids))
        self._pending[task.id] = _Pending(task, on_done, on_failed, parent,
                                          on_discarded=on_discarded)
        self._start(task, fn, pool)
        return task

    def run_long(self, fn: Callable[[ProgressFn, CancelledFn], Any], *, label: str,
                 on_done: Callable[[Any], None] | None = None,
                 on_failed: Callable[[CaseError], None] | None = None, pool: Pool = "db",
                 parent: QWidget | None = None) -> Task:
        """Like ``run_op`` for ``fn(progress, cancelled)``, with a delayed progress dialog."""
        task = Task(self, next(self._ids))
        pending = _Pending(task, on_done, on_failed, parent,
                           _DelayedProgress(task, label, parent))
        self._pending[task.id] = pending
        self._start(task, lambda: fn(task.progress, task.cancelled), pool)
        return task

    def _start(self, task: Task, fn: Callable[[], Any], pool: Pool) -> None:
        was_busy = len(self._pending) > 1
        (self._db if pool == "db" else self._files).start(_Job(self, task, fn))
        if not was_busy:
            self.busy_changed.emit(True)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    # -- stopping ------------------------------------------------------------------

    def discard_pending(self) -> None:
        """Forget every unfinished task (used by lock): their results are never delivered,
        queued ones never start, running ones are asked to cancel."""
        pending, self._pending = self._pending, {}
        for p in pending.values():
            p.task.cancel()
            if p.on_discarded is not None:
                self._orphans[p.task.id] = p.on_discarded
            if p.progress is not None:
                p.progress.close()
        if pending:
            self.busy_changed.emit(False)

    def wait_for_done(self) -> None:
        """Block until the workers are idle (window closing: nothing may use the case)."""
        self._db.waitForDone()
        self._files.waitForDone()
        # Deliver what finished meanwhile, orphans included (PySide queues the calls to a
        # Python slot through a receiver of its own, hence no receiver here).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)

    # -- delivery on the UI thread ---------------------------------------------------

    def _on_progress(self, task_id: int, done: int, total: int) -> None:
        p = self._pending.get(task_id)
        if p is not None and p.progress is not None:
            p.progress.update(done, total)

    def _deliver(self, task_id: int, ok: bool, payload: object) -> None:
        p = self._pending.pop(task_id, None)
        if p is None:  # discarded: the case was locked meanwhile
            release = self._orphans.pop(task_id, None)
            if release is not None and ok:
                release(payload)
            return
        if p.progress is not None:
            p.progress.close()
        if not self._pending:
            self.busy_changed.emit(False)
        if ok:
            if p.on_done is not None:
                p.on_done(payload)
            return
        assert isinstance(payload, BaseException)
        self._fail(p, payload)

    def _fail(self, p: _Pending, exc: BaseException) -> None:
        if isinstance(exc, CaseError):
            if p.on_failed is not None:
                p.on_failed(exc)
            elif not isinstance(exc, Cancelled):
                self.show_error(str(exc), p.parent)
            return
        log.error("internal error in background work (a bug):\n%s", describe_bug(exc))
        self.show_bug(BUG_MESSAGE, p.parent)
        if p.on_failed is not None:
            p.on_failed(UnexpectedError(BUG_MESSAGE))


# A message box without a parent is owned by Python alone; keep it alive while it is open.
_open_boxes: set[QMessageBox] = set()


def _message_box(icon: QMessageBox.Icon, title: str, message: str, parent: QWidget | None,
                 name: str) -> QMessageBox:
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    _open_boxes.add(box)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.open()  # window-modal, without a nested event loop
    return box


def close_open_messages() -> None:
    """Close every message box this module opened (lock: they may quote the case)."""
    for box in list(_open_boxes):
        box.setText("")  # at once: deletion is deferred to the event loop
        box.done(QMessageBox.StandardButton.Ok)


def _error_box(message: str, parent: QWidget | None) -> None:
    _message_box(QMessageBox.Icon.Warning, "Workbench", message, parent, "errorMessage")


def _bug_box(message: str, parent: QWidget | None) -> None:
    _message_box(QMessageBox.Icon.Critical, "Workbench: internal error", message, parent,
                 "bugReport")
