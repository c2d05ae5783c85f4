"""Undo and redo for every edit made in the window: a QUndoStack whose every step is an
audited write through the core services (an undo is a new write with its own audit entry,
never a database rollback).

How a view makes an undoable edit (the API shared by every view):

- The window owns one ``UndoStack`` per open case and gives it to each view as
  ``view.undo_stack`` before ``show_case``; it is cleared on lock and close.
- Build a command and hand it to ``stack.perform(command, source=self)``:

      cmd = ServiceCommand(self.tr("Edit event ‘%1’").replace("%1", title),
                           apply=lambda case, ids: events.edit_event(case, ids.id("event", 7),
                                                                      status="established"),
                           revert=lambda case, ids: events.edit_event(case, ids.id("event", 7),
                                                                       status="alleged"))
      self.undo_stack.perform(cmd, source=self, on_done=lambda changes: ...)

  ``apply(case, ids)`` and ``revert(case, ids)`` run on the task runner's database worker
  (one after another, in order) and return the ``Changes`` of their write. The command is
  pushed only once its first ``apply`` succeeded, so a refused edit (``InvalidInput``...)
  leaves no undo step; the runner shows the error (or calls ``on_failed``).
- ``ids`` is the stack's ``IdMap``: a command that re-creates a row on undo or redo (undo
  of a delete, redo of a create) gets a new id; it records ``ids.moved(table, old, new)``
  and every command resolves the ids it holds with ``ids.id(table, original_id)``.
  ``CreateCommand`` and ``DeleteCommand`` below do this already.
- After every write made through the stack, ``stack.changed(changes, source)`` is emitted
  on the UI thread. The window forwards it to every view's ``apply_changes``; ``source``
  is the view that started the edit (``None`` for undo and redo), so it may skip reloading.
- Command texts are what Edit > Undo shows ("Undo Edit event ‘Desalojo’"): pass them
  already translated (``self.tr(...)`` in the view).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ui.tasks import TaskRunner
from workbench.changes import Changes
from workbench.errors import CaseError

if TYPE_CHECKING:  # the core loads after the window shows (ui/warmup.py)
    from workbench.case import Case

Write = Callable[["Case", "IdMap"], Changes]


def tr(text: str) -> str:
    return QCoreApplication.translate("Undo", text)


class IdMap:
    """Original id -> current id, for rows that undo/redo re-created under a new id."""

    def __init__(self) -> None:
        self._moved: dict[tuple[str, int], int] = {}

    def id(self, table: str, original: int) -> int:
        return self._moved.get((table, original), original)

    def moved(self, table: str, original: int, current: int) -> None:
        self._moved[(table, original)] = current

    def clear(self) -> None:
        self._moved.clear()


class ServiceCommand(QUndoCommand):
    """One undoable edit: ``apply`` does it, ``revert`` undoes it; each one audited write."""

    def __init__(self, text: str, apply: Write | None = None,
                 revert: Write | None = None) -> None:
        super().__init__(text)
        self._apply, self._revert = apply, revert
        self.stack: UndoStack | None = None
        self._skip_redo = False  # the first redo: already applied by perform()

    # Override these two in a subclass that needs state (they run on the db worker).
    def apply(self, case: Case, ids: IdMap) -> Changes:
        assert self._apply is not None
        return self._apply(case, ids)

    def revert(self, case: Case, ids: IdMap) -> Changes:
        assert self._revert is not None
        return self._revert(case, ids)

    # QUndoCommand: called by QUndoStack on the UI thread; the write goes to the worker.
    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        if self.stack is not None:
            self.stack._run(self, self.apply, undoing=False)

    def undo(self) -> None:
        if self.stack is not None:
            self.stack._run(self, self.revert, undoing=True)


class CreateCommand(ServiceCommand):
    """Undo of a create deletes the row; redo creates it again (under a new id).

    ``create(case) -> Changes`` must create exactly one row of ``table`` first."""

    def __init__(self, text: str, table: str, create: Callable[[Case], Changes],
                 delete: Callable[[Case, int], Changes]) -> None:
        super().__init__(text)
        self.table, self._create, self._delete = table, create, delete
        self.original_id: int | None = None

    def apply(self, case: Case, ids: IdMap) -> Changes:
        changes = self._create(case)
        new_id = changes.first_created(self.table)
        if self.original_id is None:
            self.original_id = new_id
        else:
            ids.moved(self.table, self.original_id, new_id)
        return changes

    def revert(self, case: Case, ids: IdMap) -> Changes:
        assert self.original_id is not None
        return self._delete(case, ids.id(self.table, self.original_id))


class DeleteCommand(ServiceCommand):
    """Undo of a delete re-creates the row from what ``capture`` read before deleting."""

    def __init__(self, text: str, table: str, original_id: int,
                 capture: Callable[[Case, int], Any],
                 delete: Callable[[Case, int], Changes],
                 recreate: Callable[[Case, Any, IdMap], Changes]) -> None:
        super().__init__(text)
        self.table, self.original_id = table, original_id
        self._capture, self._delete, self._recreate = capture, delete, recreate
        self._saved: Any = None

    def apply(self, case: Case, ids: IdMap) -> Changes:
        current = ids.id(self.table, self.original_id)
        self._saved = self._capture(case, current)
        return self._delete(case, current)

    def revert(self, case: Case, ids: IdMap) -> Changes:
        changes = self._recreate(case, self._saved, ids)
        ids.moved(self.table, self.original_id, changes.first_created(self.table))
        return changes


class UndoStack(QUndoStack):
    """The window's undo stack for one open case (see the module docstring)."""

    changed = Signal(object, object)  # Changes, source view (None for undo/redo)
    failed = Signal(str)  # an undo or redo could not be written (message shown already)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.case: Case | None = None
        self.ids = IdMap()
        self._in_flight = 0

    def set_case(self, case: Case | None) -> None:
        self.clear()
        self.ids.clear()
        self.case = case
        self._in_flight = 0

    @property
    def busy(self) -> bool:
        """A write of the stack is still on its way (tests wait for ``changed``)."""
        return self._in_flight > 0

    def perform(self, command: ServiceCommand, *, source: object = None,
                on_done: Callable[[Changes], None] | None = None,
                on_failed: Callable[[CaseError], None] | None = None) -> None:
        """Apply ``command`` in the background; push it onto the stack once it succeeded."""
        case = self.case
        if case is None:
            return
        command.stack = self
        self._in_flight += 1

        def done(changes: Changes) -> None:
            self._in_flight -= 1
            if self.case is not case:
                return
            command._skip_redo = True
            self.push(command)
            self.changed.emit(changes, source)
            if on_done is not None:
                on_done(changes)

        def failed(error: CaseError) -> None:
            self._in_flight -= 1
            if on_failed is not None:
                on_failed(error)
            else:
                self.runner.show_error(str(error), None)

        self.runner.run_op(lambda: command.apply(case, self.ids), on_done=done,
                           on_failed=failed)

    def _run(self, command: ServiceCommand, write: Callable[[Case, IdMap], Changes], *,
             undoing: bool) -> None:
        case = self.case
        if case is None:
            return
        self._in_flight += 1

        def done(changes: Changes) -> None:
            self._in_flight -= 1
            if self.case is case:
                self.changed.emit(changes, None)

        def failed(error: CaseError) -> None:
            self._in_flight -= 1
            what = tr("Undo") if undoing else tr("Redo")
            message = f"{what} {command.text()}: {error}"
            self.runner.show_error(message, None)
            # Past this step the stack no longer matches the case: drop the history.
            if self.case is case:
                self.clear()
            self.failed.emit(message)

        self.runner.run_op(lambda: write(case, self.ids), on_done=done, on_failed=failed)
