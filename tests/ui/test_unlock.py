"""The unlock screen on real case files: create, open, and the one-line errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from uihelpers import PASSPHRASE, unlock

from db.keys import FAST_KDF
from ui.strength import passphrase_strength
from workbench.case import Case
from workbench.overview import overview

LEFT = Qt.MouseButton.LeftButton


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_create_a_case_through_the_unlock_screen(make_window, qtbot, tmp_path):
    window = make_window()
    window.new_action.trigger()
    page = window.unlock_screen.new_page
    path = tmp_path / "nueva"  # no suffix: the screen adds .case
    qtbot.keyClicks(page.path_field, str(path))
    qtbot.keyClicks(page.title_field, "Review of Chumbivilcas")
    qtbot.keyClicks(page.passphrase_field, PASSPHRASE)
    assert page.strength.text() == "Strong."
    qtbot.keyClicks(page.repeat_field, PASSPHRASE)
    with qtbot.waitSignal(window.view_loaded, timeout=10_000):
        qtbot.mouseClick(page.create_button, LEFT)

    view = window.current_view()
    assert view is not None and view.title.text() == "Review of Chumbivilcas"
    assert window.case is not None and window.case.path == path.with_suffix(".case")
    assert view.count_text("events") == "0"
    assert view.count_text("reviewers") == "1"
    # No passphrase is left in any field once the case is open.
    for field in (page.passphrase_field, page.repeat_field,
                  window.unlock_screen.open_page.passphrase_field):
        assert field.text() == ""
    # The file is a real case: it opens with the passphrase typed on screen.
    with Case.open(path.with_suffix(".case"), PASSPHRASE) as case:
        assert overview(case).title == "Review of Chumbivilcas"


@pytest.mark.parametrize(("title", "first", "repeat", "message"), [
    ("A review", "correct horse battery staple", "correct horse battery stapel",
     "The two passphrases differ."),
    ("A review", "short", "short", "Use a passphrase of at least 8 characters."),
    ("", "correct horse battery staple", "correct horse battery staple",
     "Give the case a title."),
])
def test_create_refuses_bad_input_inline(make_window, qtbot, tmp_path, title, first, repeat,
                                         message):
    window = make_window()
    window.new_case()
    page = window.unlock_screen.new_page
    qtbot.keyClicks(page.path_field, str(tmp_path / "x.case"))
    qtbot.keyClicks(page.title_field, title)
    qtbot.keyClicks(page.passphrase_field, first)
    qtbot.keyClicks(page.repeat_field, repeat)
    qtbot.mouseClick(page.create_button, LEFT)
    assert page.error.message() == message
    assert not (tmp_path / "x.case").exists()
    assert window.case is None


def test_create_over_an_existing_file_is_refused_inline(make_window, qtbot, case_file):
    before = _digest(case_file.path)
    window = make_window()
    window.new_case()
    page = window.unlock_screen.new_page
    qtbot.keyClicks(page.path_field, str(case_file.path))
    qtbot.keyClicks(page.title_field, "Another")
    qtbot.keyClicks(page.passphrase_field, PASSPHRASE)
    qtbot.keyClicks(page.repeat_field, PASSPHRASE)
    qtbot.mouseClick(page.create_button, LEFT)
    qtbot.waitUntil(lambda: page.error.message() != "")
    assert page.error.message() == "Already exists; choose a new file name"
    assert _digest(case_file.path) == before


def test_wrong_passphrase_is_one_line_and_leaves_the_file_untouched(make_window, qtbot,
                                                                   case_file):
    before = _digest(case_file.path)
    window = make_window()
    screen = window.unlock_screen
    screen.show_open(case_file.path)
    qtbot.keyClicks(screen.open_page.passphrase_field, "not the passphrase")
    qtbot.mouseClick(screen.open_page.unlock_button, LEFT)
    error = screen.open_page.error
    qtbot.waitUntil(lambda: error.message() != "", timeout=10_000)

    assert error.message() == "Wrong passphrase"
    assert "\n" not in error.text() and error.text() == "Wrong passphrase"
    assert window.case is None
    assert window.pages.currentWidget() is screen
    assert screen.tabs.isEnabled()  # ready for another try
    assert _digest(case_file.path) == before
    # ... and the right passphrase still opens it.
    screen.open_page.passphrase_field.clear()
    unlock(qtbot, window, case_file.path)
    assert window.current_view().title.text() == case_file.overview.title


def test_a_file_that_is_not_a_case_says_so(make_window, qtbot, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("just some notes, long enough to have a header " * 4)
    window = make_window()
    screen = window.unlock_screen
    screen.show_open(notes)
    qtbot.keyClicks(screen.open_page.passphrase_field, PASSPHRASE)
    qtbot.mouseClick(screen.open_page.unlock_button, LEFT)
    qtbot.waitUntil(lambda: screen.open_page.error.message() != "")
    assert screen.open_page.error.message() == "Not a workbench case file"


def test_missing_passphrase_is_asked_for(make_window, qtbot, case_file):
    window = make_window()
    window.unlock_screen.show_open(case_file.path)
    qtbot.mouseClick(window.unlock_screen.open_page.unlock_button, LEFT)
    assert window.unlock_screen.open_page.error.message() == "Enter the case's passphrase."


def test_strength_hint_follows_typing(make_window, qtbot):
    window = make_window()
    window.new_case()
    page = window.unlock_screen.new_page
    qtbot.keyClicks(page.passphrase_field, "abc")
    assert page.strength.property("level") == "weak"
    assert page.strength.text().startswith("Weak")
    qtbot.keyClicks(page.passphrase_field, "Def12!xy")
    assert page.strength.property("level") == "fair"
    qtbot.keyClicks(page.passphrase_field, " lentil harbour")
    assert page.strength.property("level") == "strong"


@pytest.mark.parametrize(("text", "level"), [
    ("", "empty"), ("password", "weak"), ("aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "weak"),
    ("Password1!", "fair"), ("correct horse battery staple", "strong"),
    ("xk7#Qm2!vL9p", "strong"),
])
def test_strength_levels(text, level):
    assert passphrase_strength(text).level == level


def test_cases_created_on_screen_use_the_kdf_given(make_window, qtbot, tmp_path):
    from db import keys

    window = make_window(kdf=FAST_KDF)
    window.new_case()
    page = window.unlock_screen.new_page
    for field, text in ((page.path_field, str(tmp_path / "k.case")),
                        (page.title_field, "K"), (page.passphrase_field, PASSPHRASE),
                        (page.repeat_field, PASSPHRASE)):
        qtbot.keyClicks(field, text)
    with qtbot.waitSignal(window.view_loaded, timeout=10_000):
        qtbot.mouseClick(page.create_button, LEFT)
    assert keys.parse_salt(keys.read_salt(tmp_path / "k.case")) == FAST_KDF


def test_unlocking_keeps_the_window_responsive(make_window, qtbot, tmp_path):
    """Key derivation with the real (slow) parameters runs off the UI thread: the event
    loop keeps turning while the case unlocks."""
    from db.keys import DEFAULT_KDF

    path = tmp_path / "strong.case"
    Case.create(path, PASSPHRASE, "Strong keys", kdf=DEFAULT_KDF, reviewer="tester").close()
    window = make_window()
    ticks: list[int] = []
    heartbeat = QTimer(interval=10)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start()
    screen = window.unlock_screen
    screen.show_open(path)
    qtbot.keyClicks(screen.open_page.passphrase_field, PASSPHRASE)
    with qtbot.waitSignal(window.view_loaded, timeout=30_000):
        qtbot.mouseClick(screen.open_page.unlock_button, LEFT)
        assert screen.status.text() == "Unlocking…" and not screen.tabs.isEnabled()
        ticks.clear()
    heartbeat.stop()
    # Argon2id at the default cost takes about half a second; on the UI thread the
    # heartbeat could not have ticked while it ran.
    assert len(ticks) >= 10
