"""Every write is one transaction and one hash-chained audit entry with before/after values,
including rows the database itself deletes or nulls through foreign keys."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from typing import Any

import factories
import pytest

from db.models import Actor, Event, Evidence, Interview, Place
from workbench import audit
from workbench.case import Case
from workbench.changes import Changes
from workbench.errors import InvalidInput
from workbench.services import action_plan, actors, events, evidence, findings, interviews
from workbench.services.common import delete, update
from workbench.verify import verify


def _entries(case: Case) -> list[tuple[int, str, str, dict[str, Any]]]:
    return [(seq, reviewer, action, json.loads(changes)) for seq, reviewer, action, changes
            in case.raw_execute("SELECT seq, reviewer, action, changes FROM audit_entry "
                                "ORDER BY seq")]


def _clean(case: Case) -> None:
    bad = [r for r in verify(case) if not r.ok]
    assert bad == []


def _check_one_entry(case: Case, write: Callable[[], Changes]) -> dict[str, Any]:
    before = _entries(case)
    changes = write()
    after = _entries(case)
    assert len(after) == len(before) + 1, "a write must append exactly one entry"
    seq, reviewer, action, body = after[-1]
    assert changes.audit_seq == seq
    assert reviewer == case.reviewer and action == changes.action
    assert body, "the entry records the rows it touched"
    for key, change in body.items():
        assert set(change) == {"before", "after"}, key
        assert change["before"] != change["after"], key
    touched = {f"{t}:{i}" for t, i in changes.created | changes.updated | changes.deleted}
    assert touched == set(body)
    for t, i in changes.created:
        assert body[f"{t}:{i}"]["before"] is None
    for t, i in changes.deleted:
        assert body[f"{t}:{i}"]["after"] is None
    return body


def test_every_service_write_appends_one_entry(case: Case) -> None:
    ids: dict[str, int] = {}

    def keep(name: str, table: str) -> Callable[[Changes], Changes]:
        def inner(changes: Changes) -> Changes:
            ids[name] = changes.first_created(table)
            return changes
        return inner

    writes: list[Callable[[], Changes]] = [
        lambda: keep("actor", "actor")(actors.add_actor(case, "Rosa Quispe",
                                                        protection="withheld")),
        lambda: keep("place", "place")(actors.add_place(case, "Espinar", sensitive=True)),
        lambda: actors.set_protection(case, ids["actor"], "pseudonymous"),
        lambda: actors.set_aliases(case, ids["actor"], ["Rosa Q.", "la señora"]),
        lambda: keep("event", "event")(events.add_event(
            case, "Desalojo", when="2018-04-03~", place_id=ids["place"],
            roles=[events.Role(ids["actor"], "witness")], tags=["desalojo"])),
        lambda: events.edit_event(case, ids["event"], when="2018-04-04", status="contested",
                                  tags=["desalojo", "fuerza"],
                                  roles=[events.Role(ids["actor"], "affected person")]),
        lambda: keep("interview", "interview")(interviews.add_interview(
            case, "Entrevista", interviewee_ids=[ids["actor"]],
            consent=interviews.Consent.parse("notes,internal"),
            notes_text="Dijo que llegaron de noche.")),
        lambda: keep("excerpt", "excerpt")(interviews.mark_excerpt(
            case, start=0, end=4, interview_id=ids["interview"])),
        lambda: events.link_excerpt(case, ids["excerpt"], ids["event"], "contradicts"),
        lambda: interviews.withdraw_consent(case, 1, "2019-01-01", ["internal"], "pidió"),
        lambda: keep("evidence", "evidence")(evidence.add_evidence(
            case, kind="photo", original=b"\xff\xd8 jpeg bytes", original_name="a.jpg",
            media_type="image/jpeg", thumbnail=b"thumb")),
        lambda: evidence.set_verification(case, ids["evidence"], "verified", "EXIF coincide"),
        lambda: evidence.add_redaction(case, ids["evidence"], 0.1, 0.1, 0.2, 0.2),
        lambda: evidence.link_event(case, ids["evidence"], ids["event"]),
        lambda: keep("allegation", "allegation")(findings.add_allegation(
            case, "Uso de la fuerza", party_actor_id=ids["actor"])),
        lambda: findings.add_response(case, ids["allegation"], received_on="2019-02-01",
                                      summary="Niega", letter_evidence_id=ids["evidence"]),
        lambda: findings.add_standard(case, "TEST 1", "test", "A standard of the test"),
        lambda: keep("finding", "finding")(findings.add_finding(
            case, "Hallazgo", event_ids=[ids["event"]], excerpt_ids=[ids["excerpt"]],
            evidence_ids=[ids["evidence"]], standards=["TEST 1", "UNGP 22"],
            assessment="established")),
        lambda: keep("rec", "recommendation")(action_plan.add_recommendation(
            case, "Reparar", finding_ids=[ids["finding"]])),
        lambda: action_plan.set_status(case, ids["rec"], "accepted", "respuesta"),
        lambda: action_plan.add_progress_note(case, ids["rec"], "mesa instalada"),
        lambda: action_plan.add_grievance(case, reference="Q-1", description="río"),
        lambda: update(case, Place, ids["place"], "edit place", admin_area="Cusco"),
    ]
    for write in writes:
        _check_one_entry(case, write)
    _clean(case)


def test_update_records_before_and_after(case: Case) -> None:
    event_id = factories.event(case, "Título original", when="2018")
    body = _check_one_entry(case, lambda: events.edit_event(case, event_id, when="2018-04~",
                                                            title="Título nuevo"))
    change = body[f"event:{event_id}"]
    assert (change["before"]["title"], change["after"]["title"]) == ("Título original",
                                                                      "Título nuevo")
    assert (change["before"]["when"], change["after"]["when"]) == ("2018", "2018-04~")
    assert change["before"]["when_start"] == "2018-01-01T00:00:00"
    assert change["after"]["when_start"] == "2018-04-01T00:00:00"


def test_undoing_a_change_is_its_own_entry(case: Case) -> None:
    actor_id = factories.actor(case, "Testigo", protection="withheld")
    first = _check_one_entry(case, lambda: actors.set_protection(case, actor_id, "public"))
    undo = _check_one_entry(case, lambda: actors.set_protection(case, actor_id, "withheld"))
    key = f"actor:{actor_id}"
    assert undo[key]["before"] == first[key]["after"]
    assert undo[key]["after"] == first[key]["before"]
    actions = [a for _, _, a, _ in _entries(case)]
    assert actions[-2:] == ["set protection to public", "set protection to withheld"]
    _clean(case)


def test_blobs_are_recorded_by_hash_not_content(case: Case) -> None:
    original = b"confidential scanned letter " * 100
    evidence_id = factories.evidence_item(case, original=original)
    (_, _, _, body) = _entries(case)[-1]
    blobs = [c["after"] for k, c in body.items() if k.startswith("evidence_blob:")]
    assert blobs == [{**blobs[0], "data": {"sha256": hashlib.sha256(original).hexdigest(),
                                           "size": len(original)}}]
    assert body[f"evidence:{evidence_id}"]["after"]["sha256"] == hashlib.sha256(
        original).hexdigest()


def test_failed_write_leaves_no_entry_and_no_change(case: Case) -> None:
    factories.event(case, "kept")
    before_entries = _entries(case)
    before_rows = case.raw_execute("SELECT * FROM event")
    with pytest.raises(InvalidInput):
        events.add_event(case, "half", roles=[events.Role(1, "not a role")])
    with pytest.raises(RuntimeError), case.write("doomed") as session:
        session.add(Event(title="never", status="alleged"))
        session.flush()
        raise RuntimeError("crash mid-write")
    assert _entries(case) == before_entries
    assert case.raw_execute("SELECT * FROM event") == before_rows
    _clean(case)


def test_duplicate_standard_is_a_clear_error(case: Case) -> None:
    findings.add_standard(case, "TEST 2", "test", "first")
    before = _entries(case)
    with pytest.raises(InvalidInput, match="already in the catalogue"):
        findings.add_standard(case, "TEST 2", "test", "again")
    assert _entries(case) == before


def test_entries_form_a_chain(case: Case) -> None:
    factories.populated(case)
    rows = case.raw_execute("SELECT seq, prev_hash, hash, at FROM audit_entry ORDER BY seq")
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0][1] == audit.GENESIS
    for (_, _, prev_hash, prev_at), (_, link, _, at) in itertools.pairwise(rows):
        assert link == prev_hash
        assert at >= prev_at


# -- foreign-key cascades -------------------------------------------------------------------


def _deleted_keys(body: dict[str, Any]) -> set[str]:
    return {k for k, c in body.items() if c["after"] is None}


def test_deleting_an_event_records_its_links(case: Case) -> None:
    ids = factories.populated(case)
    event_id = ids["event"]
    grievance_link = case.raw_execute(
        "SELECT count(*) FROM event_actor WHERE event_id = :e", e=event_id)[0][0]
    assert grievance_link == 1
    body = _check_one_entry(case, lambda: delete(case, Event, event_id, "delete event"))
    deleted_tables = {k.split(":")[0] for k in _deleted_keys(body)}
    assert {"event", "event_actor", "event_tag", "excerpt_event", "evidence_event",
            "finding_event"} <= deleted_tables
    for table in ("event_actor", "event_tag", "excerpt_event", "evidence_event",
                  "finding_event"):
        assert case.raw_execute(f"SELECT count(*) FROM {table} WHERE event_id = :e",
                                e=event_id) == [(0,)]
    _clean(case)


def test_deleting_a_place_records_the_nulled_references(case: Case) -> None:
    ids = factories.populated(case)
    body = _check_one_entry(case, lambda: delete(case, Place, ids["place"], "delete place"))
    change = body[f"event:{ids['event']}"]
    assert change["before"]["place_id"] == ids["place"]
    assert change["after"]["place_id"] is None
    _clean(case)


def test_deleting_an_interview_cascades_two_levels(case: Case) -> None:
    ids = factories.populated(case)
    body = _check_one_entry(case, lambda: delete(case, Interview, ids["interview"],
                                                 "delete interview"))
    deleted = _deleted_keys(body)
    assert f"excerpt:{ids['excerpt']}" in deleted
    # excerpt -> excerpt_event, finding_excerpt: cascades of a cascade
    assert any(k.startswith("excerpt_event:") for k in deleted)
    assert any(k.startswith("finding_excerpt:") for k in deleted)
    assert any(k.startswith("consent_record:") for k in deleted)
    assert any(k.startswith("interviewee:") for k in deleted)
    _clean(case)


def test_deleting_an_actor_cascades_and_nulls(case: Case) -> None:
    ids = factories.populated(case)
    rec = factories.recommendation(case, addressee_actor_id=ids["actor"])
    factories.grievance(case, complainant_actor_id=ids["actor"])
    body = _check_one_entry(case, lambda: delete(case, Actor, ids["actor"], "delete actor"))
    assert body[f"allegation:{ids['allegation']}"]["after"]["party_actor_id"] is None
    assert body[f"recommendation:{rec}"]["after"]["addressee_actor_id"] is None
    assert any(k.startswith("event_actor:") for k in _deleted_keys(body))
    _clean(case)


def test_deleting_evidence_cascades_and_nulls(case: Case) -> None:
    ids = factories.populated(case)
    source = ids["evidence"]
    derived = factories.evidence_item(case, derived_from_id=source)
    letter = findings.add_response(case, ids["allegation"], received_on="2019",
                                   summary="carta", letter_evidence_id=source)
    interview_id = factories.interview(case, source_evidence_id=source)
    body = _check_one_entry(case, lambda: delete(case, Evidence, source, "delete evidence"))
    assert body[f"evidence:{derived}"]["after"]["derived_from_id"] is None
    response_id = letter.first_created("response")
    assert body[f"response:{response_id}"]["after"]["letter_evidence_id"] is None
    assert body[f"interview:{interview_id}"]["after"]["source_evidence_id"] is None
    deleted_tables = {k.split(":")[0] for k in _deleted_keys(body)}
    assert {"evidence", "evidence_blob", "custody_entry", "evidence_event",
            "finding_evidence"} <= deleted_tables
    _clean(case)


def test_whole_file_actions_are_recorded(case: Case, tmp_path) -> None:
    case.backup(tmp_path / "b.case")
    assert _entries(case)[-1][2] == "backup to b.case"
    _clean(case)


def test_random_sequence_of_writes_keeps_the_log_complete(case: Case) -> None:
    """Seeded random edits, links and deletes (with their cascades): after every write
    exactly one entry is added, and the log always replays to the rows as they are."""
    import random

    from db.models import Excerpt, Finding, Recommendation, Tag

    rng = random.Random(1122)
    live: dict[str, list[int]] = {k: [] for k in (
        "actor", "place", "event", "interview", "excerpt", "evidence", "finding", "rec", "tag")}

    def pick(kind: str) -> int | None:
        return rng.choice(live[kind]) if live[kind] else None

    def op_actor() -> None:
        live["actor"].append(factories.actor(case, f"Actor ñ {rng.random():.6f}",
                                             kind=rng.choice(["person", "group"])))

    def op_place() -> None:
        live["place"].append(factories.place(case, latitude=rng.uniform(-20, 0),
                                             longitude=rng.randint(-80, -60)))

    def op_event() -> None:
        roles = [events.Role(a, "witness") for a in live["actor"][-2:]]
        live["event"].append(factories.event(
            case, when=rng.choice(["2018", "2018-04-03~", "", "2018/2019"]),
            place_id=pick("place"), roles=roles,
            tags=rng.sample(["a", "b", "c", "d"], k=rng.randint(0, 3))))

    def op_edit_event() -> None:
        if (e := pick("event")) is not None:
            events.edit_event(case, e, when=rng.choice(["2019-01", "2019-02-03T10:00"]),
                              tags=rng.sample(["a", "c", "e"], k=rng.randint(0, 2)),
                              roles=[events.Role(a, "other") for a in live["actor"][:1]],
                              description=f"d{rng.random()}")

    def op_interview() -> None:
        people = live["actor"][-1:] or [factories.actor(case)]
        i = factories.interview(case, notes_text="Uno dos tres cuatro cinco.",
                                interviewee_ids=people)
        live["interview"].append(i)
        live["excerpt"].append(factories.excerpt(case, i, text="dos tres"))

    def op_link() -> None:
        x, e = pick("excerpt"), pick("event")
        if x is not None and e is not None:
            events.link_excerpt(case, x, e, rng.choice(["supports", "contradicts"]))

    def op_evidence() -> None:
        v = factories.evidence_item(case, original=rng.randbytes(rng.randint(1, 3000)))
        live["evidence"].append(v)
        if (e := pick("event")) is not None:
            evidence.link_event(case, v, e)

    def op_finding() -> None:
        f = factories.finding(case, event_ids=live["event"][-1:],
                              excerpt_ids=live["excerpt"][-1:],
                              evidence_ids=live["evidence"][-1:])
        live["finding"].append(f)
        live["rec"].append(factories.recommendation(case, finding_ids=[f],
                                                    addressee_actor_id=pick("actor")))

    def op_delete() -> None:
        models = {"actor": Actor, "place": Place, "event": Event, "interview": Interview,
                  "excerpt": Excerpt, "evidence": Evidence, "finding": Finding,
                  "rec": Recommendation}
        kind = rng.choice([k for k in models if live[k]] or ["none"])
        if kind == "none":
            return
        ident = live[kind].pop(rng.randrange(len(live[kind])))
        changes = delete(case, models[kind], ident, f"delete {kind}")
        for table, i in changes.deleted:  # forget rows removed by cascades
            name = {"recommendation": "rec"}.get(table, table)
            if name in live and i in live[name]:
                live[name].remove(i)

    def op_tag_delete() -> None:
        rows = case.raw_execute("SELECT id FROM tag")
        if rows:
            delete(case, Tag, rng.choice(rows)[0], "delete tag")

    ops = [op_actor, op_place, op_event, op_edit_event, op_interview, op_link, op_evidence,
           op_finding, op_delete, op_delete, op_tag_delete]
    writes = []
    real_write = case.write

    def counting_write(action: str):  # type: ignore[no-untyped-def]
        writes.append(action)
        return real_write(action)

    case.write = counting_write  # type: ignore[method-assign]
    for step in range(70):
        before, writes_before = len(_entries(case)), len(writes)
        rng.choice(ops)()
        # one entry per write, none lost, none extra
        assert len(_entries(case)) - before == len(writes) - writes_before, (step, writes)
        if step % 10 == 9:
            with case.read() as session:
                assert audit.check_coverage(session) == [], step
    _clean(case)


def test_pseudonyms_and_evidence_numbers_are_never_reused(case: Case) -> None:
    # A published report may say W-02 or E-0002; after that row is deleted, the code must
    # not come back on someone or something else.
    first = factories.actor(case, "Primera testigo")
    second = factories.actor(case, "Segunda testigo")
    codes = dict(case.raw_execute("SELECT id, pseudonym FROM actor"))
    assert (codes[first], codes[second]) == ("W-01", "W-02")
    delete(case, Actor, second, "delete actor")
    third = factories.actor(case, "Tercera testigo")
    assert case.raw_execute("SELECT pseudonym FROM actor WHERE id = :i", i=third) != [("W-02",)]
    assert case.raw_execute("SELECT pseudonym FROM actor WHERE id = :i", i=third) == [("W-03",)]

    factories.evidence_item(case, original=b"one")
    two = factories.evidence_item(case, original=b"two")
    delete(case, Evidence, two, "delete evidence")
    three = factories.evidence_item(case, original=b"three")
    assert case.raw_execute("SELECT number FROM evidence WHERE id = :i", i=three) == [
        ("E-0003",)]
    _clean(case)
