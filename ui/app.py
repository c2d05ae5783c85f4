"""Starting the window: the QApplication, and ``run`` as called by ``workbench gui``.

With a screenshot path the window is rendered to a PNG and the program exits, so the
window can be seen (and checked) without a display.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from workbench.errors import InvalidInput

ORGANIZATION = "Incident Workbench"
APPLICATION = "Workbench"
SCREENSHOT_SIZE = (1280, 800)
SCREENSHOT_TIMEOUT_MS = 60_000


def _needs_offscreen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    if sys.platform.startswith(("win", "darwin")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def application(*, headless: bool = False):  # -> QApplication (PySide6 imported lazily)
    """The QApplication (reused if one exists, as under pytest-qt), styled once."""
    if headless and _needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from ui import style

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "workbench"])
        app.setOrganizationName(ORGANIZATION)
        app.setApplicationName(APPLICATION)
        app.setApplicationDisplayName("Incident Investigation Workbench")
    if headless and not app.property("workbenchQuiet"):
        _drop_offscreen_noise()
        app.setProperty("workbenchQuiet", True)
    if not app.property("workbenchStyled"):
        style.apply(app)  # type: ignore[arg-type]
        app.setProperty("workbenchStyled", True)
    from ui import gc_guard  # collect garbage on the UI thread only (see the module)

    gc_guard.install(app)
    if not app.property("workbenchLanguage"):
        from ui import i18n  # English or Spanish: WORKBENCH_LANG, the setting, the system

        app.setProperty("workbenchLanguage", i18n.start(app))  # type: ignore[arg-type]
    return app


def _drop_offscreen_noise() -> None:
    """The offscreen platform warns about window size hints it cannot pass on; that is
    noise for a screenshot. Everything else still reaches the previous handler."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode: object, context: object, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(f"{message}\n")

    previous = qInstallMessageHandler(handler)


def run(case_path: Path | None = None, screenshot: Path | None = None,
        view: str | None = None, passphrase_file: Path | None = None) -> int:
    """Open the window (returns its exit code) or, with ``screenshot``, render one view of
    ``case_path`` to a PNG. User errors raise ``CaseError`` (the CLI prints one line)."""
    if screenshot is not None:
        return _screenshot(case_path, screenshot, view, passphrase_file)
    app = application()
    from ui.main_window import MainWindow

    if view is not None:
        _check_view(view)
    window = MainWindow()
    _language_menu(window)
    window.start_view = view
    if case_path is not None:
        window.unlock_screen.show_open(case_path)
    window.show()
    return app.exec()


def _language_menu(window) -> None:
    from ui import i18n

    i18n.add_language_menu(window)


def _check_view(view: str) -> None:
    from ui.views import VIEWS

    if view not in VIEWS:
        raise InvalidInput(f"unknown view '{view}'; available: {', '.join(VIEWS)}")


def _search_suggestion(case, window) -> None:
    from workbench.queries.search_hints import suggested_queries

    with case.read() as session:
        words = suggested_queries(session, 1)
    if words:
        window.search_field.setText(words[0])
        window.search_field.returnPressed.emit()


def _screenshot(case_path: Path | None, png: Path, view: str | None,
                passphrase_file: Path | None) -> int:
    from workbench.case import Case
    from workbench.passphrase import read_passphrase

    if case_path is None:
        raise InvalidInput("--screenshot needs a CASE to show")
    app = application(headless=True)
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer

    from ui.main_window import MainWindow

    name = view or "overview"
    _check_view(name)
    passphrase = read_passphrase(passphrase_file)
    # Headless and non-interactive: nothing to keep responsive, so open right here.
    case = Case.open(case_path, passphrase)
    window = MainWindow(idle_timeout_s=None, settings=QSettings(), remember_geometry=False,
                        maintain_on_close=False)
    _language_menu(window)
    try:
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        loop = QEventLoop()
        shown: list[str] = []
        window.view_loaded.connect(shown.append)
        # Either the view showed its content, or its loading failed (reported already).
        # A view may chain loads (a list, then the selected item): wait until the runner
        # has stayed idle for a moment.
        def settle() -> None:
            if not window.runner.busy:
                loop.quit()

        window.runner.busy_changed.connect(
            lambda busy: None if busy else QTimer.singleShot(150, settle))
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, loop.quit)
        window.show_case(case, view=name)
        if name == "search":  # a search view without a query would show nothing
            _search_suggestion(case, window)
        loop.exec()
        if name not in shown:
            print(f"workbench: the {name} view could not be shown", file=sys.stderr)
            return 1
        app.processEvents()
        if not window.grab().save(str(png), "PNG"):
            raise InvalidInput(f"{png}: cannot write the screenshot")
    finally:
        window.close()
        window.deleteLater()
    print(f"screenshot of the {name} view written to {png}")
    return 0
