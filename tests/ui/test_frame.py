"""The frame around the views: global search (Ctrl+F, the toolbar field, Enter opens the
hit), lock after visiting every view (no widget keeps case text), import by dropping a
notes file on the window, and the item models under qtmodeltester."""

from __future__ import annotations

import warnings
from pathlib import Path

from demofile import open_view
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from uihelpers import CANARY, TITLE, holding, unlock

from ui.importing import ImportResultDialog
from ui.models.lazy import Column, LazyIdModel
from ui.models.rows import RowsModel
from ui.views.interviews import InterviewsView
from ui.views.search import SearchView
from ui.views.timeline import TimelineView
from workbench.queries import events as eq


def _drop(window, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """Drag files over the window and drop them (the events a file manager's drag sends)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    at = window.rect().center()
    with warnings.catch_warnings():  # PySide marks the QPoint constructor deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(at.toPointF(), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)


def _settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)


def test_search_from_the_toolbar_and_open_a_result(make_window, qtbot, case_file):
    window = make_window()
    unlock(qtbot, window, case_file.path)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    qtbot.keyClicks(window.search_field, "Pampacancha")
    with qtbot.waitSignal(window.view_loaded, timeout=10_000,
                          check_params_cb=lambda name: name == "search"):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    view = window.current_view()
    assert isinstance(view, SearchView)
    _settle(qtbot, window)
    groups = [view.model.item(r).text() for r in range(view.model.rowCount())]
    assert groups and groups[0].startswith("Events (")
    hit = view.model.item(0).child(0)
    assert CANARY["event"] in hit.text()
    assert "<span style=\"background:#ffe28a\">Pampacancha</span>" in hit.data(
        Qt.ItemDataRole.UserRole + 2)
    view.tree.setCurrentIndex(hit.index())
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    timeline = window.current_view()
    assert isinstance(timeline, TimelineView)
    qtbot.waitUntil(lambda: timeline.selected_id() == case_file.ids["event"], timeout=10_000)


def test_lock_after_every_view_leaves_no_case_text(make_window, qtbot, case_file):
    window = make_window()
    unlock(qtbot, window, case_file.path)
    for name in ("timeline", "interviews", "actors", "search"):
        with qtbot.waitSignal(window.view_loaded, timeout=10_000,
                              check_params_cb=lambda loaded, name=name: loaded == name):
            window.select_view(name)
        _settle(qtbot, window)
    window.view("search").run_search("Pampacancha")  # type: ignore[union-attr]
    _settle(qtbot, window)
    needles = [TITLE, *CANARY.values()]
    assert holding(window, needles)  # the views did show the case
    with qtbot.waitSignal(window.locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert holding(window, needles) == []
    assert window.undo_stack.count() == 0 and not window.search_field.text()
    unlock(qtbot, window, case_file.path)  # and it opens again
    assert window.case is not None


def test_dropping_a_notes_file_imports_it(make_window, qtbot, case_file, tmp_path):
    notes = tmp_path / "entrevista-7.txt"
    notes.write_text("Title: Entrevista siete qzu77\nLanguage: es\n\n"
                     "El agua del canal llegó turbia el lunes.\n", encoding="utf-8")
    window = make_window()
    view = open_view(qtbot, window, case_file.path, "interviews")
    assert isinstance(view, InterviewsView)
    _settle(qtbot, window)
    before = view.model.rowCount()
    with qtbot.waitSignal(window.imported, timeout=20_000) as imported:
        _drop(window, [notes])
    results = imported.args[0]
    assert [r.status for r in results] == ["imported"], [r.line() for r in results]
    dialog = window.findChild(ImportResultDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.item(0, 0).text() == "entrevista-7.txt"
    qtbot.waitUntil(lambda: view.model.rowCount() == before + 1, timeout=10_000)
    dialog.accept()


def test_dropping_nothing_importable_is_refused(make_window, qtbot, case_file, tmp_path):
    window = make_window()
    unlock(qtbot, window, case_file.path)
    errors: list[str] = []
    window.runner.show_error = lambda message, parent: errors.append(message)
    odd = tmp_path / "archive.bin"
    odd.write_bytes(b"\0\1")
    _drop(window, [odd])
    assert errors and "None of the dropped files" in errors[0]


def test_models_pass_the_model_tester(make_window, qtbot, case_file, qtmodeltester):
    window = make_window()
    timeline = open_view(qtbot, window, case_file.path, "timeline")
    _settle(qtbot, window)
    qtmodeltester.check(timeline.model)
    with qtbot.waitSignal(window.view_loaded, timeout=10_000,
                          check_params_cb=lambda name: name == "interviews"):
        window.select_view("interviews")
    _settle(qtbot, window)
    qtmodeltester.check(window.view("interviews").model)  # type: ignore[union-attr]
    with qtbot.waitSignal(window.view_loaded, timeout=10_000,
                          check_params_cb=lambda name: name == "actors"):
        window.select_view("actors")
    _settle(qtbot, window)
    qtmodeltester.check(window.view("actors").model)  # type: ignore[union-attr]
    with qtbot.waitSignal(window.view_loaded, timeout=10_000,
                          check_params_cb=lambda name: name == "search"):
        window.select_view("search")
    search = window.current_view()
    assert isinstance(search, SearchView)
    with qtbot.waitSignal(search.loaded, timeout=10_000):
        search.run_search("notes")
    qtmodeltester.check(search.model)


def test_lazy_model_loads_pages_on_demand(qtbot, qtmodeltester, tmp_path: Path):
    """Without a case: rows come from a fetch function, a page at a time."""
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    asked: list[list[int]] = []

    def fetch(ids: list[int]) -> dict[int, eq.EventRow]:
        asked.append(ids)
        return {i: eq.EventRow(i, "2018", "2018", f"Event {i}", "", "alleged", "", "", 0)
                for i in ids}

    model = LazyIdModel(runner, [Column("Title", lambda r: r.title)], fetch)
    model.set_ids(list(range(1, 1001)))
    assert model.index(450, 0).data() is None  # not loaded yet: asks for its page
    qtbot.waitUntil(lambda: model.index(450, 0).data() == "Event 451", timeout=5000)
    assert asked == [list(range(401, 601))]
    model.mark_stale([451])
    assert model.cached(451) is None
    qtmodeltester.check(model)
    rows = RowsModel([Column("Title", lambda r: r.title)])
    rows.set_rows([eq.EventRow(1, "", "", "One", "", "alleged", "", "", 0)])
    qtmodeltester.check(rows)
    runner.wait_for_done()
