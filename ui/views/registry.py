"""The views the navigator offers: each view module registers itself here by name.

A view is a ``CaseView``: it loads what it shows through the task runner when given a case,
and forgets all of it in ``clear()`` (lock, close). The window knows views only through
this registry, so adding one is one module and one import in ``ui/views/__init__.py``.

What the window gives every view, and what a view may use (all optional):

- ``self.undo_stack`` (``ui.undo.UndoStack``, set before ``show_case``): make every edit
  through ``self.undo_stack.perform(command, source=self)`` so it can be undone.
- ``apply_changes(changes, source)``: called after every write made in the window (undo
  stack, imports) with its ``workbench.changes.Changes``; ``source`` is the view that made
  it (``self``: skip reloading what you already show) or None. Override to refresh what the
  change ``touches(...)``; mark lazy caches stale instead of reloading everything.
- ``show_inspector(widget, title)``: put a widget for the selected item in the window's
  inspector dock (``None`` to empty it). The dock shows the current view's last widget,
  re-parents it, and drops it on lock; the view must not keep case text elsewhere.
- ``open_requested.emit(kind, ref)``: ask the window to open an item in the view that
  handles ``kind`` ("event", "interview", "excerpt", "actor", "evidence", "finding"...).
  A view declares the kinds it opens in ``OPENS`` and implements ``open_item``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.tasks import TaskRunner
from ui.undo import UndoStack
from workbench.case import Case
from workbench.changes import Changes


class CaseView(QWidget):
    """Base of every view of an open case."""

    loaded = Signal()  # the first content is on screen (screenshots and tests wait for it)
    inspector_requested = Signal(object, str)  # widget (or None), title
    open_requested = Signal(str, int)  # kind, id: open this item in the view for its kind

    OPENS: tuple[str, ...] = ()  # the kinds of item open_item can show

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.undo_stack: UndoStack | None = None

    def show_inspector(self, widget: QWidget | None, title: str = "") -> None:
        self.inspector_requested.emit(widget, title)

    def apply_changes(self, changes: Changes, source: object) -> None:
        """A write was made in the window; refresh what it touches (default: nothing)."""

    def open_item(self, kind: str, ref: int) -> None:
        """Select and show the item (called after ``show_case``; may arrive before the view
        finished loading, so remember it and select when the rows are in)."""

    def show_case(self, case: Case) -> None:
        """Start loading from ``case`` (in the background); emit ``loaded`` when shown."""
        raise NotImplementedError

    def clear(self) -> None:
        """Drop every piece of case content this view holds (labels, models, caches)."""
        raise NotImplementedError


@dataclass(frozen=True)
class ViewSpec:
    name: str  # the --view NAME on the command line
    title: str  # what the navigator shows
    factory: Callable[[TaskRunner], CaseView]


VIEWS: dict[str, ViewSpec] = {}


def register(name: str, title: str, factory: Callable[[TaskRunner], CaseView]) -> None:
    if name in VIEWS:
        raise ValueError(f"view {name!r} registered twice")
    VIEWS[name] = ViewSpec(name, title, factory)
