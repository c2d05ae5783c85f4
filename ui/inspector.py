"""The inspector: a dock beside the current view showing a widget for the selected item.

Views put a widget here with ``CaseView.show_inspector(widget, title)`` (see
``ui/views/registry.py``). The dock shows the current view's last widget and keeps every
widget it was given (re-parented into the dock); ``clear()`` (lock, close) deletes them
all, so no case text outlives the case.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QStackedWidget, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("Inspector", text)


class InspectorDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Inspector"), parent)
        self.setObjectName("inspector")
        self.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea
                             | Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self._stack = QStackedWidget()
        self._stack.setMinimumSize(200, 120)
        self._empty = QLabel(tr("Select an item to see its details here."))
        self._empty.setObjectName("inspectorEmpty")
        self._empty.setWordWrap(True)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack.addWidget(self._empty)
        self.setWidget(self._stack)
        self._by_view: dict[str, tuple[QWidget, str]] = {}
        self._given: list[QWidget] = []
        self._current_view = ""

    def set_widget(self, view: str, widget: QWidget | None, title: str) -> None:
        """The widget ``view`` shows for its selected item (None: nothing selected). The
        dock keeps every widget it was given (a view shows the same editor again and
        again) until ``clear()``."""
        if widget is None:
            self._by_view.pop(view, None)
        else:
            if self._stack.indexOf(widget) < 0:
                self._stack.addWidget(widget)
                self._given.append(widget)
            self._by_view[view] = (widget, title)
        if view == self._current_view:
            self.show_view(view)

    def show_view(self, view: str) -> None:
        self._current_view = view
        widget, title = self._by_view.get(view, (self._empty, ""))
        self._stack.setCurrentWidget(widget)
        self.setWindowTitle(title or tr("Inspector"))

    def current_widget(self) -> QWidget | None:
        return self._stack.currentWidget()

    def clear(self) -> None:
        for widget in self._given:
            self._drop(widget)
        self._given.clear()
        self._by_view.clear()
        self._stack.setCurrentWidget(self._empty)
        self.setWindowTitle(tr("Inspector"))

    def _drop(self, widget: QWidget) -> None:
        self._stack.removeWidget(widget)
        widget.setParent(None)
        widget.deleteLater()
