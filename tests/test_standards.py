"""The shipped standards catalogue and its seeding into a case."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Standard
from workbench.services import common, standards
from workbench.verify import verify


def test_catalogue_has_all_ungps_and_vpshr_sections() -> None:
    entries = standards.catalogue()
    codes = [e.code for e in entries]
    assert [c for c in codes if c.startswith("UNGP ")] == [f"UNGP {n}" for n in range(1, 32)]
    vpshr = {e.code: e for e in entries if e.framework == "VPSHR"}
    assert {"VPSHR RA", "VPSHR PS-1", "VPSHR PS-2", "VPSHR PS-3", "VPSHR PS-4",
            "VPSHR PR-1"} <= set(vpshr)
    assert all(e.title and e.summary for e in entries)
    assert standards.summary("UNGP 29").startswith("So that grievances")


def test_new_case_has_the_catalogue_and_reseeding_only_adds_missing(case) -> None:
    with case.read() as session:
        present = set(session.scalars(select(Standard.code)))
    assert {e.code for e in standards.catalogue()} <= present
    again = standards.seed_catalogue(case)
    assert not again and again.audit_seq is None  # nothing to add: no audit entry
    ident = case.raw_execute("SELECT id FROM standard WHERE code = 'UNGP 22'")[0][0]
    common.delete(case, Standard, ident, "remove a standard")
    changes = standards.seed_catalogue(case)
    assert len(changes.created_ids("standard")) == 1
    with case.read() as session:
        assert session.scalar(select(Standard.title).where(Standard.code == "UNGP 22")) \
            == "Remediation"
    assert all(r.ok for r in verify(case))
