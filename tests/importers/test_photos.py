"""Photos from real cameras and phones, and hostile images from Pillow's own test suite."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational
from sqlalchemy import select

from db.models import CustodyEntry, Evidence, EvidenceBlob
from tests.conftest import CORPORA, corpus
from tests.importers.helpers import photo_from_the_future
from workbench.importers.photos import import_photo, read_photo
from workbench.importers.results import Limits, Rejected

GPS_LINE = re.compile(
    r"^OK (\S+) claimed \(([-\d.]+), ([-\d.]+)\) computed \(([-\d.]+), ([-\d.]+)\)")


def gps_oracle() -> list[tuple[str, float, float]]:
    path = CORPORA / "VERIFY_GPS.txt"
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = GPS_LINE.match(line)
        if m and (CORPORA / m[1]).exists():  # some listed files are in other corpora
            rows.append((m[1], float(m[4]), float(m[5])))
    return rows


ORACLE = gps_oracle()


def test_oracle_is_read() -> None:
    corpus()
    assert len(ORACLE) >= 14


@pytest.mark.parametrize(("rel", "lat", "lon"), ORACLE, ids=[r[0] for r in ORACLE])
def test_gps_matches_the_oracle(rel: str, lat: float, lon: float) -> None:
    path = corpus(rel)
    info = read_photo(path.read_bytes())
    assert info.latitude is not None and info.longitude is not None, info.notes
    assert abs(info.latitude - lat) < 1e-4
    assert abs(info.longitude - lon) < 1e-4


def test_import_keeps_original_thumbnail_metadata_and_custody(case) -> None:
    path = corpus("exif-samples", "heic", "IMG_5195.HEIC")
    data = path.read_bytes()
    result = import_photo(case, path.name, data, acquired_from="community monitor")
    assert result.status == "imported", result.reason
    (ident,) = result.ids["evidence"]
    with case.read() as s:
        item = s.get(Evidence, ident)
        assert item.kind == "photo" and item.media_type == "image/heif"
        assert item.captured_at == "2021-04-11T15:47:53-05:00"
        assert item.camera_make == "Apple" and item.camera_model == "iPhone 11 Pro Max"
        assert abs(item.altitude - 260.56) < 0.01
        assert (item.width, item.height) == (2566, 3313)
        assert item.acquired_from == "community monitor"
        blobs = {b.role: b for b in s.scalars(select(EvidenceBlob).where(
            EvidenceBlob.evidence_id == ident))}
        assert blobs["original"].data == data
        assert item.sha256 == hashlib.sha256(data).hexdigest()
        thumb = Image.open(io.BytesIO(blobs["thumbnail"].data))
        assert thumb.format == "JPEG" and max(thumb.size) == 256
        assert [c.action for c in s.scalars(select(CustodyEntry).where(
            CustodyEntry.evidence_id == ident))] == ["imported"]


def test_same_bytes_again_is_a_duplicate(case) -> None:
    data = corpus("exif-samples", "jpg", "gps", "DSCN0010.jpg").read_bytes()
    first = import_photo(case, "a.jpg", data)
    second = import_photo(case, "renamed.jpg", data)
    assert second.status == "duplicate"
    assert second.ids == first.ids
    with case.read() as s:
        assert len(s.scalars(select(Evidence)).all()) == 1


def test_orientation_is_applied_to_the_thumbnail_not_the_original() -> None:
    path = corpus("exif-samples", "jpg", "orientation", "landscape_6.jpg")
    data = path.read_bytes()
    info = read_photo(data)
    assert info.orientation == 6
    assert (info.width, info.height) == (450, 600)  # stored sideways
    thumb = Image.open(io.BytesIO(info.thumbnail))
    assert thumb.width > thumb.height  # viewed upright: a landscape
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest()


def test_camera_clock_in_the_future_is_absent_with_a_note() -> None:
    info = read_photo(photo_from_the_future())
    assert info.captured_at is None
    assert any("future" in n for n in info.notes)


def test_a_camera_clock_in_the_past_is_kept() -> None:
    # This corpus camera's clock read 2026-11-24 (in the future when the test was written).
    info = read_photo(corpus("exif-samples", "jpg", "WWL_(Polaroid)_ION230.jpg").read_bytes())
    assert info.captured_at == "2026-11-24T14:41:16"
    assert not any("future" in n for n in info.notes)


def test_nonsense_exif_values_are_absent_with_notes() -> None:
    img = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x0132] = "1999:99:99 99:99:99"
    gps = exif.get_ifd(0x8825)
    # A zero denominator is how a NaN coordinate arrives in EXIF rationals.
    gps.update({1: "N", 2: (IFDRational(43, 0), IFDRational(0, 1), IFDRational(0, 1)),
                3: "E", 4: (IFDRational(10, 1), IFDRational(0, 1), IFDRational(0, 1))})
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    info = read_photo(out.getvalue())
    assert info.captured_at is None and info.latitude is None and info.longitude is None
    assert any("not a" in n and "date" in n for n in info.notes)
    assert any("GPS" in n for n in info.notes)


def test_decompression_bomb_is_refused_by_our_limit() -> None:
    out = io.BytesIO()
    Image.new("L", (4000, 3000)).save(out, "PNG")  # compresses to almost nothing
    with pytest.raises(Rejected, match="pixels is above the limit"):
        read_photo(out.getvalue(), Limits(max_pixels=10_000_000))


def hostile_files() -> list[Path]:
    folder = CORPORA / "pillow-images"
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "MANIFEST.txt")


BAD = ("bomb", "broken", "truncated_image", "truncated_jpeg", "zero_width", "reallybig",
       "crash-", "oom-", "png_decompression_dos", "seek_too_large", "ultrahdr")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("path", hostile_files(), ids=lambda p: p.name)
def test_hostile_images_are_rejected_with_a_reason_or_degrade_cleanly(case, path: Path) -> None:
    result = import_photo(case, path.name, path.read_bytes())
    assert result.status in ("imported", "rejected")
    if result.status == "rejected":
        assert result.reason and "\n" not in result.reason
        assert result.line().startswith(f"{path.name}: rejected: ")
    else:
        with case.read() as s:
            item = s.get(Evidence, result.ids["evidence"][0])
            assert item.width and item.height
    if any(mark in path.name for mark in ("bomb", "reallybig", "zero_width", "broken.png",
                                          "truncated_image", "truncated_jpeg", "oom-")):
        assert result.status == "rejected", f"{path.name} was accepted"


def test_formats_outside_the_allowlist_are_rejected(case) -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "BMP")
    result = import_photo(case, "x.bmp", out.getvalue())
    assert result.status == "rejected" and "accepted format" in result.reason


@pytest.mark.timeout(90)
def test_hostile_images_stay_within_a_memory_limit() -> None:
    """Every file of pillow-images read in a child process capped at 1 GiB of address space
    (Python and the imaging libraries take a few hundred MiB of it)."""
    import os
    import subprocess
    import sys

    from tests.conftest import PROJECT

    folder = corpus("pillow-images")
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-m", "tests.importers.hostile_worker",
                           str(folder), "1024"], cwd=PROJECT, env=env, capture_output=True,
                          text=True, timeout=80, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == len(hostile_files()) + 1  # and MANIFEST.txt, rejected as text
    assert "MemoryError" not in done.stdout and "too large to read" not in done.stdout
