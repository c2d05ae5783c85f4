"""The main window: the unlock screen while locked; a navigator of views, the current view
and a status bar while a case is open. Lock (Ctrl+L, or idle) closes the case and drops
every view, so nothing of the case stays on screen or in memory held by a widget.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.idle import IdleWatcher
from ui.tasks import TaskRunner, close_open_messages
from ui.unlock import UnlockScreen
from ui.views import VIEWS, CaseView
from workbench.case import Case

if TYPE_CHECKING:
    from db.keys import KdfParams

APP_NAME = "Incident Investigation Workbench"
DEFAULT_IDLE_TIMEOUT_S = 10 * 60
GEOMETRY_KEY = "window/geometry"  # the only thing the window stores in settings
NAME_ROLE = Qt.ItemDataRole.UserRole


class MainWindow(QMainWindow):
    view_loaded = Signal(str)  # a view showed its first content (name)
    locked = Signal()  # the case is closed and no widget holds its content

    def __init__(self, runner: TaskRunner | None = None, *,
                 idle_timeout_s: float | None = DEFAULT_IDLE_TIMEOUT_S,
                 settings: QSettings | None = None, remember_geometry: bool = True,
                 kdf: KdfParams | None = None, reviewer: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner or TaskRunner(self)
        self.case: Case | None = None
        self._case_path: Path | None = None
        self._views: dict[str, CaseView] = {}
        self._loaded: set[str] = set()
        self._settings = settings if settings is not None else QSettings()
        self._remember_geometry = remember_geometry
        self.start_view: str | None = None  # shown first after each unlock (--view)

        self.unlock_screen = UnlockScreen(self.runner, kdf=kdf, reviewer=reviewer)
        self.unlock_screen.unlocked.connect(self.show_case)
        self.navigator = QListWidget()
        self.navigator.setObjectName("navigator")
        self.navigator.setFixedWidth(220)
        self.navigator.currentItemChanged.connect(self._navigate)
        self.view_stack = QStackedWidget()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.unlock_screen)
        self.pages.addWidget(self._workspace())
        self.setCentralWidget(self.pages)

        self.state_label = QLabel()
        self.statusBar().addPermanentWidget(self.state_label)
        self.runner.busy_changed.connect(self._show_busy)
        self._build_menus()

        self.idle: IdleWatcher | None = None
        if idle_timeout_s is not None:
            self.idle = IdleWatcher(idle_timeout_s, self)
            self.idle.idle.connect(self._lock_when_idle)

        self._restore_geometry()
        self._show_locked()

    # -- layout ----------------------------------------------------------------------

    def _workspace(self) -> QWidget:
        heading = QLabel("CASE")
        heading.setObjectName("navigatorHeading")
        side = QFrame()
        side.setObjectName("navigatorPane")
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(heading)
        column.addWidget(self.navigator, 1)
        workspace = QWidget()
        workspace.setObjectName("workspace")
        row = QHBoxLayout(workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(side)
        row.addWidget(self.view_stack, 1)
        return workspace

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
                slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        SK = QKeySequence.StandardKey
        self.new_action = self._action("&New case…", SK.New, self.new_case)
        self.open_action = self._action("&Open case…", SK.Open, self.open_case)
        self.lock_action = self._action("&Lock", "Ctrl+L", self.lock)
        self.close_action = self._action("&Close case", SK.Close, self.close_case)
        self.quit_action = self._action("&Quit", SK.Quit, self.close)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        file_menu.addSeparator()
        file_menu.addActions([self.lock_action, self.close_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        self.view_actions: list[QAction] = []
        view_menu = self.menuBar().addMenu("&View")
        for i, spec in enumerate(VIEWS.values(), start=1):
            action = self._action(spec.title, f"Ctrl+{i}" if i < 10 else None,
                                  lambda _=False, name=spec.name: self.select_view(name))
            view_menu.addAction(action)
            self.view_actions.append(action)

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&About", None, self._about))

    # -- opening and showing a case --------------------------------------------------

    def show_case(self, case: Case, view: str | None = None) -> None:
        """Show an unlocked case (from the unlock screen, or opened by the caller)."""
        if self.case is not None and self.case is not case:
            self._leave_case(keep_path=False)
        self.case = case
        self._case_path = case.path
        self._loaded.clear()
        for spec in VIEWS.values():
            widget = spec.factory(self.runner)
            widget.loaded.connect(lambda name=spec.name: self.view_loaded.emit(name))
            self._views[spec.name] = widget
            self.view_stack.addWidget(widget)
            item = QListWidgetItem(spec.title)
            item.setData(NAME_ROLE, spec.name)
            self.navigator.addItem(item)
        self.pages.setCurrentIndex(1)
        self._set_case_actions(True)
        self.setWindowTitle(f"{case.path.name} — {APP_NAME}")
        self.state_label.setText(f"Unlocked: {case.path.name}  ·  reviewer {case.reviewer}")
        wanted = view or self.start_view
        self.select_view(wanted if wanted in self._views else next(iter(self._views)))
        if self.idle is not None:
            self.idle.start()

    def select_view(self, name: str) -> None:
        if name not in self._views:
            return
        for row in range(self.navigator.count()):
            item = self.navigator.item(row)
            if item.data(NAME_ROLE) == name:
                self.navigator.setCurrentItem(item)
                return

    def current_view(self) -> CaseView | None:
        widget = self.view_stack.currentWidget()
        return widget if isinstance(widget, CaseView) else None

    def _navigate(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None or self.case is None:
            return
        name = item.data(NAME_ROLE)
        view = self._views[name]
        self.view_stack.setCurrentWidget(view)
        if name not in self._loaded:  # views load on first display, not all at unlock
            self._loaded.add(name)
            view.show_case(self.case)

    # -- lock, close, new, open --------------------------------------------------------

    def lock(self) -> None:
        """Close the case and show the unlock screen for the same file."""
        if self.case is not None:
            self._leave_case(keep_path=True)

    def close_case(self) -> None:
        if self.case is not None:
            self._leave_case(keep_path=False)

    def new_case(self) -> None:
        self.close_case()
        self.unlock_screen.show_new()

    def open_case(self) -> None:
        self.close_case()
        self.unlock_screen.show_open(None)
        self.unlock_screen.browse_open()

    def _lock_when_idle(self) -> None:
        if self.case is not None:
            self.lock()
            self.state_label.setText("Locked after a period without input")

    def _leave_case(self, *, keep_path: bool) -> None:
        case, self.case = self.case, None
        if self.idle is not None:
            self.idle.stop()
        # Results still on their way belong to the case being closed: never show them.
        self.runner.discard_pending()
        close_open_messages()
        for dialog in self.findChildren(QDialog):  # a dialog may show case content
            if dialog.isVisible():
                dialog.reject()
        for view in self._views.values():
            view.clear()
            self.view_stack.removeWidget(view)
            view.setParent(None)
            view.deleteLater()
        self._views.clear()
        self._loaded.clear()
        self.navigator.clear()
        if not keep_path:
            self._case_path = None
        self._show_locked()
        self.unlock_screen.show_open(
            self._case_path, "Locked. Enter the passphrase to continue." if keep_path else "")
        if case is not None:
            # On the database worker, after whatever it is finishing, so no query races it.
            self.runner.run_op(case.close, on_done=lambda _: self.locked.emit())

    def _show_locked(self) -> None:
        self.pages.setCurrentIndex(0)
        self._set_case_actions(False)
        self.setWindowTitle(APP_NAME)
        self.state_label.setText("Locked" if self._case_path else "No case open")
        self.statusBar().clearMessage()

    def _set_case_actions(self, enabled: bool) -> None:
        self.lock_action.setEnabled(enabled)
        self.close_action.setEnabled(enabled)
        for action in self.view_actions:
            action.setEnabled(enabled)

    def _show_busy(self, busy: bool) -> None:
        if busy:
            self.statusBar().showMessage("Working…")
        else:
            self.statusBar().clearMessage()

    def _about(self) -> None:
        QMessageBox.about(self, APP_NAME, f"<b>{APP_NAME}</b><p>Encrypted case files for "
                                          "independent human rights reviews.</p>")

    # -- window state: geometry only, never anything about the case --------------------

    def _restore_geometry(self) -> None:
        saved = self._settings.value(GEOMETRY_KEY) if self._remember_geometry else None
        if not (isinstance(saved, QByteArray) and self.restoreGeometry(saved)):
            self.resize(1200, 780)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._remember_geometry:
            self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
            self._settings.sync()
        if self.idle is not None:
            self.idle.stop()
        self.runner.discard_pending()
        self.runner.wait_for_done()  # the workers are idle now; closing here is safe
        if self.case is not None:
            self.case.close()
            self.case = None
        super().closeEvent(event)
