"""The undoable edits of the timeline, interviews and people views, as ``ui.undo``
commands: each step calls a core service (one audited write), undo calls it again with the
previous values."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from db.models import ExcerptEvent
from ui.undo import CreateCommand, DeleteCommand, IdMap, ServiceCommand
from workbench.case import Case
from workbench.changes import Changes
from workbench.queries.events import EventDetail, event_detail
from workbench.services import actors, common, events, interviews
from workbench.services.events import Role


def tr(text: str) -> str:
    return QCoreApplication.translate("Commands", text)


def _short(title: str) -> str:
    return title if len(title) <= 40 else title[:39] + "…"


def event_fields(detail: EventDetail) -> dict[str, Any]:
    """What ``edit_event`` needs to put an event back as ``detail`` shows it."""
    return {"title": detail.title, "description": detail.description, "when": detail.when,
            "category": detail.category, "status": detail.status,
            "place_id": detail.place_id,
            "roles": [Role(actor_id, role) for actor_id, _name, role in detail.roles],
            "tags": list(detail.tags)}


def add_event(fields: dict[str, Any]) -> CreateCommand:
    title = str(fields.get("title", ""))
    rest = {k: v for k, v in fields.items() if k != "title"}
    return CreateCommand(tr("Add event ‘%1’").replace("%1", _short(title)), "event",
                         create=lambda case: events.add_event(case, title, **rest),
                         delete=events.delete_event)


class EditEvent(ServiceCommand):
    """Change an event's fields; undo writes back the values it had before."""

    def __init__(self, event_id: int, before: EventDetail, after: dict[str, Any]) -> None:
        super().__init__(tr("Edit event ‘%1’").replace("%1", _short(before.title)))
        self.event_id = event_id
        old = event_fields(before)
        # Only what changed: an undo never overwrites a field this edit did not touch.
        self.after = {k: v for k, v in after.items() if old.get(k) != v}
        self.before = {k: old[k] for k in self.after}

    def apply(self, case: Case, ids: IdMap) -> Changes:
        return events.edit_event(case, ids.id("event", self.event_id), **self.after)

    def revert(self, case: Case, ids: IdMap) -> Changes:
        return events.edit_event(case, ids.id("event", self.event_id), **self.before)


def _capture_event(case: Case, event_id: int) -> EventDetail:
    with case.read() as session:
        detail = event_detail(session, event_id)
    if detail is None:
        from workbench.errors import NotFound

        raise NotFound(f"no event with id {event_id}")
    return detail


def _restore_event(case: Case, detail: EventDetail, ids: IdMap) -> Changes:
    fields = event_fields(detail)
    title = fields.pop("title")
    return events.restore_event(
        case, title,
        excerpt_links=[(ids.id("excerpt", s.ref), s.stance) for s in detail.sources
                       if s.kind == "excerpt"],
        evidence_links=[(ids.id("evidence", s.ref), s.stance) for s in detail.sources
                        if s.kind == "evidence"], **fields)


def delete_event(event_id: int, title: str) -> DeleteCommand:
    return DeleteCommand(tr("Delete event ‘%1’").replace("%1", _short(title)), "event",
                         event_id, capture=_capture_event, delete=events.delete_event,
                         recreate=_restore_event)


