"""Publication PDFs read back: no protected name, alias, withheld text or photo metadata, the
redactions burned in; the confidential PDF carries everything; a planted leak is refused."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageOps, ImageStat
from pypdf import PdfReader

from db.models import EvidenceBlob
from tests.exports import witnesses
from workbench.publication import export as export_mod
from workbench.publication.images import jpeg_segments
from workbench.publication.leak_guard import LeakFound
from workbench.publication.policy import Policy
from workbench.services.actors import fold


def words(text: str) -> str:
    """Folded text, every run of non-letters one space ('Núñez-Ávila' == 'nunez avila')."""
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


def contains(haystack: str, name: str) -> bool:
    return words(name) in words(haystack)


def everything_readable(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [str(v) for v in (reader.metadata or {}).values()]

    def titles(items: object) -> None:
        if isinstance(items, list):
            for item in items:
                titles(item)
        elif isinstance(items, dict):
            parts.append(str(items.get("/Title", "")))

    titles(reader.outline)
    return "\n".join(parts)


def pdf_images(data: bytes) -> list[tuple[bytes, Image.Image]]:
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            decoded = Image.open(io.BytesIO(image.data))
            decoded.load()
            out.append((image.data, decoded))
    return out


@pytest.fixture
def built(case):
    return witnesses.build(case)


@pytest.fixture
def publication(case, built, tmp_path: Path) -> bytes:
    export_mod.export(case, "publication", "pdf", tmp_path / "public.pdf")
    return (tmp_path / "public.pdf").read_bytes()


def test_no_protected_name_or_alias_anywhere_in_the_publication_pdf(built, publication):
    text = everything_readable(publication)
    leaked = [name for name in built.names if contains(text, name)]
    assert leaked == []
    assert "W-01" in text and "W-03" in text  # pseudonymous witnesses appear by their code
    assert "Minera Antawayra S.A." in text  # public actors keep their name


def test_withheld_and_internal_texts_stay_out(publication):
    text = words(everything_readable(publication))
    assert words(witnesses.ROSA_SECRET) not in text  # withheld speaker
    assert words(witnesses.WITHDRAWN) not in text  # consent withdrawn before the export
    assert words("do not publish") not in text  # internal notes
    assert words("+51 999 000 111") not in text  # contact details
    assert words("Unpublishable memo") not in text  # evidence not marked publishable
    assert words("Casa de la familia Ccori") not in text  # sensitive place generalised...
    assert words("distrito de Antawayra") in text  # ...to its administrative area
    assert "14.205" not in text and "71.412" not in text


def test_images_carry_no_metadata_at_all(publication):
    images = pdf_images(publication)
    assert len(images) == 2
    for raw, decoded in images:
        assert not decoded.getexif()
        assert not {"exif", "icc_profile", "xmp", "comment", "photoshop"} & set(decoded.info)
        assert not [m for m in jpeg_segments(raw) if 0xE1 <= m <= 0xEF or m == 0xFE]
        assert b"Exif" not in raw and b"GPS" not in raw and b"NIKON" not in raw


def _original(case, evidence_id: int) -> Image.Image:
    with case.read() as session:
        from sqlalchemy import select

        data = session.scalar(select(EvidenceBlob.data).where(
            EvidenceBlob.evidence_id == evidence_id, EvidenceBlob.role == "original"))
    image = Image.open(io.BytesIO(data))
    return (ImageOps.exif_transpose(image) or image).convert("L")


def _inner(image: Image.Image, region: tuple[float, float, float, float]) -> Image.Image:
    x, y, w, h = region
    W, H = image.size
    # The middle of the region (away from its edges, where blur meets the picture).
    return image.crop((int((x + w * 0.15) * W), int((y + h * 0.15) * H),
                       int((x + w * 0.85) * W), int((y + h * 0.85) * H)))


def _detail(patch: Image.Image) -> float:
    return ImageStat.Stat(patch.filter(ImageFilter.FIND_EDGES)).mean[0]


def _closest(images: list[Image.Image], original: Image.Image) -> Image.Image:
    """The exported image made from this original (the page order is not the register's)."""
    def distance(image: Image.Image) -> float:
        diff = ImageChops.difference(image, original.resize(image.size))
        return ImageStat.Stat(diff).mean[0]

    return min(images, key=distance)


def test_pixels_under_each_redaction_region_are_unreadable(case, built, publication):
    exported = [decoded.convert("L") for _, decoded in pdf_images(publication)]
    for style in ("fill", "blur"):
        region = built.regions[style]
        original = _original(case, built.photos[style])
        exported_image = _closest(exported, original)
        before = _inner(original.resize(exported_image.size), region)
        after = _inner(exported_image, region)
        assert _detail(before) > 4, "the test photo must have detail there to hide"
        if style == "fill":
            assert ImageStat.Stat(after).stddev[0] < 3  # near-constant
            assert ImageStat.Stat(after).mean[0] < 10  # black
        else:
            assert _detail(after) < _detail(before) * 0.15  # heavily smoothed
            assert ImageStat.Stat(after).stddev[0] < ImageStat.Stat(before).stddev[0] * 0.5


def test_the_confidential_pdf_carries_the_names_and_the_unredacted_photos(case, built,
                                                                          tmp_path):
    export_mod.export(case, "confidential", "pdf", tmp_path / "team.pdf")
    data = (tmp_path / "team.pdf").read_bytes()
    text = everything_readable(data)
    for name in ("José María Núñez-Ávila", "Rosa Quispe Mamani", "Chema", "Carmencita"):
        assert contains(text, name), name
    assert contains(text, witnesses.ROSA_SECRET)
    images = pdf_images(data)
    assert len(images) == 2
    for raw, decoded in images:  # re-encoded too: never the original bytes
        assert not decoded.getexif() and b"GPS" not in raw
    region = built.regions["fill"]
    team_fill = _closest([d.convert("L") for _, d in images], _original(case, built.photos["fill"]))
    assert ImageStat.Stat(_inner(team_fill, region)).stddev[0] > 5  # not hidden for the team


def test_pdf_has_outline_page_numbers_title_and_no_author(publication):
    reader = PdfReader(io.BytesIO(publication))
    assert reader.metadata.title == "Test review"
    assert not (reader.metadata.author or "").strip()
    assert len(reader.outline) >= 9
    pages = [p.extract_text() for p in reader.pages]
    n = len(pages)
    for i, page in enumerate(pages, 1):
        assert "PUBLIC" in page
        assert f"Page {i} of {n}" in page
    fonts = {str(f) for p in reader.pages
             for f in (p.get("/Resources", {}).get("/Font", {}) or {}).values()}
    assert fonts  # text is set in the embedded font
    raw = publication
    assert b"DejaVuSans" in raw and b"FontFile2" in raw  # embedded TrueType subset


@pytest.mark.parametrize("forgotten", ["text", "note"])
def test_a_planted_leak_stops_the_export_and_writes_nothing(case, built, tmp_path,
                                                            monkeypatch, forgotten):
    """The policy 'forgets' to redact free text, or lets internal notes through."""
    monkeypatch.setattr(Policy, forgotten, lambda self, value: value)
    out = tmp_path / "public.pdf"
    with pytest.raises(LeakFound) as caught:
        export_mod.export(case, "publication", "pdf", out)
    assert not out.exists()
    assert list(tmp_path.glob("*.part")) == [] and list(tmp_path.glob(".*")) == []
    message = str(caught.value)
    assert "page" in message and ("protected name" in message or "passage" in message)


def test_a_raw_name_passed_through_the_model_is_caught(case, built, tmp_path, monkeypatch):
    from workbench.publication import report_model

    real = report_model._Builder.grievances

    def leaky(self):  # a builder that forgot the policy for one field
        stats = real(self)
        entry = stats.entries[0]
        from dataclasses import replace

        return replace(stats, by_category=((type(stats.by_category[0])(
            "Rosa Quispe Mamani", 1)),), entries=(replace(entry),))

    monkeypatch.setattr(report_model._Builder, "grievances", leaky)
    with pytest.raises(LeakFound, match="protected name of W-02"):
        export_mod.export(case, "publication", "pdf", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_protected_name_in_the_file_name_is_refused(case, built, tmp_path):
    with pytest.raises(LeakFound, match="file name"):
        export_mod.export(case, "publication", "pdf", tmp_path / "informe_CHEMA.pdf")


def test_spanish_report(case, built, tmp_path):
    export_mod.export(case, "publication", "pdf", tmp_path / "es.pdf", lang="es")
    text = everything_readable((tmp_path / "es.pdf").read_bytes())
    assert "Cronología" in text and "PÚBLICO" in text and "Página 1 de" in text
    assert "controvertido" in text


def test_aes256_password(case, built, tmp_path):
    out = tmp_path / "locked.pdf"
    export_mod.export(case, "publication", "pdf", out, password="s3cret pass")
    reader = PdfReader(out)
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"]
    assert encrypt["/V"] == 5 and encrypt["/R"] == 6  # AES-256 (PDF 2.0), never RC4
    assert encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"
    assert reader.decrypt("wrong") == 0
    assert reader.decrypt("s3cret pass") != 0
    assert "W-01" in "".join(p.extract_text() for p in reader.pages)


def test_a_wrong_consent_decision_is_caught_by_the_guard(case, built, tmp_path, monkeypatch):
    """The policy quotes every excerpt (withheld speaker, withdrawn consent): the guard's
    own rules still know those passages must not appear."""
    from workbench.publication.policy import ExcerptDecision

    monkeypatch.setattr(Policy, "excerpt",
                        lambda self, excerpt: ExcerptDecision(True, "someone"))
    with pytest.raises(LeakFound) as caught:
        export_mod.export(case, "publication", "pdf", tmp_path / "x.pdf")
    message = str(caught.value)
    assert "withheld person" in message or "consent withdrawn" in message
    assert not (tmp_path / "x.pdf").exists()


def test_a_planted_leak_in_csv_writes_no_folder(case, built, tmp_path, monkeypatch):
    monkeypatch.setattr(Policy, "text", lambda self, value: value)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(LeakFound, match=r"timeline\.csv"):
        export_mod.export(case, "publication", "csv", folder / "registers")
    assert list(folder.iterdir()) == []


def test_a_cancelled_export_writes_nothing(case, built, tmp_path):
    from workbench.errors import Cancelled

    stages: list[str] = []
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        export_mod.export(case, "publication", "pdf", out / "x.pdf", progress=stages.append,
                          cancelled=lambda: "photos" in stages)
    assert stages[-1] == "photos" and list(out.iterdir()) == []
