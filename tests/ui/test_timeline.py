"""The timeline on a real case: create and edit an event with an uncertain date through the
editor, undo and redo both (each an audit entry), filters, and chart/table selection."""

from __future__ import annotations

from demofile import open_view
from PySide6.QtCore import Qt
from sqlalchemy import select

from db.models import AuditEntry, Event
from ui.views.timeline import TimelineView


def _titles(view: TimelineView, qtbot) -> list[str]:
    model = view.model
    qtbot.waitUntil(lambda: all(model.index(r, 1).data() is not None
                                for r in range(model.rowCount())), timeout=5000)
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def _write(qtbot, window, action) -> None:  # type: ignore[no-untyped-def]
    """Do ``action`` and wait until its write is done and the views were told."""
    with qtbot.waitSignal(window.undo_stack.changed, timeout=10_000):
        action()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)


def _audit_actions(window) -> list[str]:
    with window.case.read() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


class _Row:
    def __init__(self, event: Event) -> None:
        self.id, self.when, self.status = event.id, event.when, event.status


def _event(window, title: str) -> _Row | None:
    with window.case.read() as session:
        event = session.scalar(select(Event).where(Event.title == title))
        return _Row(event) if event is not None else None


def test_create_and_edit_an_event_with_an_uncertain_date_then_undo_and_redo(
        make_window, qtbot, case_file):
    window = make_window()
    view = open_view(qtbot, window, case_file.path, "timeline")
    assert isinstance(view, TimelineView)
    before = _audit_actions(window)

    # New event (the window's New item action), typed into the editor in the inspector.
    window.new_item_action.trigger()
    editor = view.editor
    assert window.inspector.current_widget() is editor
    qtbot.keyClicks(editor.title, "Corte de agua en Alto Huancane")
    qtbot.keyClicks(editor.when, "2018-04~")
    # The parsed meaning follows the typing.
    assert "around April 2018" in editor.when_meaning.text()
    editor.when.setText("2018-04-31")
    assert "April 2018 has 30 days" in editor.when_meaning.text()
    editor.when.setText("2018-04-03?")
    assert editor.when_meaning.text().startswith("3 April 2018 (uncertain)")
    editor.status.setCurrentIndex(editor.status.findData("contested"))
    _write(qtbot, window, lambda: qtbot.mouseClick(editor.save_button,
                                                    Qt.MouseButton.LeftButton))
    event = _event(window, "Corte de agua en Alto Huancane")
    assert event is not None and event.when == "2018-04-03?" and event.status == "contested"
    assert "Corte de agua en Alto Huancane" in _titles(view, qtbot)
    qtbot.waitUntil(lambda: view.selected_id() == event.id, timeout=5000)
    assert view.chart.selected == event.id

    # Edit: an uncertain range.
    qtbot.waitUntil(lambda: editor.event_id == event.id, timeout=5000)
    editor.when.setText("2018-04-03?/2018-04-05")
    assert "–" in editor.when_meaning.text()
    _write(qtbot, window, lambda: qtbot.mouseClick(editor.save_button,
                                                    Qt.MouseButton.LeftButton))
    assert _event(window, "Corte de agua en Alto Huancane").when == "2018-04-03?/2018-04-05"
    assert window.undo_action.text() == "&Undo Edit event ‘Corte de agua en Alto Huancane’"

    # Undo the edit, then the creation: each is a write of its own.
    _write(qtbot, window, window.undo_action.trigger)
    assert _event(window, "Corte de agua en Alto Huancane").when == "2018-04-03?"
    _write(qtbot, window, window.undo_action.trigger)
    assert _event(window, "Corte de agua en Alto Huancane") is None
    qtbot.waitUntil(lambda: "Corte de agua en Alto Huancane" not in _titles(view, qtbot),
                    timeout=5000)
    # Redo both: the event comes back (a new row) with the edit applied again.
    _write(qtbot, window, window.redo_action.trigger)
    _write(qtbot, window, window.redo_action.trigger)
    again = _event(window, "Corte de agua en Alto Huancane")
    assert again is not None and again.when == "2018-04-03?/2018-04-05"
    qtbot.waitUntil(lambda: "Corte de agua en Alto Huancane" in _titles(view, qtbot),
                    timeout=5000)

    added = _audit_actions(window)[len(before):]
    assert added == ["add event", "edit event", "edit event", "delete event", "add event",
                     "edit event"]


def test_an_invalid_date_is_not_saved(make_window, qtbot, case_file):
    window = make_window()
    view = open_view(qtbot, window, case_file.path, "timeline")
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    window.new_item_action.trigger()
    view.editor.title.setText("Sin fecha válida")
    view.editor.when.setText("2018-13")
    qtbot.mouseClick(view.editor.save_button, Qt.MouseButton.LeftButton)
    assert "no month 13" in view.editor.error.text()
    assert window.undo_stack.count() == 0 and not window.runner.busy


def test_filters_and_selection_follow_the_chart(make_window, qtbot, case_file):
    window = make_window()
    view = open_view(qtbot, window, case_file.path, "timeline")
    assert isinstance(view, TimelineView)
    first = view.model.rowCount()
    assert first >= 1
    view.filters.text.setText("nothing matches this qq")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)
    view.filters.text.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == first, timeout=5000)
    event_id = case_file.ids["event"]
    view.chart.event_clicked.emit(event_id)
    qtbot.waitUntil(lambda: view.selected_id() == event_id, timeout=5000)
    qtbot.waitUntil(lambda: view.editor.event_id == event_id, timeout=5000)
    assert view.editor.supports.count() >= 1  # its linked excerpt and evidence


def test_delete_an_event_and_undo_brings_it_back_with_its_sources(
        make_window, qtbot, case_file):
    from uihelpers import CANARY

    window = make_window()
    view = open_view(qtbot, window, case_file.path, "timeline")
    assert isinstance(view, TimelineView)
    view.select_event(case_file.ids["event"])
    qtbot.waitUntil(lambda: view.editor.event_id == case_file.ids["event"], timeout=5000)
    sources = view.editor.supports.count()
    assert sources == 2  # an excerpt and an evidence item
    _write(qtbot, window, window.delete_action.trigger)
    assert _event(window, CANARY["event"]) is None
    qtbot.waitUntil(lambda: CANARY["event"] not in _titles(view, qtbot), timeout=5000)
    assert window.undo_action.text().startswith("&Undo Delete event")
    _write(qtbot, window, window.undo_action.trigger)
    restored = _event(window, CANARY["event"])
    assert restored is not None
    view.select_event(restored.id)
    qtbot.waitUntil(lambda: view.editor.event_id == restored.id, timeout=5000)
    assert view.editor.supports.count() == sources
    # Redo deletes the restored row (its new id), undo restores it again.
    _write(qtbot, window, window.redo_action.trigger)
    assert _event(window, CANARY["event"]) is None
