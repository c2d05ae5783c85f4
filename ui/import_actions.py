"""The window's import actions (a mixin of ``MainWindow``): File > Import and files or
folders dropped on the window go to the importers in the background (``ui.importing``);
the views are told what each batch created, and a dialog shows every file's result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow

from ui import file_dialogs, importing
from ui.tasks import TaskRunner
from workbench.changes import Changes
from workbench.importers.results import FileResult

if TYPE_CHECKING:
    from workbench.case import Case


class ImportActions(QMainWindow):
    """The base of ``MainWindow`` that imports; the window sets ``case`` and ``runner``."""

    imported = Signal(list)  # [FileResult] of an import batch, after the views were told
    case: Case | None = None
    runner: TaskRunner

    def broadcast_changes(self, changes: Changes, source: object = None) -> None:
        raise NotImplementedError  # the window tells its views

    def import_dialog(self, kind: str) -> None:
        if self.case is None:
            return
        files = file_dialogs.open_files(
            self, self.tr("Import %1").replace("%1", self.tr(importing.KIND_TITLES[kind])))
        if files:
            self.import_files({kind: files})

    def import_files(self, batches: dict[str, list[Path]]) -> None:
        case = self.case
        if case is None or not batches:
            return
        importing.run_import(self.runner, case, batches, self,
                             lambda results: self._imported(case, results))

    def _imported(self, case: Case, results: list[FileResult]) -> None:
        if case is not self.case:
            return
        self.broadcast_changes(importing.changes_of(results), None)
        dialog = importing.ImportResultDialog(results, self)
        dialog.open()
        self.imported.emit(results)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.case is not None and importing.paths_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.case is not None and importing.paths_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = importing.paths_from_mime(event.mimeData())
        if self.case is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        batches = importing.group_by_kind(paths)
        if not batches:
            self.runner.show_error(self.tr("None of the dropped files is of a kind the "
                                           "workbench imports."), self)
            return
        self.import_files(batches)
