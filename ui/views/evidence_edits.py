"""The evidence view's edits: redaction regions, verification, flags, excerpts, links to
events, and the background hash check. Each edit is one audited write; those that can be
reverted go through the window's undo stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QPushButton

from db.models import EvidenceEvent, RedactionRegion
from ui.views.evidence_viewer import EvidenceViewer
from ui.views.viewkit import number, tr, write
from workbench.case import Case
from workbench.changes import Changes
from workbench.queries import evidence_queries as eq
from workbench.services import common, interviews
from workbench.services import evidence as evidence_service

if TYPE_CHECKING:
    from ui.tasks import TaskRunner
    from ui.views.registry import CaseView


class EvidenceEdits:
    """Mixed into EvidenceView (which provides these attributes)."""

    case: Case | None
    viewer: EvidenceViewer
    verify_button: QPushButton
    result: QLabel
    runner: TaskRunner
    _generation: int

    def current_id(self) -> int | None:
        raise NotImplementedError

    def reload(self, *_args: object, keep: bool = False) -> None:
        raise NotImplementedError

    def refresh_preview(self) -> None:
        raise NotImplementedError

    def _show_detail(self, detail: eq.EvidenceDetail, generation: int) -> None:
        raise NotImplementedError

    def _view(self) -> CaseView:
        return self  # type: ignore[return-value]

    # -- edits (each one audited write, undoable) ------------------------------------------------

    def _after_edit(self, _changes: Changes) -> None:
        ident, case = self.current_id(), self.case
        if ident is None or case is None:
            return
        generation = self._generation
        self.runner.run_op(lambda: eq.detail(case, ident),
                           on_done=lambda d: self._show_detail(d, generation))
        self.refresh_preview()

    def add_region(self, x: float, y: float, w: float, h: float) -> None:
        ident, case = self.current_id(), self.case
        if ident is None or case is None:
            return
        style = self.viewer.region_style()
        created: list[int] = []

        def apply(c: Case) -> Changes:
            changes = evidence_service.add_redaction(c, ident, x, y, w, h, style)
            created[:] = changes.created_ids("redaction_region")
            return changes

        write(self._view(), case, tr("Add redaction region"), apply,
              lambda c: common.delete(c, RedactionRegion, created[0],
                                      "delete redaction region"),
              self._after_edit)

    def move_region(self, region: int, x: float, y: float, w: float, h: float) -> None:
        old = next((g for g in self.viewer.detail.regions if g.id == region), None) \
            if self.viewer.detail else None
        if self.case is None or old is None:
            return
        write(self._view(), self.case, tr("Move redaction region"),
              lambda c: evidence_service.move_redaction(c, region, x, y, w, h),
              lambda c: evidence_service.move_redaction(c, region, old.x, old.y, old.w,
                                                        old.h),
              self._after_edit)

    def delete_region(self, region: int) -> None:
        if self.case is None or not region:
            return
        self.viewer.canvas.selected = 0
        write(self._view(), self.case, tr("Delete redaction region"),
              lambda c: evidence_service.delete_redaction(c, region), None, self._after_edit)

    def delete_selected(self) -> None:
        """Edit > Delete selected: the selected redaction region."""
        self.delete_region(self.viewer.canvas.selected)

    def save_verification(self, status: str, notes: str) -> None:
        ident, detail = self.current_id(), self.viewer.detail
        if ident is None or self.case is None or detail is None:
            return
        old_status, old_notes = detail.row.verification_status, detail.verification_notes
        write(self._view(), self.case, tr("Set verification"),
              lambda c: evidence_service.set_verification(c, ident, status, notes),
              lambda c: evidence_service.set_verification(c, ident, old_status, old_notes),
              lambda ch: self.reload(keep=True))

    def save_flags(self, publishable: bool, graphic: bool, caption: str) -> None:
        ident, detail = self.current_id(), self.viewer.detail
        if ident is None or self.case is None or detail is None:
            return
        old = (detail.row.publishable, detail.row.graphic, detail.caption)
        write(self._view(), self.case, tr("Edit evidence flags"),
              lambda c: evidence_service.set_flags(c, ident, publishable=publishable,
                                                   graphic=graphic, caption=caption),
              lambda c: evidence_service.set_flags(c, ident, publishable=old[0],
                                                   graphic=old[1], caption=old[2]),
              lambda ch: self.reload(keep=True))

    def mark_excerpt(self, start: int, end: int) -> None:
        ident = self.current_id()
        if ident is None or self.case is None:
            return
        write(self._view(), self.case, tr("Mark excerpt"),
              lambda c: interviews.mark_excerpt(c, start=start, end=end, evidence_id=ident),
              None, self._after_edit)

    def verify_hashes(self) -> None:
        case = self.case
        if case is None:
            return
        self.verify_button.setEnabled(False)
        self.runner.run_long(lambda progress, cancelled: eq.verify_hashes(case, progress,
                                                                          cancelled),
                             label=tr("Verifying the hashes of every original…"),
                             on_done=self._verified, on_failed=lambda _e: self._verified(None),
                             parent=self._view())

    def _verified(self, outcome: tuple[int, list[str]] | None) -> None:
        self.verify_button.setEnabled(True)
        if outcome is None:
            return
        checked, problems = outcome
        if problems:
            self.result.setObjectName("banner")
            self.result.setText(tr("%1 originals do not match their intake hash: ")
                                .replace("%1", number(len(problems))) + "; ".join(problems))
        else:
            self.result.setObjectName("okBanner")
            self.result.setText(tr("All %1 originals match their intake SHA-256.")
                                .replace("%1", number(checked)))
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.show()

    def link_to_event(self, event_id: int, stance: str) -> None:
        ident = self.current_id()
        if ident is None or self.case is None:
            return
        created: list[int] = []

        def apply(c: Case) -> Changes:
            changes = evidence_service.link_event(c, ident, event_id, stance)
            created[:] = changes.created_ids("evidence_event")
            return changes

        write(self._view(), self.case, tr("Link evidence to event"), apply,
              lambda c: common.delete(c, EvidenceEvent, created[0], "unlink evidence"),
              self._after_edit)