class MarkExcerpt(ServiceCommand):
    """Mark a passage of an interview and link it to an event (existing, or new if
    ``new_event_title``) with a stance; one step to undo, three audited writes at most."""

    def __init__(self, interview_id: int, start: int, end: int, stance: str, *,
                 event_id: int | None = None, new_event_title: str = "",
                 excerpt_id: int | None = None) -> None:
        what = new_event_title or tr("event")
        super().__init__(tr("Link passage to ‘%1’ (%2)").replace("%1", _short(what))
                         .replace("%2", tr(stance)))
        self.interview_id, self.start, self.end, self.stance = interview_id, start, end, stance
        self.event_id, self.new_event_title = event_id, new_event_title
        self.excerpt_id = excerpt_id  # an excerpt already marked: link it only
        self._made_excerpt: int | None = None  # original ids of what apply created
        self._made_event: int | None = None
        self._link: int | None = None

    def _created(self, ids: IdMap, table: str, original: int | None, new: int) -> int:
        if original is not None:
            ids.moved(table, original, new)
            return original
        return new

    def apply(self, case: Case, ids: IdMap) -> Changes:
        created: set[tuple[str, int]] = set()
        excerpt = self.excerpt_id
        if excerpt is None:
            changes = interviews.mark_excerpt(case, start=self.start, end=self.end,
                                              interview_id=self.interview_id)
            new = changes.first_created("excerpt")
            self._made_excerpt = self._created(ids, "excerpt", self._made_excerpt, new)
            excerpt, created = new, created | changes.created
        else:
            excerpt = ids.id("excerpt", excerpt)
        event = self.event_id
        if event is None:
            changes = events.add_event(case, self.new_event_title)
            new = changes.first_created("event")
            self._made_event = self._created(ids, "event", self._made_event, new)
            event, created = new, created | changes.created
        else:
            event = ids.id("event", event)
        changes = events.link_excerpt(case, excerpt, event, self.stance)
        self._link = changes.first_created("excerpt_event")
        return Changes(changes.action, changes.audit_seq, frozenset(created | changes.created))

    def revert(self, case: Case, ids: IdMap) -> Changes:
        deleted: set[tuple[str, int]] = set()
        if self._link is not None:
            deleted |= common.delete(case, ExcerptEvent, self._link,
                                     "unlink excerpt from event").deleted
        if self._made_event is not None:
            deleted |= events.delete_event(case, ids.id("event", self._made_event)).deleted
        if self._made_excerpt is not None:
            from db.models import Excerpt

            deleted |= common.delete(case, Excerpt, ids.id("excerpt", self._made_excerpt),
                                     "remove marked excerpt").deleted
        return Changes("undo link excerpt", None, deleted=frozenset(deleted))


def set_protection(actor_id: int, name: str, before: str, after: str) -> ServiceCommand:
    return ServiceCommand(
        tr("Set protection of ‘%1’ to %2").replace("%1", _short(name)).replace("%2", tr(after)),
        apply=lambda case, ids: actors.set_protection(case, ids.id("actor", actor_id), after),
        revert=lambda case, ids: actors.set_protection(case, ids.id("actor", actor_id), before))


def set_aliases(actor_id: int, name: str, before: list[str], after: list[str]) -> ServiceCommand:
    return ServiceCommand(
        tr("Edit aliases of ‘%1’").replace("%1", _short(name)),
        apply=lambda case, ids: actors.set_aliases(case, ids.id("actor", actor_id), after),
        revert=lambda case, ids: actors.set_aliases(case, ids.id("actor", actor_id), before))


def edit_interview(interview_id: int, title: str, before: dict[str, str],
                   after: dict[str, str]) -> ServiceCommand:
    from db.models import Interview

    return ServiceCommand(
        tr("Edit interview ‘%1’").replace("%1", _short(title)),
        apply=lambda case, ids: common.update(case, Interview, ids.id("interview", interview_id),
                                              "edit interview", **after),
        revert=lambda case, ids: common.update(case, Interview,
                                               ids.id("interview", interview_id),
                                               "edit interview", **before))


def withdraw_consent(consent_id: int, withdrawn_on: str, scopes: list[str],
                     note: str) -> CreateCommand:
    from db.models import ConsentWithdrawal

    return CreateCommand(
        tr("Record consent withdrawal (%1)").replace("%1", ", ".join(scopes)),
        "consent_withdrawal",
        create=lambda case: interviews.withdraw_consent(case, consent_id, withdrawn_on, scopes,
                                                        note),
        delete=lambda case, ident: common.delete(case, ConsentWithdrawal, ident,
                                                 "remove consent withdrawal"))
