"""The views the navigator offers: each view module registers itself here by name.

A view is a ``CaseView``: it loads what it shows through the task runner when given a case,
and forgets all of it in ``clear()`` (lock, close). The window knows views only through
this registry, so adding one is one module and one import in ``ui/views/__init__.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.tasks import TaskRunner
from workbench.case import Case


class CaseView(QWidget):
    """Base of every view of an open case."""

    loaded = Signal()  # the first content is on screen (screenshots and tests wait for it)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner

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
