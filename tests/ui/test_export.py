"""File > Export… on real case files: a publication PDF read back, the choices the core would
refuse not offered, Cancel and a refused export leave nothing on disk."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from uihelpers import PASSPHRASE, holding, unlock

from db.keys import FAST_KDF
from exports.model import FORMATS
from tests.exports import witnesses
from ui import export_dialog, i18n
from ui.export_dialog import ExportDialog, ExportResultDialog
from workbench.case import Case
from workbench.services.actors import fold

TITLE = "Revisión: lo que vio Chema en el puente"  # a protected alias in the title


@pytest.fixture
def witness_case(tmp_path: Path) -> tuple[Path, witnesses.Built]:
    """Protected witnesses (names and aliases everywhere), photos with redactions."""
    path = tmp_path / "witnesses.case"
    with Case.create(path, PASSPHRASE, TITLE, kdf=FAST_KDF, reviewer="tester") as case:
        built = witnesses.build(case)
    return path, built


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


def _pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    parts = [page.extract_text() or "" for page in reader.pages]
    return "\n".join(parts + [str(v) for v in (reader.metadata or {}).values()])


def _open_dialog(qtbot, window) -> ExportDialog:
    with qtbot.waitSignal(window.exporter.dialog_opened, timeout=10_000) as opened:
        window.exporter.action.trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    return dialog


def _progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()]


def _click_cancel(qtbot, progress: QProgressDialog) -> None:
    cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)


def test_export_is_in_the_file_menu_with_ctrl_e_only_while_a_case_is_open(
        make_window, qtbot, case_file):
    window = make_window()
    action = window.exporter.action
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    assert action.shortcut().toString() == "Ctrl+E" and action.text() == "&Export…"
    assert not action.isEnabled()
    unlock(qtbot, window, case_file.path)
    assert action.isEnabled()
    window.activateWindow()
    qtbot.waitActive(window)
    with qtbot.waitSignal(window.exporter.dialog_opened, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.findChild(ExportDialog).isVisible()
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock()  # a dialog open at the lock goes with the case
    assert not action.isEnabled()
    qtbot.waitUntil(lambda: window.findChild(ExportDialog) is None)


def test_publication_pdf_from_the_window_names_no_protected_witness(
        make_window, qtbot, witness_case, out_dir, qtmodeltester):
    path, built = witness_case
    window = make_window()
    unlock(qtbot, window, path)
    dialog = _open_dialog(qtbot, window)
    dialog.select(profile="publication", fmt="pdf", lang="en")
    suggested = dialog.destination()
    assert suggested is not None and suggested.name.endswith("-publication-summary.pdf")
    assert "chema" not in suggested.name.lower()  # the title's alias is not in the name
    out = out_dir / suggested.name
    dialog.set_destination(out)
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(window.exporter.exported, timeout=120_000) as done:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    result = done.args[0]

    assert out.is_file() and sorted(p.name for p in out_dir.iterdir()) == [out.name]
    text = _pdf_text(out)
    assert [n for n in built.names if _words(n) in _words(text)] == []
    assert "W-01" in text  # José María Núñez-Ávila, by his code
    assert result.pages and result.pages == len(PdfReader(out).pages)
    # The reviewer sees what was withheld and why; the file does not say it.
    shown = window.findChild(ExportResultDialog)
    assert shown is not None and shown.isVisible()
    assert str(out) in shown.summary.text() and f"{result.pages} pages" in shown.summary.text()
    table = shown.withheld_table
    assert table is not None and table.rowCount() == len(result.withheld) > 0
    qtmodeltester.check(table.model())
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert any(what.startswith("actor W-") and "withheld" in why for what, why in rows)
    assert "protection level" not in text
    assert out.name in window.statusBar().currentMessage()
    # Nothing of it in the settings; and a lock takes the result dialog away.
    settings = window._settings
    assert not [k for k in settings.allKeys() if str(out_dir) in str(settings.value(k))]
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock()
    QApplication.processEvents()
    assert holding(window, [str(out), rows[0][0]]) == []


def test_the_views_show_what_an_export_recorded(make_window, qtbot, witness_case, out_dir):
    # The export runs in its own process: its audit entry reaches the open audit log.
    path, _built = witness_case
    window = make_window()
    unlock(qtbot, window, path)
    with qtbot.waitSignal(window.view_loaded, timeout=10_000):
        window.select_view("audit")
    audit = window.current_view()
    before = audit.model.rows[0].seq
    dialog = _open_dialog(qtbot, window)
    dialog.select(profile="confidential", fmt="json", lang="en")
    dialog.set_destination(out_dir / "case.json")
    with qtbot.waitSignal(window.exporter.exported, timeout=120_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: audit.model.rows[0].seq > before, timeout=10_000)
    assert audit.model.rows[0].action == "export confidential json to case.json"


def test_archive_and_passwords_only_where_the_core_allows_them(make_window, qtbot,
                                                               case_file, out_dir):
    window = make_window()
    unlock(qtbot, window, case_file.path)
    dialog = _open_dialog(qtbot, window)
    dialog.select(profile="confidential", fmt="archive")
    assert dialog.fmt == "archive" and dialog.format_enabled("archive")
    assert dialog.destination().suffix == ".zip"
    dialog.select(profile="publication")
    assert not dialog.format_enabled("archive")
    assert dialog.fmt == "pdf"  # moved off the archive it had
    dialog.select(fmt="archive")  # even when asked for, a publication archive is not kept
    assert dialog.fmt == "pdf"
    dialog.format_box.setFocus()
    for _ in range(len(FORMATS)):  # the keyboard skips it too
        qtbot.keyClick(dialog.format_box, Qt.Key.Key_Down)
        assert dialog.fmt != "archive"
    # A password: PDF only, typed twice.
    dialog.select(fmt="json")
    assert not dialog.password_box.isEnabled() and not dialog.password_field.isEnabled()
    dialog.select(profile="confidential", fmt="pdf")
    dialog.set_destination(out_dir / "team.pdf")
    dialog.password_box.setChecked(True)
    assert not dialog.export_button.isEnabled()
    qtbot.keyClicks(dialog.password_field, "rio-seguro-7")
    qtbot.keyClicks(dialog.repeat_field, "rio-seguro-8")
    assert not dialog.export_button.isEnabled() and "differ" in dialog.hint.text()
    dialog.repeat_field.clear()
    qtbot.keyClicks(dialog.repeat_field, "rio-seguro-7")
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(window.exporter.exported, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    reader = PdfReader(out_dir / "team.pdf")
    assert reader.is_encrypted and reader.decrypt("rio-seguro-7")
    assert len(reader.pages) > 0


def test_cancel_before_the_export_starts_writes_nothing(make_window, qtbot, witness_case,
                                                        out_dir):
    path, _built = witness_case
    window = make_window()
    unlock(qtbot, window, path)
    dialog = _open_dialog(qtbot, window)
    dialog.select(profile="publication", fmt="pdf")
    dialog.set_destination(out_dir / "summary.pdf")
    release = threading.Event()
    window.runner.run_op(lambda: release.wait(10))  # the worker is busy with other work
    failed: list[str] = []
    window.exporter.failed.connect(failed.append)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(_progress_dialogs()) >= 1, timeout=5000)
    _click_cancel(qtbot, _progress_dialogs()[0])
    release.set()
    qtbot.waitUntil(lambda: bool(failed), timeout=10_000)
    assert "cancelled" in failed[0] and "cancelled" in window.statusBar().currentMessage()
    assert list(out_dir.iterdir()) == []
    assert window.findChild(ExportResultDialog) is None


def test_cancel_during_the_export_writes_nothing(make_window, qtbot, witness_case, out_dir,
                                                 monkeypatch):
    path, _built = witness_case
    from workbench.publication.export_process import ExportProcess  # what the dialog runs

    real_run = ExportProcess.run
    reached, resume = threading.Event(), threading.Event()

    def held_run(self, *args, progress, **kwargs):
        # The real export in its process, held at one stage: the child waits for the
        # window's answer to each stage it reports, so holding the answer holds it.
        def stage(name: str) -> None:
            progress(name)
            if name == "findings":
                reached.set()
                resume.wait(10)

        return real_run(self, *args, progress=stage, **kwargs)

    monkeypatch.setattr(ExportProcess, "run", held_run)
    window = make_window()
    unlock(qtbot, window, path)
    dialog = _open_dialog(qtbot, window)
    dialog.select(profile="publication", fmt="pdf")
    dialog.set_destination(out_dir / "summary.pdf")
    failed: list[str] = []
    window.exporter.failed.connect(failed.append)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set, timeout=30_000)
    qtbot.waitUntil(lambda: len(_progress_dialogs()) >= 1, timeout=5000)
    progress = _progress_dialogs()[0]
    qtbot.waitUntil(lambda: progress.value() == 2, timeout=5000)  # stage 2 of 5: findings
    assert progress.maximum() == len(export_dialog.STAGES)
    _click_cancel(qtbot, progress)
    resume.set()
    qtbot.waitUntil(lambda: bool(failed), timeout=30_000)
    assert "cancelled" in failed[0]
    assert list(out_dir.iterdir()) == []  # no file, no temporary


def test_a_refused_export_says_why_and_writes_nothing(make_window, qtbot, witness_case,
                                                      out_dir):
    path, _built = witness_case
    window = make_window()
    unlock(qtbot, window, path)
    shown: list[str] = []
    window.runner.show_error = lambda message, parent: shown.append(message)
    dialog = _open_dialog(qtbot, window)
    dialog.select(profile="publication", fmt="pdf")
    dialog.set_destination(out_dir / "Lo que dijo Chema.pdf")
    with qtbot.waitSignal(window.exporter.failed, timeout=120_000) as failed:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    message = failed.args[0]
    assert shown == [message] and "\n" not in message
    assert "nothing was written" in message and "the file name" in message
    assert list(out_dir.iterdir()) == []
    assert window.findChild(ExportResultDialog) is None


@pytest.fixture
def english():
    i18n.install("en")
    yield
    i18n.install("en")


def test_the_dialog_in_spanish(make_window, qtbot, case_file, english):
    window = make_window()
    unlock(qtbot, window, case_file.path)
    i18n.install("es")
    assert window.exporter.action.text() == "&Exportar…"
    dialog = _open_dialog(qtbot, window)
    assert dialog.windowTitle() == "Exportar"
    assert dialog.profile_box.itemText(1) == "Resumen para publicación"
    assert dialog.language_box.currentData() == "es"  # the report follows the window
    assert dialog.export_button.text() == "Exportar"
    dialog.reject()
