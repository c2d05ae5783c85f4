"""Interviews on a real case: select a passage of the notes, link it to an event with a
stance, see it highlighted and listed, undo and redo (audited), and go both ways between a
passage and its event. Also the people view's confirmed protection change."""

from __future__ import annotations

from demofile import open_view
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select
from uihelpers import CANARY

from db.models import Actor, AuditEntry, Excerpt, ExcerptEvent
from ui.interviews.link_dialog import LinkDialog
from ui.views.actor_panel import ProtectionDialog
from ui.views.actors import ActorsView
from ui.views.interviews import InterviewsView
from ui.views.timeline import TimelineView


def _settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)


def _write(qtbot, window, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.undo_stack.changed, timeout=10_000):
        action()
    _settle(qtbot, window)


def _links(window) -> list[tuple[str, str]]:
    with window.case.read() as session:
        return [(text, stance) for text, stance in session.execute(
            select(Excerpt.text, ExcerptEvent.stance)
            .join(ExcerptEvent, ExcerptEvent.excerpt_id == Excerpt.id))]


def _select(view: InterviewsView, passage: str) -> None:
    text = view.notes.toPlainText()
    start = text.index(passage)
    cursor = view.notes.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(passage), QTextCursor.MoveMode.KeepAnchor)
    view.notes.setTextCursor(cursor)


def test_mark_a_passage_and_link_it_to_an_event_then_undo_and_redo(
        make_window, qtbot, case_file):
    window = make_window()
    view = open_view(qtbot, window, case_file.path, "interviews")
    assert isinstance(view, InterviewsView)
    _settle(qtbot, window)
    assert CANARY["notes"] in view.notes.toPlainText()
    assert len(view.notes.extraSelections()) == 1 and view.excerpts.count() == 1
    assert not view.link_button.isEnabled()

    _select(view, "End of notes")
    assert view.link_button.isEnabled()
    qtbot.mouseClick(view.link_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(LinkDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.events.count() >= 1, timeout=5000)
    assert CANARY["event"] in dialog.events.item(0).text()
    dialog.stance.setCurrentIndex(dialog.stance.findData("contradicts"))
    _write(qtbot, window, lambda: dialog.buttons.button(
        QDialogButtonBox.StandardButton.Ok).click())

    assert ("End of notes", "contradicts") in _links(window)
    qtbot.waitUntil(lambda: view.excerpts.count() == 2, timeout=5000)
    assert len(view.notes.extraSelections()) == 2
    listed = [view.excerpts.item(i).text() for i in range(view.excerpts.count())]
    assert any("End of notes" in t and "(contradicts)" in t for t in listed)

    _write(qtbot, window, window.undo_action.trigger)
    assert ("End of notes", "contradicts") not in _links(window)
    qtbot.waitUntil(lambda: view.excerpts.count() == 1, timeout=5000)
    _write(qtbot, window, window.redo_action.trigger)
    assert ("End of notes", "contradicts") in _links(window)
    qtbot.waitUntil(lambda: view.excerpts.count() == 2, timeout=5000)

    with window.case.read() as session:
        actions = list(session.scalars(select(AuditEntry.action)
                                       .order_by(AuditEntry.seq.desc()).limit(6)))[::-1]
    assert actions == ["mark excerpt", "link excerpt to event (contradicts)",
                       "unlink excerpt from event", "remove marked excerpt",
                       "mark excerpt", "link excerpt to event (contradicts)"]


def test_from_a_passage_to_its_event_and_back(make_window, qtbot, case_file):
    window = make_window()
    view = open_view(qtbot, window, case_file.path, "interviews")
    _settle(qtbot, window)
    # Passage -> event: activating the excerpt opens the timeline on its event.
    item = view.excerpts.item(0)
    view.excerpts.itemActivated.emit(item)
    timeline = window.current_view()
    assert isinstance(timeline, TimelineView)
    qtbot.waitUntil(lambda: timeline.selected_id() == case_file.ids["event"], timeout=10_000)
    qtbot.waitUntil(lambda: timeline.editor.supports.count() >= 1, timeout=5000)
    # Event -> passage: the editor lists the excerpt among its sources.
    editor = timeline.editor
    source = next(editor.supports.item(i) for i in range(editor.supports.count())
                  if CANARY["notes"] in editor.supports.item(i).text())
    editor.supports.itemActivated.emit(source)
    assert window.current_view() is view
    qtbot.waitUntil(lambda: view.notes.textCursor().selectedText() == CANARY["notes"],
                    timeout=5000)
    assert view.excerpts.currentRow() == 0


def test_changing_protection_is_confirmed_and_undoable(make_window, qtbot, case_file):
    window = make_window()
    view = open_view(qtbot, window, case_file.path, "actors")
    assert isinstance(view, ActorsView)
    _settle(qtbot, window)
    view.select_actor(case_file.ids["actor"])
    qtbot.waitUntil(lambda: view.panel.detail is not None
                    and view.panel.detail.row.id == case_file.ids["actor"], timeout=5000)
    assert view.panel.detail.row.protection == "pseudonymous"
    qtbot.mouseClick(view.panel.change_protection, Qt.MouseButton.LeftButton)
    dialog = view.panel.findChild(ProtectionDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.level.setCurrentIndex(dialog.level.findData("withheld"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert window.undo_stack.count() == 0  # cancelled: nothing written

    qtbot.mouseClick(view.panel.change_protection, Qt.MouseButton.LeftButton)
    dialog = next(d for d in view.panel.findChildren(ProtectionDialog) if d.isVisible())
    dialog.level.setCurrentIndex(dialog.level.findData("withheld"))
    _write(qtbot, window, lambda: dialog.buttons.button(
        QDialogButtonBox.StandardButton.Ok).click())

    def protection() -> str:
        with window.case.read() as session:
            return session.get(Actor, case_file.ids["actor"]).protection  # type: ignore[union-attr]

    assert protection() == "withheld"
    qtbot.waitUntil(lambda: view.panel.detail.row.protection == "withheld", timeout=5000)
    _write(qtbot, window, window.undo_action.trigger)
    assert protection() == "pseudonymous"


def test_edit_interview_metadata_and_record_a_withdrawal(make_window, qtbot, case_file):
    from db.models import ConsentWithdrawal, Interview
    from ui.interviews.withdraw_dialog import WithdrawDialog

    window = make_window()
    view = open_view(qtbot, window, case_file.path, "interviews")
    assert isinstance(view, InterviewsView)
    _settle(qtbot, window)
    panel = view.panel
    assert window.inspector.current_widget() is panel
    panel.edits["language"].setText("qu, es")
    _write(qtbot, window, lambda: qtbot.mouseClick(panel.save_button,
                                                    Qt.MouseButton.LeftButton))
    with window.case.read() as session:
        assert session.get(Interview, case_file.ids["interview"]).language == "qu, es"
    _write(qtbot, window, window.undo_action.trigger)
    with window.case.read() as session:
        assert session.get(Interview, case_file.ids["interview"]).language == ""

    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(WithdrawDialog)
    assert dialog is not None and set(dialog.boxes) == {"notes", "internal"}
    dialog.when.setText("2019-07-01")
    dialog.boxes["internal"].setChecked(True)
    _write(qtbot, window, dialog._accept)
    with window.case.read() as session:
        assert session.scalars(select(ConsentWithdrawal.scopes)).all() == ["internal"]
    qtbot.waitUntil(lambda: "withdrawn" in panel.consent.text(), timeout=5000)
    qtbot.waitUntil(lambda: "1 withdrawal" in view.model.index(0, 3).data(), timeout=5000)
