"""Prepared photo copies kept in the case: the first PDF export makes them (recorded in the
custody log and the audit log), later exports reuse them, a changed region makes a new one
whose pixels are burned where the region now is, and deleting a photo deletes its copies.
Real case files; the PDFs are read back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader
from sqlalchemy import select

from db.models import CustodyEntry, Evidence, PreparedPhoto, RedactionRegion
from tests.exports import witnesses
from workbench.publication import export as export_mod
from workbench.publication.leak_guard import LeakFound
from workbench.publication.policy import Policy
from workbench.services import evidence
from workbench.services.common import delete
from workbench.verify import verify


@pytest.fixture
def built(case):
    return witnesses.build(case)


def copies(case) -> dict[tuple[int, str], tuple[int, str, bytes]]:
    """(evidence id, mode) -> (row id, recipe, JPEG) of every kept copy."""
    with case.read() as session:
        return {(p.evidence_id, p.mode): (p.id, p.recipe, p.data)
                for p in session.scalars(select(PreparedPhoto))}


def derived_entries(case) -> list[tuple[int, str]]:
    with case.read() as session:
        return [(c.evidence_id, c.note) for c in session.scalars(
            select(CustodyEntry).where(CustodyEntry.action == "derived")
            .order_by(CustodyEntry.id))]


def published_jpegs(path: Path) -> list[bytes]:
    """The image streams of the PDF as written: for DCTDecode, the JPEG's own bytes."""
    out = []
    for page in PdfReader(path).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
        for ref in xobjects.values():
            image = ref.get_object()
            if image.get("/Subtype") == "/Image":
                out.append(bytes(image.get_data()))
    return out


def export(case, tmp_path: Path, name: str = "public.pdf", profile: str = "publication") -> Path:
    out = tmp_path / name
    export_mod.export(case, profile, "pdf", out)
    return out


def all_checks_pass(case) -> None:
    results = verify(case)
    assert all(r.ok for r in results), [r for r in results if not r.ok]


def test_the_first_export_keeps_its_copies_and_records_them(case, built, tmp_path):
    assert copies(case) == {}
    out = export(case, tmp_path)
    kept = copies(case)
    assert set(kept) == {(built.photos["fill"], "redacted"), (built.photos["blur"], "redacted")}
    # The PDF carries exactly the kept copies' bytes.
    assert sorted(published_jpegs(out)) == sorted(data for _, _, data in kept.values())
    derived = derived_entries(case)
    assert sorted(e for e, _ in derived) == sorted(built.photos.values())
    with case.read() as session:
        hashes = dict(session.execute(select(Evidence.id, Evidence.sha256)).all())
    for ident, note in derived:  # each points back to its original
        assert "regions burned in" in note and hashes[ident] in note
    all_checks_pass(case)  # audit coverage holds for the new rows


def test_a_second_export_reuses_the_copies_without_the_originals(case, built, tmp_path):
    first = export(case, tmp_path, "first.pdf")
    kept = copies(case)
    derived = derived_entries(case)
    # Tamper (as a test only): take the originals away. A second export that prepared
    # its photos again would have nothing to prepare them from.
    case.raw_execute("DELETE FROM evidence_blob WHERE role = 'original'")
    second = export(case, tmp_path, "second.pdf")
    assert copies(case) == kept  # same rows, same recipes, same bytes
    assert derived_entries(case) == derived  # no copy made, none recorded
    assert sorted(published_jpegs(second)) == sorted(published_jpegs(first))
    assert len(published_jpegs(second)) == 2


def _dark(image: Image.Image, region: tuple[float, float, float, float]) -> float:
    """Mean brightness of the middle of a region (fractions of the image)."""
    x, y, w, h = region
    W, H = image.size
    patch = image.convert("L").crop((int((x + w * 0.2) * W), int((y + h * 0.2) * H),
                                     int((x + w * 0.8) * W), int((y + h * 0.8) * H)))
    return ImageStat.Stat(patch).mean[0]


