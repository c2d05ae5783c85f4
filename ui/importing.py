"""Import actions: files and folders (chosen in a dialog or dropped on the window) go to
the core importers in the background, with a delayed progress dialog and Cancel, and the
result of every file is shown in a dialog.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData, Qt, QUrl
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import warmup
from ui.tasks import TaskRunner
from workbench.changes import Changes
from workbench.importers.results import FileResult

# The importers are imported where used: the window shows before the core is loaded
# (ui/warmup.py), and imports happen only with a case open.
if TYPE_CHECKING:
    from workbench.case import Case


def tr(text: str) -> str:
    return QCoreApplication.translate("Import", text)


KIND_TITLES = {
    "notes": "Interview notes", "photos": "Photos", "documents": "Documents",
    "timeline": "Timeline table", "grievances": "Grievance table",
}
# A dropped file goes to the first kind whose suffixes it has (tables: a timeline; PDFs:
# documents, as a PDF is as often a report as notes).
DROP_ORDER = ("photos", "timeline", "documents", "notes")
_DROP_SUFFIX = {".pdf": "documents"}


def kind_for(path: Path) -> str | None:
    warmup.wait()
    from workbench.importers.batch import SUFFIXES

    suffix = path.suffix.lower()
    if suffix in _DROP_SUFFIX:
        return _DROP_SUFFIX[suffix]
    for kind in ("photos", "timeline", "notes"):
        if suffix in SUFFIXES[kind]:
            return kind
    return None


def group_by_kind(paths: list[Path]) -> dict[str, list[Path]]:
    """Dropped files and the files in dropped folders, by the importer they go to."""
    out: dict[str, list[Path]] = {}
    for path in paths:
        files = [path]
        if path.is_dir():
            files = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files += [Path(root, f) for f in sorted(names) if not f.startswith(".")]
        for file in files:
            kind = kind_for(file)
            if kind is not None:
                out.setdefault(kind, []).append(file)
    return {k: out[k] for k in DROP_ORDER if k in out}


def paths_from_mime(mime: QMimeData) -> list[Path]:
    return [Path(u.toLocalFile()) for u in mime.urls() if isinstance(u, QUrl) and u.isLocalFile()]


def changes_of(results: list[FileResult]) -> Changes:
    """One Changes for a whole batch (each file was its own write)."""
    created = frozenset((table, i) for r in results for table, ids in r.ids.items()
                        for i in ids)
    return Changes(action="import", created=created)


def run_import(runner: TaskRunner, case: Case, batches: dict[str, list[Path]],
               parent: QWidget, on_done: Callable[[list[FileResult]], None]) -> None:
    """Import every batch (kind -> paths) one after another, as one cancellable task."""
    warmup.wait()
    from workbench.importers.batch import import_paths

    total_files = sum(len(p) for p in batches.values())

    def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list:
        results: list[FileResult] = []
        for kind, paths in batches.items():
            base = len(results)
            def report(done: int, _total: int, _bytes: int, _all_bytes: int,
                       base: int = base) -> None:
                progress(base + done, total_files)

            results += import_paths(case, kind, paths, cancelled=cancelled, progress=report)
            if cancelled():
                break
        return results

    label = tr("Importing %n file(s)…").replace("%n", str(total_files))
    runner.run_long(work, label=label, on_done=on_done, parent=parent)


class ImportResultDialog(QDialog):
    """One row per file: its name, imported / duplicate / rejected, and what or why."""

    def __init__(self, results: list[FileResult], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importResults")
        self.setWindowTitle(tr("Import results"))
        self.resize(720, 360)
        ok = sum(1 for r in results if r.ok)
        summary = QLabel(tr("%1 of %2 file(s) imported or already in the case.")
                         .replace("%1", str(ok)).replace("%2", str(len(results))))
        self.table = QTableWidget(len(results), 3)
        self.table.setObjectName("importResultTable")
        self.table.setHorizontalHeaderLabels([tr("File"), tr("Result"), tr("Details")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        for row, result in enumerate(results):
            detail = result.reason or "; ".join(
                f"{k} {', '.join(map(str, v))}" for k, v in result.ids.items() if v)
            if result.notes:
                detail += ("; " if detail else "") + "; ".join(result.notes)
            for column, text in enumerate((Path(result.name).name, tr(result.status),
                                           detail)):
                item = QTableWidgetItem(text)
                item.setToolTip(result.name if column == 0 else text)
                if column == 1 and not result.ok:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
