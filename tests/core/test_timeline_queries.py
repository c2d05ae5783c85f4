"""The read-only queries behind the timeline, interviews, people and search views, the
event restore/delete services their undo uses, and the bulk generator of the timeline
benchmark (its audit log must be complete). No Qt here."""

from __future__ import annotations

from pathlib import Path

import factories
from bench.bigcase import generate
from factories import PASSPHRASE

from workbench import audit
from workbench.case import Case
from workbench.queries import actors as aq
from workbench.queries import events as q
from workbench.queries import interviews as iq
from workbench.queries.search_hints import suggested_queries
from workbench.services import events, interviews
from workbench.services.events import Role


def _timeline(case: Case) -> dict[str, int]:
    actor = factories.actor(case, "Rosa Quispe", protection="withheld")
    ids = {
        "exact": factories.event(case, "Blockade", when="2018-03-18", category="protest",
                                 roles=[Role(actor, "witness")]),
        "fuzzy": factories.event(case, "Detention", when="2018-04-03?", category="arrest",
                                 status="contested"),
        "range": factories.event(case, "Threats", when="2019-06/2019-08", category="threat"),
        "undated": factories.event(case, "Undated rumour", when=""),
        "actor": actor,
    }
    return ids


def test_ids_filter_and_sort(case: Case) -> None:
    ids = _timeline(case)
    with case.read() as s:
        assert q.event_ids(s) == [ids["exact"], ids["fuzzy"], ids["range"], ids["undated"]]
        assert q.event_ids(s, sort="when", descending=True)[-1] == ids["undated"]
        assert q.event_ids(s, sort="title") == [ids["exact"], ids["fuzzy"], ids["range"],
                                                ids["undated"]]
        assert q.event_ids(s, q.EventFilter(text="detent")) == [ids["fuzzy"]]
        assert q.event_ids(s, q.EventFilter(category="threat")) == [ids["range"]]
        assert q.event_ids(s, q.EventFilter(status="contested")) == [ids["fuzzy"]]
        assert q.event_ids(s, q.EventFilter(actor_id=ids["actor"])) == [ids["exact"]]
        # A date range keeps events whose bounds overlap it.
        assert q.event_ids(s, q.EventFilter(date_from="2018-04", date_to="2019-06")) == \
            [ids["fuzzy"], ids["range"]]


def test_rows_spans_and_detail(case: Case) -> None:
    ids = _timeline(case)
    with case.read() as s:
        rows = q.event_rows(s, [ids["fuzzy"], ids["exact"], 999])
        assert set(rows) == {ids["fuzzy"], ids["exact"]}
        assert rows[ids["fuzzy"]].when_text == "3 April 2018 (uncertain)"
        assert rows[ids["exact"]].actors == "Rosa Quispe"
        spans = q.event_spans(s)
        assert spans.ids == [ids["exact"], ids["fuzzy"], ids["range"]]  # undated: not drawn
        assert spans.shapes == ["exact", "fuzzy", "range"]
        assert spans.ends[2] - spans.starts[2] > 80 * 86_400  # June to August
        assert q.find_events(s, "threa") == [(ids["range"], "Threats",
                                              "June 2019 – August 2019")]
        assert {"blockade", "detention", "threats"} <= set(suggested_queries(s))


def test_event_detail_knows_when_its_sources_disagree(case: Case) -> None:
    event = factories.event(case, "Dispersal", when="2018-04-03T14:00")
    interview = factories.interview(case, notes_text="It was calm. Then they shot.")
    calm = factories.excerpt(case, interview, text="It was calm.")
    shot = factories.excerpt(case, interview, text="Then they shot.")
    events.link_excerpt(case, calm, event, "contradicts")
    with case.read() as s:
        assert not q.event_detail(s, event).disagree  # type: ignore[union-attr]
    events.link_excerpt(case, shot, event, "supports")
    with case.read() as s:
        detail = q.event_detail(s, event)
        assert detail is not None and detail.disagree
        assert [(x.kind, x.text, x.stance) for x in detail.sources] == [
            ("excerpt", "It was calm.", "contradicts"), ("excerpt", "Then they shot.", "supports")]
        listed = iq.excerpts_of(s, interview)
        assert [(x.text, [link.stance for link in x.links]) for x in listed] == [
            ("It was calm.", ["contradicts"]), ("Then they shot.", ["supports"])]


