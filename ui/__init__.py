"""The workbench window: one PySide6 client of the Qt-free core in ``workbench/``."""
