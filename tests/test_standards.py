"""The shipped standards catalogue and its seeding into a case."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Standard
from workbench.services import standards
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


def test_seed_is_one_write_and_idempotent(case) -> None:
    with case.read() as session:
        before = set(session.scalars(select(Standard.code)))
    changes = standards.seed_catalogue(case)
    added = len(standards.catalogue()) - len(before & {e.code for e in standards.catalogue()})
    assert len(changes.created_ids("standard")) == added
    again = standards.seed_catalogue(case)
    assert not again and again.audit_seq is None
    with case.read() as session:
        assert session.scalar(select(Standard.title).where(Standard.code == "UNGP 22")) \
            == "Remediation"
    assert all(r.ok for r in verify(case))