def test_delete_and_restore_an_event_keep_the_audit_log_complete(case: Case) -> None:
    event = factories.event(case, "To delete", when="2018", tags=["t"])
    interview = factories.interview(case, notes_text="A passage.")
    excerpt = factories.excerpt(case, interview, text="A passage.")
    events.link_excerpt(case, excerpt, event, "context")
    with case.read() as s:
        detail = q.event_detail(s, event)
    assert detail is not None
    events.delete_event(case, event)
    changes = events.restore_event(case, detail.title, excerpt_links=[(excerpt, "context")],
                                   evidence_links=[], when=detail.when, tags=detail.tags)
    with case.read() as s:
        again = q.event_detail(s, changes.first_created("event"))
        assert again is not None and again.tags == ["t"]
        assert [x.stance for x in again.sources] == ["context"]
        assert audit.check_coverage(s) == []


def test_interviews_and_people(case: Case) -> None:
    rosa = factories.actor(case, "Rosa Quispe", protection="withheld")
    hannah = factories.actor(case, "Hannah L", protection="public")
    first = factories.interview(case, "Interview 1", interviewee_ids=[rosa],
                                consent=interviews.Consent.parse("notes,internal"),
                                held_on="2019-05-14", language="qu")
    factories.interview(case, "Interview 2", interviewee_ids=[hannah], held_on="2019-06-03")
    with case.read() as s:
        consent_id = iq.interview_detail(s, first).consents[0].id  # type: ignore[union-attr]
    interviews.withdraw_consent(case, consent_id, "2019-07-01", ["internal"])
    with case.read() as s:
        rows = iq.interview_rows(s)
        assert [(r.title, r.interviewees, r.consent) for r in rows] == [
            ("Interview 1", "W-01", "notes · 1 withdrawal"),
            ("Interview 2", "Hannah L", "none given")]
        people = {r.name: r for r in aq.actor_rows(s)}
        assert people["Rosa Quispe"].interviews == 1
        detail = aq.actor_detail(s, rosa)
        assert detail is not None and detail.interviews == [(first, "Interview 1",
                                                             "2019-05-14")]


def test_the_benchmark_generator_writes_a_complete_audit_log(tmp_path: Path) -> None:
    path = generate(tmp_path / "big.case", PASSPHRASE, 2_500)
    with Case.open(path, PASSPHRASE) as case, case.read() as s:
        assert q.count_events(s) == 2_500
        assert audit.check_chain(s) == [] and audit.check_coverage(s) == []
        assert len(q.event_spans(s)) == 2_500


def test_the_window_reads_a_bulk_write_a_bounded_part_at_a_time(tmp_path: Path,
                                                                 monkeypatch) -> None:
    from workbench.queries import audit_queries

    path = generate(tmp_path / "big.case", PASSPHRASE, 2_500)
    monkeypatch.setattr(aq, "MAX_ROLES", 100)
    with Case.open(path, PASSPHRASE) as case:
        bulk = max(audit_queries.entries(case), key=lambda e: len(e.entities))
        shown = audit_queries.change_lines(bulk, limit=1_000)
        every = audit_queries.change_lines(bulk, limit=10**9)
        assert len(shown.lines) == 1_000 and shown.total == len(every.lines) > 1_000
        assert every.lines[:1_000] == shown.lines and shown.rows == len(bulk.entities)
        assert {c.key for c in bulk.changes} == set(bulk.entities)
        with case.read() as s:
            busiest = max(aq.actor_rows(s), key=lambda r: r.events)
            detail = aq.actor_detail(s, busiest.id)
    assert detail is not None and busiest.events > 100
    assert len(detail.roles) == 100 and detail.row.events == busiest.events
    assert detail.more_roles == busiest.events - 100
