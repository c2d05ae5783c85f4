"""The read-only queries behind the evidence, findings, action plan, grievance and audit
views, and the small services they added (no Qt here)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import factories
import pytest
from PIL import Image

from workbench.case import Case
from workbench.errors import Cancelled, InvalidInput
from workbench.queries import action_plan_queries as apq
from workbench.queries import audit_queries as aq
from workbench.queries import evidence_queries as eq
from workbench.queries import findings_queries as fq
from workbench.queries import grievance_stats as gs
from workbench.services import action_plan, evidence, findings, interviews


def _photo(colour: tuple[int, int, int] = (200, 180, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 100), colour).save(out, "JPEG")
    return out.getvalue()


def test_evidence_filters(case: Case) -> None:
    photo = factories.evidence_item(case, original=_photo(), kind="photo",
                                    media_type="image/jpeg", latitude=-14.2, longitude=-71.4,
                                    captured_at="2018-04-03T14:00:00-05:00")
    doc = factories.evidence_item(case, extracted_text="Carta de respuesta")
    event = factories.event(case, "Desalojo")
    evidence.link_event(case, photo, event)
    assert [r.id for r in eq.list_evidence(case)] == [photo, doc]
    assert [r.id for r in eq.list_evidence(case, eq.EvidenceFilter(kind="photo"))] == [photo]
    assert [r.id for r in eq.list_evidence(case, eq.EvidenceFilter(linked=False))] == [doc]
    assert [r.id for r in eq.list_evidence(case, eq.EvidenceFilter(has_gps=True))] == [photo]
    assert [r.id for r in eq.list_evidence(case, eq.EvidenceFilter(date_from="2018-04",
                                                                   date_to="2018-04"))] \
        == [photo]
    assert eq.list_evidence(case, eq.EvidenceFilter(date_from="2019")) == []
    detail = eq.detail(case, photo)
    assert detail.events == [(event, "Desalojo", "supports")]
    assert [c[2] for c in detail.custody] == ["imported"]


def test_preview_burns_regions_and_never_touches_the_original(case: Case) -> None:
    data = _photo((250, 250, 250))
    ident = factories.evidence_item(case, original=data, kind="photo", media_type="image/jpeg")
    evidence.add_redaction(case, ident, 0.1, 0.1, 0.5, 0.5, "fill")
    with Image.open(io.BytesIO(eq.publication_preview(case, ident))) as img:
        assert img.getpixel((img.width * 0.35, img.height * 0.35)) == (0, 0, 0)
        assert sum(img.getpixel((img.width * 0.9, img.height * 0.9))) > 600
    region = eq.detail(case, ident).regions[0]
    evidence.move_redaction(case, region.id, 0.4, 0.4, 0.5, 0.5)
    with pytest.raises(InvalidInput):
        evidence.move_redaction(case, region.id, 0.8, 0.4, 0.5, 0.5)
    assert eq.detail(case, ident).regions[0].x == pytest.approx(0.4)
    evidence.delete_redaction(case, region.id)
    assert eq.detail(case, ident).regions == []
    assert hashlib.sha256(eq.original(case, ident)).hexdigest() == \
        hashlib.sha256(data).hexdigest()


def test_verify_hashes_finds_a_changed_original_and_can_be_cancelled(case: Case) -> None:
    a = factories.evidence_item(case)
    factories.evidence_item(case)
    steps: list[tuple[int, int]] = []
    assert eq.verify_hashes(case, lambda d, t: steps.append((d, t))) == (2, [])
    assert steps[-1] == (2, 2)
    case.raw_execute("UPDATE evidence_blob SET data = x'00' WHERE evidence_id = :i", i=a)
    checked, problems = eq.verify_hashes(case)
    assert checked == 2 and len(problems) == 1 and "E-0001" in problems[0]
    with pytest.raises(Cancelled):
        eq.verify_hashes(case, cancelled=lambda: True)


def test_corroboration_matrix_for_a_finding_and_an_event(case: Case) -> None:
    event = factories.event(case, "Dispersal")
    supports = factories.excerpt(case, text="They fired first.")
    contra = factories.excerpt(case, text="Nobody fired.")
    from workbench.services import events

    events.link_excerpt(case, supports, event, "supports")
    events.link_excerpt(case, contra, event, "contradicts")
    photo = factories.evidence_item(case, title="Cartridges")
    finding = factories.finding(case, "Force was excessive", event_ids=[event])
    matrix = fq.corroboration(case, finding_id=finding)
    assert matrix.columns == ["Finding", "Dispersal"]
    assert matrix.stance_of("E-0", 1) == ""
    findings.link_evidence(case, finding, photo)
    matrix = fq.corroboration(case, finding_id=finding)
    evidence_row = next(r for r in matrix.rows if r.kind == "evidence")
    assert evidence_row.cells == ["supports", ""]
    cells = sorted(r.cells[1] for r in matrix.rows if r.kind == "excerpt")
    assert cells == ["contradicts", "supports"]
    by_event = fq.corroboration(case, event_id=event)
    assert by_event.columns == ["Dispersal"] and len(by_event.rows) == 2
    with pytest.raises(InvalidInput):
        fq.corroboration(case)


def test_edit_finding_replaces_its_basis(case: Case) -> None:
    from workbench.services import standards

    standards.seed_catalogue(case)
    e1, e2 = factories.event(case), factories.event(case)
    finding = factories.finding(case, event_ids=[e1], standards=["UNGP 22"])
    findings.edit_finding(case, finding, assessment="established", event_ids=[e2],
                          standards=["UNGP 22", "UNGP 29"])
    detail = next(f for f in fq.findings(case) if f.id == finding)
    assert detail.assessment == "established"
    assert [c.id for c in detail.events] == [e2]
    assert detail.standards == ["UNGP 22", "UNGP 29"]
    with pytest.raises(InvalidInput):
        findings.edit_finding(case, finding, standards=["NOPE 1"])


def test_allegations_carry_responses_and_the_letter_excerpts(case: Case) -> None:
    party = factories.actor(case, "Minera")
    letter = factories.evidence_item(case, extracted_text="Negamos los hechos. Fin.")
    interviews.mark_excerpt(case, start=0, end=18, evidence_id=letter)
    allegation = factories.allegation(case, "Guards fired", party_actor_id=party)
    findings.add_response(case, allegation, received_on="2019-09-20", summary="Denied",
                          letter_evidence_id=letter)
    row = fq.allegations(case)[0]
    assert row.party == "Minera" and row.responses[0].letter_excerpts == ["Negamos los hechos"]


def test_overdue_and_grouping(case: Case) -> None:
    today = dt.date(2020, 7, 1)
    late = factories.recommendation(case, status="accepted", due_on="2020-06")
    factories.recommendation(case, status="implemented", due_on="2019-01-01")
    factories.recommendation(case, status="proposed", due_on="2020-12-31")
    rows = apq.recommendations(case, today)
    assert [r.overdue for r in rows if r.id == late] == [True]
    assert sum(r.overdue for r in rows) == 1
    assert [r.status for r in rows] == ["proposed", "accepted", "implemented"]
    assert not apq.is_overdue("in progress", "2020-07", today)
    assert apq.is_overdue("in progress", "2020-06-30", today)


def test_status_change_is_audited_with_before_and_after(case: Case) -> None:
    rec = factories.recommendation(case)
    action_plan.set_status(case, rec, "accepted", "agreed")
    entry = aq.entries(case, aq.AuditFilter(entity=f"recommendation:{rec}"))[0]
    assert entry.action == "set recommendation status to accepted"
    change = next(c for c in entry.changes if c.key == f"recommendation:{rec}")
    assert change.before["status"] == "proposed" and change.after["status"] == "accepted"
    assert change.changed_fields() == ["status"]
    assert aq.entries(case, aq.AuditFilter(reviewer="nobody")) == []
    assert aq.entries(case, aq.AuditFilter(date_from="2999-01-01")) == []
    assert "recommendation" in aq.entity_kinds(case)
    assert aq.chain_problems(case) == []
    case.raw_execute("UPDATE audit_entry SET action = 'x' WHERE seq = 1")
    assert aq.chain_problems(case)


def test_grievance_counts_and_months(case: Case) -> None:
    factories.grievance(case, received_on="2018-12-07", category="water", channel="línea qu",
                        status="open", description="Yaku millay")
    factories.grievance(case, received_on="2018-12-20", category="water", channel="oficina")
    factories.grievance(case, received_on="2019-02", category="dust", channel="oficina")
    factories.grievance(case, received_on="", category="dust", channel="oficina")
    rows = gs.grievances(case)
    stats = gs.stats(rows)
    assert stats.by_category == {"water": 2, "dust": 2}
    assert stats.by_channel == {"oficina": 3, "línea qu": 1}
    assert stats.per_month == {"2018-12": {"water": 2}, "2019-02": {"dust": 1}}
    assert stats.undated == 1
    assert [r.description for r in gs.grievances(case, gs.GrievanceFilter(text="YAKU"))] \
        == ["Yaku millay"]
    assert gs.choices(rows)["channel"] == ["línea qu", "oficina"]
