"""The fictional demo case: built from resources/demo/, it exercises every entity, carries
photos with the EXIF it wrote, is searchable in Spanish and Quechua, and verifies clean."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.keys import FAST_KDF
from db.models import (
    Actor,
    CaseInfo,
    ConsentWithdrawal,
    Event,
    Evidence,
    EvidenceBlob,
    ExcerptEvent,
    FindingStandard,
    Interview,
    Place,
    Recommendation,
    RedactionRegion,
    Standard,
    StatusChange,
)
from workbench import audit, demo
from workbench.case import Case
from workbench.cli import main
from workbench.search import search
from workbench.verify import verify

PASSPHRASE = "demo passphrase for tests"


def _demo_data(name: str) -> dict:
    return json.loads(resources.files("resources.demo").joinpath(name).read_text("utf-8"))


@pytest.fixture(scope="module")
def demo_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    path = tmp_path_factory.mktemp("demo") / "demo.case"
    with demo.build(path, PASSPHRASE, kdf=FAST_KDF) as case:
        yield case


def test_every_audited_entity_is_exercised(demo_case: Case) -> None:
    with demo_case.read() as session:
        counts = {table: session.scalar(select(func.count()).select_from(model)) or 0
                  for table, model in audit.audited_tables().items()}
    assert counts, "no audited tables found"
    empty = sorted(t for t, n in counts.items() if n == 0)
    assert not empty, f"the demo leaves these tables empty: {empty}"
    assert counts["interview"] == 6
    assert counts["event"] >= 4
    assert counts["evidence"] >= 11  # 10 photos and the company's letter (and notes)


def test_flagged_and_labelled_as_fictional(demo_case: Case) -> None:
    with demo_case.read() as session:
        info = session.get(CaseInfo, 1)
        assert info is not None
        assert info.is_demo
        assert "Fictional demo" in info.title
        assert "invented" in info.mandate and "FICTIONAL" in info.mandate
        assert {"es", "qu", "en"} <= set(info.languages.split(","))


def test_photos_carry_the_metadata_they_were_drawn_with(demo_case: Case) -> None:
    photos = _demo_data("evidence.json")["photos"]
    assert len(photos) == 10
    with demo_case.read() as session:
        for spec in photos:
            item = session.scalar(select(Evidence).where(Evidence.original_name == spec["name"]))
            assert item is not None, spec["name"]
            assert item.kind == "photo"
            assert item.media_type == "image/jpeg"
            assert (item.width, item.height) == (1200, 800)
            assert item.captured_at is not None
            captured = dt.datetime.fromisoformat(item.captured_at)
            expected = dt.datetime.fromisoformat(spec["taken"] + spec["offset"])
            assert captured == expected and captured.utcoffset() == expected.utcoffset()
            assert item.latitude == pytest.approx(spec["lat"], abs=1e-5)
            assert item.longitude == pytest.approx(spec["lon"], abs=1e-5)
            assert item.altitude == pytest.approx(spec["alt"], abs=0.01)
            assert (item.camera_make, item.camera_model) == (spec["make"], spec["model"])
            assert item.publishable is spec["publishable"]
            assert item.graphic is spec["graphic"]
            thumb = session.scalar(select(EvidenceBlob.id).where(
                EvidenceBlob.evidence_id == item.id, EvidenceBlob.role == "thumbnail"))
            assert thumb is not None, f"{spec['name']} has no thumbnail"
        assert session.scalar(select(func.count()).select_from(Evidence)
                              .where(Evidence.graphic.is_(True))) == 1
        redacted = session.scalar(select(Evidence.original_name).join(
            RedactionRegion, RedactionRegion.evidence_id == Evidence.id))
        assert redacted == "DSC_0412.JPG"


def test_the_review_holds_uncertainty_conflict_and_protection(demo_case: Case) -> None:
    with demo_case.read() as session:
        whens = set(session.scalars(select(Event.when)))
        assert any(w.endswith("?") for w in whens)  # uncertain
        assert any(w.endswith("~") for w in whens)  # approximate
        assert any("/" in w for w in whens)  # a range
        assert any(len(w) == 7 for w in whens)  # partial: a month
        stances = session.execute(select(ExcerptEvent.event_id, ExcerptEvent.stance)).all()
        by_event: dict[int, set[str]] = {}
        for event_id, stance in stances:
            by_event.setdefault(event_id, set()).add(stance)
        assert any({"supports", "contradicts"} <= s for s in by_event.values())
        assert set(session.scalars(select(Actor.protection))) == {
            "public", "pseudonymous", "withheld"}
        assert session.scalar(select(func.count()).select_from(Place)
                              .where(Place.sensitive.is_(True),
                                     Place.latitude.is_not(None))) >= 1
        assert set(session.scalars(select(Interview.language))) == {"es", "qu", "en"}
        assert session.scalar(select(func.count()).select_from(Interview)
                              .where(Interview.interpreter != "")) >= 1
        withdrawal = session.scalar(select(ConsentWithdrawal))
        assert withdrawal is not None and withdrawal.scopes == "photos"
        codes = set(session.scalars(select(Standard.code).join(
            FindingStandard, FindingStandard.standard_id == Standard.id)))
        assert any(c.startswith("UNGP") for c in codes)
        assert any(c.startswith("VPSHR") for c in codes)
        assert len(set(session.scalars(select(Recommendation.status)))) >= 4
        history = session.scalars(select(StatusChange.changed_on).order_by(StatusChange.id))
        assert all(h.startswith(("2019", "2020")) for h in history)


def test_search_finds_quechua_and_spanish_without_accents(demo_case: Case) -> None:
    assert search(demo_case, "kawsaymi")  # Quechua: "it is life"
    assert search(demo_case, "ayllu")
    hits = search(demo_case, "lacrimogenos")  # written lacrimógenos
    assert hits and any("lacrimógenos" in h.snippet for h in hits)
    assert search(demo_case, "contaminacion")  # written contaminación


def test_verifies_clean(demo_case: Case) -> None:
    results = verify(demo_case)
    assert all(r.ok for r in results), [(r.name, r.problems[:3]) for r in results if not r.ok]


def test_a_failed_build_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object, items: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(demo._Builder, "add_findings", broken)
    path = tmp_path / "demo.case"
    with pytest.raises(RuntimeError):
        demo.build(path, PASSPHRASE, kdf=FAST_KDF)
    assert not path.exists()


def test_cli_builds_the_demo_and_reports_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "demo.case"
    assert main(["demo", str(path), "--fast-kdf"]) == 0
    assert "demo" in capsys.readouterr().out
    assert main(["info", str(path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["is_demo"] is True
    assert info["counts"]["interviews"] == 6
    assert info["counts"]["events"] >= 4
    assert info["counts"]["evidence"] >= 11
    assert all(n > 0 for n in info["counts"].values())
    assert main(["demo", str(path), "--fast-kdf"]) == 2  # never over an existing file
