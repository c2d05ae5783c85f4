"""The main window: the unlock screen while locked; a navigator of views, the current view,
an inspector dock, a toolbar (with the global search field) and a status bar while a case
is open. Lock (Ctrl+L, or idle) closes the case and drops every view, the inspector and
the undo history, so nothing of the case stays on screen or in memory held by a widget.
Closing a case (File > Close, opening or creating another, quitting) does the same, and
first runs the normal maintenance (``workbench.maintenance.routine``: deleted content made
unrecoverable) in the background; lock skips it, as it must be instant.

Every write made in the window (undo stack, imports) comes back as a ``Changes`` record,
passed to every view's ``apply_changes`` so each refreshes only what it shows.

The window shows its unlock screen with Qt and light modules only; the core (SQLAlchemy,
the models, the case, its services) and the view modules are loaded in the background once
it has shown (``ui.warmup``), and imported here where used: the views are first needed once
a case is open, and the View menu gets their actions then.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEventLoop, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui import importing, warmup
from ui.export_dialog import ExportAction
from ui.idle import IdleWatcher
from ui.import_actions import ImportActions
from ui.inspector import InspectorDock
from ui.tasks import TaskRunner, UnexpectedError, close_open_messages
from ui.undo import UndoStack
from ui.unlock import UnlockScreen
from workbench.changes import Changes
from workbench.errors import Cancelled, CaseError

if TYPE_CHECKING:
    from db.keys import KdfParams
    from ui.views import CaseView, ViewSpec
    from workbench.case import Case

APP_NAME = "Incident Investigation Workbench"
DEFAULT_IDLE_TIMEOUT_S = 10 * 60
GEOMETRY_KEY = "window/geometry"  # the only thing the window stores in settings
NAME_ROLE = Qt.ItemDataRole.UserRole


def registered_views() -> dict[str, ViewSpec]:
    """The views, in navigator order. Importing ``ui.views`` imports every view module and
    much of the core with them: first needed once a case is open, by when the warm-up has
    loaded them."""
    warmup.wait()
    from ui.views import VIEWS

    return VIEWS


class MainWindow(ImportActions):
    view_loaded = Signal(str)  # a view showed its first content (name)
    locked = Signal()  # the case is closed and no widget holds its content

    def __init__(self, runner: TaskRunner | None = None, *,
                 idle_timeout_s: float | None = DEFAULT_IDLE_TIMEOUT_S,
                 settings: QSettings | None = None, remember_geometry: bool = True,
                 kdf: KdfParams | None = None, reviewer: str | None = None,
                 maintain_on_close: bool = True, warm_up: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner or TaskRunner(self)
        # Load the core once the window is first painted; off (a test), when first needed.
        self._warm_up = warm_up
        self.case: Case | None = None
        # Off for a window that only shows a case (a screenshot): showing writes nothing.
        self._maintain_on_close = maintain_on_close
        self._closing = 0  # cases being closed on the database worker
        self._closed_message = ""  # what the maintenance did, shown once the case is closed
        self._quitting = False
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
        # A small window squeezes the views instead of growing past the screen.
        self.view_stack.setMinimumSize(360, 240)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.unlock_screen)
        self.pages.addWidget(self._workspace())
        self.setCentralWidget(self.pages)

        self.state_label = QLabel()
        # "Working…" beside the messages, not as one: a view refreshing after an export or
        # an import would otherwise replace, then clear, the message saying what was done.
        self.busy_label = QLabel(self.tr("Working…"))
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.hide()
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.state_label)
        self.runner.busy_changed.connect(self._show_busy)
        self.undo_stack = UndoStack(self.runner, self)
        self.undo_stack.changed.connect(self.broadcast_changes)
        self.inspector = InspectorDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.search_field = QLineEdit()
        self.search_field.setObjectName("globalSearch")
        self.search_field.setPlaceholderText(self.tr("Search the case (Ctrl+F)"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(320)
        self.search_field.returnPressed.connect(self._search_from_toolbar)
        self._build_menus()
        self.setAcceptDrops(True)

        self.idle: IdleWatcher | None = None
        if idle_timeout_s is not None:
            self.idle = IdleWatcher(idle_timeout_s, self)
            self.idle.idle.connect(self._lock_when_idle)

        self._show_locked()  # first: the toolbar and inspector hidden before sizing
        self._restore_geometry()

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
        self.new_action = self._action(self.tr("&New case…"), SK.New, self.new_case)
        self.open_action = self._action(self.tr("&Open case…"), SK.Open, self.open_case)
        self.lock_action = self._action(self.tr("&Lock"), "Ctrl+L", self.lock)
        self.close_action = self._action(self.tr("&Close case"), SK.Close, self.close_case)
        self.quit_action = self._action(self.tr("&Quit"), SK.Quit, self.close)
        self.import_actions = [
            self._action(self.tr(title) + "…", None,
                         lambda _=False, kind=kind: self.import_dialog(kind))
            for kind, title in importing.KIND_TITLES.items()]
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addActions([self.new_action, self.open_action])
        file_menu.addSeparator()
        import_menu = file_menu.addMenu(self.tr("&Import"))
        import_menu.addActions(self.import_actions)
        self.exporter = ExportAction(self, lambda: self.case, self.runner)
        # Custody entries, kept photo copies, the audit entry: the views showing them
        # refresh (the export ran in its own process; what it wrote comes back this way).
        self.exporter.exported.connect(lambda result: self.broadcast_changes(result.changes))
        file_menu.addAction(self.exporter.action)
        file_menu.addSeparator()
        file_menu.addActions([self.lock_action, self.close_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence(SK.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(SK.Redo)])
        self.find_action = self._action(self.tr("&Find…"), SK.Find, self.focus_search)
        self.rename_action = self._action(self.tr("&Edit selected"), "F2",
                                          lambda: self._on_current("edit_selected"))
        self.delete_action = self._action(self.tr("&Delete selected"), SK.Delete,
                                          lambda: self._on_current("delete_selected"))
        self.new_item_action = self._action(self.tr("New &item"), "Ctrl+Shift+N",
                                            lambda: self._on_current("new_item"))
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.new_item_action, self.rename_action, self.delete_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)

        self.view_actions: list[QAction] = []  # made with the first case (_add_view_actions)
        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        self._views_end = self.view_menu.addSeparator()
        self.view_menu.addAction(self.inspector.toggleViewAction())

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About"), None, self._about))

        self.toolbar = QToolBar(self.tr("Main"), self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.undo_action, self.redo_action])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.new_item_action)
        self.import_button_action = self._action(self.tr("Import notes…"), None,
                                                 lambda: self.import_dialog("notes"))
        self.import_actions.append(self.import_button_action)
        self.toolbar.addAction(self.import_button_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.lock_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.search_field)
        self.addToolBar(self.toolbar)

    def _add_view_actions(self, views: dict[str, ViewSpec]) -> None:
        """View > one action per view (Ctrl+1...), once the views are loaded."""
        if self.view_actions:
            return
        for i, spec in enumerate(views.values(), start=1):
            action = self._action(spec.title, f"Ctrl+{i}" if i < 10 else None,
                                  lambda _=False, name=spec.name: self.select_view(name))
            self.view_menu.insertAction(self._views_end, action)
            self.view_actions.append(action)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._warm_up:
            self._warm_up = False
            # The first frame: the rest of it is painted in this same pass, and the timer
            # fires after it. Loading the core holds the interpreter most of the time it
            # takes, so it waits until the window is on screen.
            QTimer.singleShot(0, warmup.start)

    # -- opening and showing a case --------------------------------------------------

    _clipboard_before = hash("")

    def show_case(self, case: Case, view: str | None = None) -> None:
        """Show an unlocked case (from the unlock screen, or opened by the caller)."""
        if self.case is not None and self.case is not case:
            self._leave_case(keep_path=False)
        views = registered_views()
        self._add_view_actions(views)
        self.case = case
        self._case_path = case.path
        self._clipboard_before = hash(QApplication.clipboard().text())
        self._loaded.clear()
        self.undo_stack.set_case(case)
        for spec in views.values():  # the widgets are made when first shown (fast unlock)
            item = QListWidgetItem(spec.title)
            item.setData(NAME_ROLE, spec.name)
            self.navigator.addItem(item)
        # The view asked for is current before the navigator shows: a navigator shown
        # without a current item makes its first one current when it takes the focus, and
        # the overview then loaded first (300 ms of counting on 100,000 events before the
        # timeline's first rows).
        wanted = view or self.start_view
        self.select_view(wanted if wanted in views else next(iter(views)))
        self.pages.setCurrentIndex(1)
        self._set_case_actions(True)
        self.resizeDocks([self.inspector], [max(300, self.width() // 4)],
                         Qt.Orientation.Horizontal)
        self.setWindowTitle(f"{case.path.name} — {APP_NAME}")
        self.state_label.setText(f"Unlocked: {case.path.name}  ·  reviewer {case.reviewer}")
        if self.idle is not None:
            self.idle.start()

    def _view(self, name: str) -> CaseView:
        """The view's widget, made on first use."""
        widget = self._views.get(name)
        if widget is None:
            widget = registered_views()[name].factory(self.runner)
            widget.undo_stack = self.undo_stack
            widget.loaded.connect(lambda name=name: self.view_loaded.emit(name))
            widget.inspector_requested.connect(
                lambda w, title, name=name: self.inspector.set_widget(name, w, title))
            widget.open_requested.connect(self.open_item)
            self._views[name] = widget
            self.view_stack.addWidget(widget)
        return widget

    def select_view(self, name: str) -> None:
        if self.case is None or name not in registered_views():
            return
        for row in range(self.navigator.count()):
            item = self.navigator.item(row)
            if item.data(NAME_ROLE) == name:
                self.navigator.setCurrentItem(item)
                return

    def current_view(self) -> CaseView | None:
        widget = self.view_stack.currentWidget()
        return next((view for view in self._views.values() if view is widget), None)

    def _navigate(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None or self.case is None:
            return
        name = item.data(NAME_ROLE)
        view = self._view(name)
        self.view_stack.setCurrentWidget(view)
        self.inspector.show_view(name)
        self._ensure_loaded(name)

    def _ensure_loaded(self, name: str) -> CaseView:
        view = self._view(name)
        if name not in self._loaded and self.case is not None:
            self._loaded.add(name)  # views load on first display, not all at unlock
            view.show_case(self.case)
        return view

    def view(self, name: str) -> CaseView | None:
        if self.case is None or name not in registered_views():
            return None
        return self._view(name)

    def open_item(self, kind: str, ref: int) -> None:
        """Show the item in the view that opens its kind (a search hit, a linked event)."""
        for name, spec in registered_views().items():
            if kind in getattr(spec.factory, "OPENS", ()):
                self.select_view(name)
                self._ensure_loaded(name).open_item(kind, ref)
                return
        self.statusBar().showMessage(self.tr("No view opens this kind of item yet."), 4000)

    def broadcast_changes(self, changes: Changes, source: object = None) -> None:
        """Tell every loaded view what a write changed (views not loaded yet load fresh)."""
        for name in self._loaded:
            view = self._views.get(name)
            if view is not None:
                view.apply_changes(changes, source)

    def _on_current(self, method: str) -> None:
        view = self.current_view()
        if view is not None and hasattr(view, method):
            getattr(view, method)()

    # -- search ------------------------------------------------------------------------

    def focus_search(self) -> None:
        if self.case is None:
            return
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _search_from_toolbar(self) -> None:
        if self.case is None or "search" not in registered_views():
            return
        self.select_view("search")
        view = self._ensure_loaded("search")
        run = getattr(view, "run_search", None)
        if run is not None:
            run(self.search_field.text())

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
        self.inspector.clear()
        self.undo_stack.set_case(None)
        self.search_field.clear()
        # Whatever was copied while the case was open (case text, most likely) goes with it;
        # what the clipboard held before the case was opened is left alone.
        clipboard = QApplication.clipboard()
        if clipboard.ownsClipboard() or hash(clipboard.text()) != self._clipboard_before:
            clipboard.clear()
        if not keep_path:
            self._case_path = None
        self._show_locked()
        self.unlock_screen.show_open(
            self._case_path, "Locked. Enter the passphrase to continue." if keep_path else "")
        if case is not None:
            self._close_in_background(case, maintain=not keep_path)

    def _close_in_background(self, case: Case, *, maintain: bool) -> None:
        """On the database worker, after whatever it is finishing, so no query races it:
        the maintenance (not at lock), then the close, which follows whatever the
        maintenance did (failed, cancelled), so the key is always forgotten."""
        self._closing += 1
        self._closed_message = ""
        if maintain and self._maintain_on_close:
            self.runner.run_long(
                lambda progress, cancelled: _maintain(case, progress, cancelled),
                label=self.tr("Making deleted content unrecoverable…"),
                on_done=self._maintained, on_failed=self._maintenance_failed, parent=self)
        self.runner.run_op(case.close, on_done=lambda _: self._closed(),
                           on_failed=lambda _: self._closed(), parent=self)

    def _maintained(self, purged: int | None) -> None:
        if purged is not None:
            self._closed_message = self.tr("Deleted content made unrecoverable")

    def _maintenance_failed(self, exc: CaseError) -> None:
        if isinstance(exc, Cancelled):
            why = self.tr("maintenance cancelled")
        elif isinstance(exc, UnexpectedError):
            why = self.tr("an internal error (reported)")
        else:
            why = (str(exc).splitlines() or [""])[0]
        self._closed_message = self.tr("Deleted content is not yet unrecoverable: %1; it "
                                       "is tried again at the next close").replace("%1", why)

    def _closed(self) -> None:
        self._closing -= 1
        if self._closed_message:
            self.statusBar().showMessage(self._closed_message, 15_000)
            self._closed_message = ""
        self.locked.emit()

    def _wait_for_closing(self) -> None:
        """Until every case being closed is closed; the window is repainted and its
        progress dialog answers meanwhile (a local event loop, not a blocked thread)."""
        loop = QEventLoop()
        self.locked.connect(loop.quit)
        try:
            while self._closing:
                loop.exec()
        finally:
            self.locked.disconnect(loop.quit)

    def _show_locked(self) -> None:
        self.pages.setCurrentIndex(0)
        self._set_case_actions(False)
        self.setWindowTitle(APP_NAME)
        self.state_label.setText("Locked" if self._case_path else "No case open")
        self.statusBar().clearMessage()

    def _set_case_actions(self, enabled: bool) -> None:
        self.lock_action.setEnabled(enabled)
        self.close_action.setEnabled(enabled)
        for action in [*self.view_actions, *self.import_actions, self.exporter.action,
                       self.find_action,
                       self.rename_action, self.delete_action, self.new_item_action]:
            action.setEnabled(enabled)
        self.search_field.setEnabled(enabled)
        # Open, the hidden unlock page must not set the window's minimum width.
        self.pages.setMinimumSize(480, 300) if enabled else self.pages.setMinimumSize(0, 0)
        self.toolbar.setVisible(enabled)
        self.inspector.setVisible(enabled)

    def _show_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)

    def _about(self) -> None:
        QMessageBox.about(self, APP_NAME, f"<b>{APP_NAME}</b><p>Encrypted case files for "
                                          "independent human rights reviews.</p>")

    # -- window state: geometry only, never anything about the case --------------------

    def _restore_geometry(self) -> None:
        saved = self._settings.value(GEOMETRY_KEY) if self._remember_geometry else None
        if not (isinstance(saved, QByteArray) and self.restoreGeometry(saved)):
            self.resize(1200, 780)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._quitting:  # asked again while the case is being closed: that close goes on
            event.ignore()
            return
        if self._remember_geometry:
            self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
            self._settings.sync()
        self._quitting = True
        try:
            if self.case is not None and self._maintain_on_close:
                self.close_case()
            self._wait_for_closing()
        finally:
            self._quitting = False
        if self.idle is not None:
            self.idle.stop()
        self.runner.discard_pending()
        self.runner.wait_for_done()  # the workers are idle now; closing here is safe
        if self.case is not None:
            self.case.close()
            self.case = None
        super().closeEvent(event)


def _maintain(case: Case, progress: Callable[[int, int], None],
              cancelled: Callable[[], bool]) -> int | None:
    """On the database worker: the maintenance run before a case is closed."""
    warmup.wait()  # loaded long ago: a case was open
    from workbench import maintenance

    return maintenance.routine(case, progress, cancelled)
