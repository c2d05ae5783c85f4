"""The main window on real case files: the overview, lock (Ctrl+L and idle), close, and
what the window keeps in its settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from uihelpers import CANARY, PASSPHRASE, TITLE, holding, texts_in, unlock

from db.keys import FAST_KDF
from ui.views import VIEWS
from ui.views.overview import OverviewView
from workbench.case import Case
from workbench.errors import CaseLocked, InvalidInput


def _shown_texts(window) -> list[str]:
    """What the window shows of the open case: the title, the header line, and every cell
    of the recent activity (short words and digits would match the window's own words)."""
    view = window.current_view()
    assert isinstance(view, OverviewView)
    model = view.activity_model
    cells = [model.index(r, c).data() for r in range(model.rowCount())
             for c in range(model.columnCount())]
    return sorted({t for t in (TITLE, view.subtitle.text(), *cells) if t and len(t) >= 6})


def _case_texts(window) -> list[str]:
    """Everything of the case: what is shown, and the canaries written into it."""
    return sorted({*_shown_texts(window), *CANARY.values()})


def test_unlock_shows_the_overview_with_the_right_counts(make_window, qtbot, case_file):
    window = make_window()
    unlock(qtbot, window, case_file.path)

    view = window.current_view()
    assert isinstance(view, OverviewView)
    expected = case_file.overview
    assert view.title.text() == TITLE
    assert not view.demo_badge.isVisibleTo(window)
    assert f"schema version {expected.schema_version}" in view.subtitle.text()
    assert expected.counts["events"] >= 1 and expected.counts["interviews"] >= 1
    for name, count in expected.counts.items():
        assert view.count_text(name) == f"{count:,}", name
    # Recent activity: the newest audit entries, newest first.
    model = view.activity_model
    assert model.rowCount() == min(10, expected.counts["audit_entries"])
    assert [model.index(r, 2).data() for r in range(model.rowCount())] == \
        [a.action for a in expected.recent][: model.rowCount()]
    assert model.index(0, 1).data() == "tester"
    assert window.navigator.currentItem().text() == "Overview"
    assert window.lock_action.isEnabled()
    assert "espinar.case" in window.windowTitle()
    assert TITLE not in window.windowTitle()  # the title bar is seen by screen sharing


def test_a_demo_case_is_marked_fictional(make_window, qtbot, tmp_path):
    path = tmp_path / "demo.case"
    Case.create(path, PASSPHRASE, "A made-up review", kdf=FAST_KDF, reviewer="tester",
                is_demo=True).close()
    window = make_window()
    unlock(qtbot, window, path)
    badge = window.current_view().demo_badge
    assert badge.isVisibleTo(window) and badge.text() == "FICTIONAL DEMO"


def test_ctrl_l_locks_and_no_widget_keeps_case_text(make_window, qtbot, case_file):
    window = make_window()
    unlock(qtbot, window, case_file.path)
    case = window.case
    shown = _shown_texts(window)
    assert TITLE in shown and len(shown) > 5
    assert holding(window, shown) == shown  # the check can see them while unlocked
    texts = _case_texts(window)

    window.activateWindow()
    qtbot.waitActive(window)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert holding(window, texts) == []
    assert window.case is None
    assert window.pages.currentWidget() is window.unlock_screen
    assert window.navigator.count() == 0 and window.view_stack.count() == 0
    assert not window.lock_action.isEnabled()
    # The case is really closed: its connection and key are gone.
    assert not case.is_open
    with pytest.raises(CaseLocked):
        case.read().__enter__()
    # The unlock screen offers the same file again, with an empty passphrase field.
    assert window.unlock_screen.open_page.path_field.text() == str(case_file.path)
    assert window.unlock_screen.open_page.passphrase_field.text() == ""
    unlock(qtbot, window, case_file.path)
    assert window.current_view().title.text() == TITLE


def test_idle_timeout_locks(make_window, qtbot, case_file):
    window = make_window(idle_timeout_s=1.0)
    unlock(qtbot, window, case_file.path)
    texts = _case_texts(window)
    assert window.idle is not None and window.idle.active
    with qtbot.waitSignal(window.locked, timeout=10_000):
        pass  # nobody touches anything
    assert holding(window, texts) == []
    assert window.pages.currentWidget() is window.unlock_screen
    assert window.state_label.text() == "Locked after a period without input"
    assert not window.idle.active  # no lock timer runs while locked


def test_input_postpones_the_idle_lock(make_window, qtbot, case_file):
    window = make_window(idle_timeout_s=1.0)
    unlock(qtbot, window, case_file.path)
    locked: list[bool] = []
    window.locked.connect(lambda: locked.append(True))
    # Someone keeps pressing keys for well over the timeout (30 x 50 ms = 1.5 s).
    presses: list[int] = []

    def press() -> None:
        qtbot.keyClick(window.navigator, Qt.Key.Key_Down)
        presses.append(1)
        if len(presses) == 30:
            typing.stop()

    typing = QTimer(interval=50)
    typing.timeout.connect(press)
    typing.start()
    qtbot.waitUntil(lambda: len(presses) == 30, timeout=10_000)
    assert not locked and window.case is not None
    with qtbot.waitSignal(window.locked, timeout=10_000):
        pass  # ... then stops: the lock follows


def test_close_case_forgets_the_file(make_window, qtbot, case_file):
    window = make_window()
    unlock(qtbot, window, case_file.path)
    texts = _case_texts(window)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.close_action.trigger()
    assert holding(window, [*texts, str(case_file.path)]) == []
    assert window.unlock_screen.open_page.path_field.text() == ""


def test_settings_hold_the_geometry_only(make_window, qtbot, case_file, settings_file):
    window = make_window()
    unlock(qtbot, window, case_file.path)
    window.resize(720, 520)  # within the offscreen screen (800x600)
    window.close()
    stored = settings_file.read_text(encoding="utf-8")
    assert "geometry" in stored
    for secret in (TITLE, case_file.path.name, str(case_file.path.parent), "tester"):
        assert secret not in stored

    again = make_window()
    assert (again.width(), again.height()) == (720, 520)


def test_every_registered_view_is_in_the_navigator(make_window, qtbot, case_file):
    window = make_window()
    unlock(qtbot, window, case_file.path)
    titles = [window.navigator.item(i).text() for i in range(window.navigator.count())]
    assert titles == [spec.title for spec in VIEWS.values()]
    assert "overview" in VIEWS


def test_locked_window_texts_are_chrome_only(make_window):
    """The walker itself: a fresh window holds no case text, only its own words."""
    window = make_window()
    assert TITLE not in " ".join(texts_in(window))


def test_lock_closes_a_message_that_quotes_the_case(make_window, qtbot, case_file):
    window = make_window()
    unlock(qtbot, window, case_file.path)
    window.runner.run_op(lambda: _raise(InvalidInput(f"'{TITLE}' cannot be renamed now")),
                         parent=window)
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible()
                                for w in window.findChildren(QMessageBox)))
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock()
    assert holding(window, [TITLE]) == []
    assert not any(w.isVisible() for w in window.findChildren(QMessageBox))


def _raise(exc: Exception) -> None:
    raise exc


def test_a_case_opened_at_a_view_loads_that_view_alone(make_window, qtbot, case_file):
    # The navigator must not make its first item (the overview) current on the way.
    window = make_window()
    window.activateWindow()
    qtbot.waitActive(window)
    window.unlock_screen.show_open(case_file.path)
    field = window.unlock_screen.open_page.passphrase_field
    field.setFocus()  # where the passphrase was typed: the navigator takes the focus next
    qtbot.waitUntil(field.hasFocus)
    case = Case.open(case_file.path, PASSPHRASE)
    with qtbot.waitSignal(window.view_loaded, timeout=10_000) as loaded:
        window.show_case(case, view="timeline")
    assert loaded.args == ["timeline"]
    qtbot.wait(200)
    assert window._loaded == {"timeline"}
    assert window.navigator.currentItem().text() == VIEWS["timeline"].title
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock()