def test_a_moved_region_makes_a_new_copy_and_the_old_pixels_are_not_reused(case, built,
                                                                         tmp_path):
    export(case, tmp_path, "before.pdf")
    ident = built.photos["fill"]
    old_id, old_recipe, old_data = copies(case)[(ident, "redacted")]
    with case.read() as session:
        region_id = session.scalar(select(RedactionRegion.id).where(
            RedactionRegion.evidence_id == ident))
    before = built.regions["fill"]  # (0.30, 0.25, 0.30, 0.35)
    after = (0.05, 0.60, 0.20, 0.30)  # no overlap with before
    evidence.move_redaction(case, region_id, *after)
    out = export(case, tmp_path, "after.pdf")
    new_id, new_recipe, new_data = copies(case)[(ident, "redacted")]
    assert new_id == old_id and new_recipe != old_recipe  # replaced: one copy per mode
    assert new_data != old_data
    assert len(copies(case)) == 2
    assert [e for e, _ in derived_entries(case)].count(ident) == 2
    # The published image (read back from the PDF) is the new copy, burned where the
    # region now is, and no longer where it was.
    assert new_data in published_jpegs(out)
    published = Image.open(io.BytesIO(new_data))
    assert _dark(published, after) < 10
    assert _dark(published, before) > 30
    old = Image.open(io.BytesIO(old_data))
    assert _dark(old, before) < 10  # (the old copy was indeed burned at the old place)
    all_checks_pass(case)


def test_the_team_report_keeps_its_own_outlined_copies(case, built, tmp_path):
    export(case, tmp_path)
    redacted = copies(case)
    export(case, tmp_path, "team.pdf", profile="confidential")
    kept = copies(case)
    assert {mode for _, mode in kept} == {"redacted", "outlined"}
    assert {k: v for k, v in kept.items() if k[1] == "redacted"} == redacted
    fill = built.photos["fill"]
    team = Image.open(io.BytesIO(kept[(fill, "outlined")][2]))
    assert _dark(team, built.regions["fill"]) > 10  # outlined for the team, not hidden


def test_deleting_a_photo_deletes_its_copies(case, built, tmp_path):
    export(case, tmp_path)
    export(case, tmp_path, "team.pdf", profile="confidential")
    gone = built.photos["blur"]
    assert {e for e, _ in copies(case)} == set(built.photos.values())
    delete(case, Evidence, gone, "delete evidence item")
    assert {e for e, _ in copies(case)} == {built.photos["fill"]}
    assert case.raw_execute("PRAGMA foreign_key_check") == []
    all_checks_pass(case)  # the cascade is in the audit log too


def test_a_refused_export_keeps_no_copy(case, built, tmp_path, monkeypatch):
    monkeypatch.setattr(Policy, "text", lambda self, value: value)
    with pytest.raises(LeakFound):
        export(case, tmp_path)
    assert copies(case) == {}
    assert derived_entries(case) == []


def test_the_recipe_names_everything_that_determines_the_pixels():
    from workbench.publication.images import Region, recipe_key

    sha = "ab" * 32
    regions = [Region(0.1, 0.2, 0.3, 0.4, "fill"), Region(0.5, 0.5, 0.2, 0.2, "blur")]
    base = recipe_key(sha, regions)
    assert recipe_key(sha, list(regions)) == base  # same inputs, same key
    variants = [
        recipe_key("cd" * 32, regions),
        recipe_key(sha, regions[:1]),
        recipe_key(sha, regions[::-1]),  # burned in order: overlaps differ
        recipe_key(sha, [Region(0.1, 0.2, 0.3, 0.41, "fill"), regions[1]]),
        recipe_key(sha, [Region(0.1, 0.2, 0.3, 0.4, "blur"), regions[1]]),
        recipe_key(sha, regions, redact=False),
        recipe_key(sha, regions, max_edge=(630, 787)),
    ]
    assert len({base, *variants}) == len(variants) + 1


def test_copies_prepared_ahead_are_what_the_export_then_uses(case, built, tmp_path):
    from workbench.publication.prepared import prepare

    assert prepare(case) == 2
    assert prepare(case) == 0  # current copies are not made again
    kept = copies(case)
    derived = derived_entries(case)
    out = export(case, tmp_path)
    assert copies(case) == kept and derived_entries(case) == derived
    assert sorted(published_jpegs(out)) == sorted(data for _, _, data in kept.values())
    all_checks_pass(case)
