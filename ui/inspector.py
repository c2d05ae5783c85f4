"""The inspector: a dock beside the current view showing a widget for the selected item.

Views put a widget here with ``CaseView.show_inspector(widget, title)`` (see
``ui/views/registry.py``). The dock keeps one widget per view and shows the current
view's; ``clear()`` (lock, close) deletes them all, so no case text outlives the case.
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
        self._current_view = ""

    def set_widget(self, view: str, widget: QWidget | None, title: str) -> None:
        """The widget ``view`` shows for its selected item (None: nothing selected)."""
        old = self._by_view.pop(view, None)
        if old is not None and old[0] is not widget:
            self._drop(old[0])
        if widget is not None:
            if self._stack.indexOf(widget) < 0:
                self._stack.addWidget(widget)
            self._by_view[view] = (widget, title)
        if view == self._current_view:
            self.show_view(view)

    def show_view(self, view: str) -> None:
        self._current_view = view
        widget, title = self._by_view.get(view, (self._empty, ""))
        self._stack.setCurrentWidget(widget)
        self.setWindowTitle(title or tr("Inspector"))

    def current_widget(self) -> QWidget:
        return self._stack.currentWidget()

    def clear(self) -> None:
        for widget, _title in self._by_view.values():
            self._drop(widget)
        self._by_view.clear()
        self._stack.setCurrentWidget(self._empty)
        self.setWindowTitle(tr("Inspector"))

    def _drop(self, widget: QWidget) -> None:
        self._stack.removeWidget(widget)
        widget.setParent(None)
        widget.deleteLater()
