"""The background-task runner: work off the UI thread, results on it, one serial database
worker, a progress dialog only for long work, Cancel that works, errors of two kinds."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from ui.tasks import BUG_MESSAGE, TaskRunner, UnexpectedError
from workbench.errors import Cancelled, WrongPassphrase


@pytest.fixture
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.discard_pending()
    r.wait_for_done()


def _progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()]


def test_work_runs_off_the_ui_thread_and_answers_on_it(runner, qtbot):
    seen: dict[str, threading.Thread] = {}

    def work() -> int:
        seen["work"] = threading.current_thread()
        return 42

    results: list[int] = []

    def done(value: int) -> None:
        seen["done"] = threading.current_thread()
        results.append(value)

    runner.run_op(work, on_done=done)
    qtbot.waitUntil(lambda: results == [42])
    assert seen["work"] is not threading.main_thread()
    assert seen["done"] is threading.main_thread()


def test_database_work_is_serial_and_in_order(runner, qtbot):
    threads: set[int] = set()
    order: list[int] = []
    inside = threading.Semaphore(1)

    def work(i: int) -> int:
        assert inside.acquire(blocking=False), "two database calls ran at once"
        try:
            threads.add(threading.get_ident())
            order.append(i)
            return i
        finally:
            inside.release()

    delivered: list[int] = []
    for i in range(20):
        runner.run_op(lambda i=i: work(i), on_done=delivered.append)
    qtbot.waitUntil(lambda: len(delivered) == 20)
    assert order == delivered == list(range(20))
    assert len(threads) == 1


def test_file_work_runs_beside_database_work(runner, qtbot):
    release = threading.Event()
    runner.run_op(lambda: release.wait(10))  # the database worker is busy...
    done: list[str] = []
    runner.run_op(lambda: "hashed", on_done=done.append, pool="file")
    qtbot.waitUntil(lambda: done == ["hashed"])  # ... file work does not wait for it
    release.set()


def test_a_user_error_goes_to_on_failed(runner, qtbot):
    failures = []
    runner.run_op(lambda: (_ for _ in ()).throw(WrongPassphrase("x: wrong passphrase")),
                  on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], WrongPassphrase)


def test_a_user_error_without_handler_is_shown_as_a_message(runner, qtbot):
    shown = []
    runner.show_error = lambda message, parent: shown.append(message)
    runner.run_op(lambda: (_ for _ in ()).throw(WrongPassphrase("x: wrong passphrase")))
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["x: wrong passphrase"]


def test_a_bug_is_reported_without_its_message(runner, qtbot, caplog):
    def broken() -> None:
        raise ValueError("Testimony of Wilfredo Quispe qzu99")  # case text in a message

    failures = []
    with caplog.at_level(logging.ERROR, logger="workbench.ui"):
        runner.run_op(broken, on_failed=failures.append)
        qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], UnexpectedError)
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "bugReport")
    assert box.isVisible() and box.text() == BUG_MESSAGE
    box.close()
    logged = caplog.text
    assert "ValueError" in logged and "broken" in logged  # where it happened
    assert "qzu99" not in logged and "Quispe" not in logged  # never what it said


def test_short_work_shows_no_progress_dialog(runner, qtbot):
    done = []
    runner.run_long(lambda progress, cancelled: progress(1, 1) or "ok", label="Quick",
                    on_done=done.append)
    qtbot.waitUntil(lambda: done == ["ok"])
    assert _progress_dialogs() == []


def test_long_work_shows_progress_after_half_a_second_and_cancel_stops_it(runner, qtbot):
    started = threading.Event()

    def long_work(progress, cancelled) -> str:
        started.set()
        step = 0
        while not cancelled():
            step += 1
            progress(step % 100, 100)
            threading.Event().wait(0.005)
        raise Cancelled("import cancelled; what had finished is kept")

    failures = []
    runner.run_long(long_work, label="Importing photos…", on_failed=failures.append)
    assert started.wait(5)
    assert _progress_dialogs() == []  # not at once: only work that lasts gets a dialog
    qtbot.waitUntil(lambda: len(_progress_dialogs()) == 1, timeout=5000)
    dialog = _progress_dialogs()[0]
    assert dialog.labelText() == "Importing photos…" and dialog.maximum() == 100
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], Cancelled)
    assert _progress_dialogs() == []


def test_coarse_steps_in_quick_succession_are_all_shown(runner, qtbot):
    """Five stages reported within a millisecond: the dialog shows the stage reached (the
    throttle drops only fine steps, which the next one soon replaces)."""
    release = threading.Event()

    def stages(progress, cancelled) -> str:
        for step in (0, 1, 2):
            progress(step, 5)
        release.wait(10)
        return "done"

    done: list[str] = []
    runner.run_long(stages, label="Exporting…", on_done=done.append)
    qtbot.waitUntil(lambda: len(_progress_dialogs()) == 1, timeout=5000)
    qtbot.waitUntil(lambda: _progress_dialogs()[0].value() == 2, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: done == ["done"], timeout=5000)


def test_work_cancelled_before_its_turn_never_runs_but_is_answered(runner, qtbot):
    release = threading.Event()
    runner.run_op(lambda: release.wait(10))  # the database worker is busy
    ran: list[int] = []
    failures: list[Exception] = []
    runner.run_long(lambda progress, cancelled: ran.append(1), label="Waiting for its turn…",
                    on_failed=failures.append)
    qtbot.waitUntil(lambda: len(_progress_dialogs()) == 1, timeout=5000)
    dialog = _progress_dialogs()[0]
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], Cancelled) and ran == []
    assert _progress_dialogs() == [] and not runner.busy  # no dialog left "Cancelling…"


def test_discarded_work_is_never_delivered_nor_started(runner, qtbot):
    release = threading.Event()
    ran: list[str] = []
    delivered: list[str] = []
    runner.run_op(lambda: release.wait(10) and "first", on_done=delivered.append)
    runner.run_op(lambda: ran.append("queued") or "queued", on_done=delivered.append)
    runner.discard_pending()  # the case was locked meanwhile
    release.set()
    after: list[str] = []
    runner.run_op(lambda: "after", on_done=after.append)
    qtbot.waitUntil(lambda: after == ["after"])
    assert delivered == [] and ran == []


def test_a_result_that_arrives_after_discard_is_released(runner, qtbot):
    """An opened case that nobody will show any more is still closed (its key forgotten)."""
    started, release = threading.Event(), threading.Event()
    delivered: list[object] = []
    released: list[object] = []

    def open_case() -> str:
        started.set()
        release.wait(10)
        return "opened case"

    runner.run_op(open_case, on_done=delivered.append, on_discarded=released.append)
    assert started.wait(10)
    runner.discard_pending()  # the window closes while the case is being unlocked
    release.set()
    runner.wait_for_done()
    assert delivered == [] and released == ["opened case"]
