"""The workbench window: one PySide6 client of the Qt-free core in ``workbench/``."""

from ui.none_guard import protect_none

protect_none()  # before any PySide6 call (see ui/none_guard.py)
