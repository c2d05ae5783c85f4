"""PDF decompression bombs: refused before pdfminer inflates them, quickly, with a reason that
names the expansion, whatever the file's dictionaries claim; ordinary PDFs (text, images,
encrypted) still import."""

from __future__ import annotations

import base64
import functools
import io
import tracemalloc
import zlib
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Evidence, Interview
from tests.importers.helpers import one_page_pdf
from workbench.importers.batch import import_paths
from workbench.importers.results import MIB, Limits, Rejected
from workbench.importers.text_readers import read_text

BOMB = r"its streams expand to more than \d+ bytes.*\(a decompression bomb\?\)$"
# Small limits for the variants: a bomb of 8 MB is refused only if the check sees all of
# it, and if it did not, pdfminer would read the 8 MB quickly and the test fail on the
# reason (no text layer) instead of hanging.
SMALL = Limits(max_pdf_stream_bytes=4 * MIB)


@functools.cache
def deflated_zeros(megabytes: int) -> bytes:
    """``megabytes`` MB of ASCII zeros, deflated (about 1000:1)."""
    compressor = zlib.compressobj(9)
    block = b"0" * 1_000_000
    return b"".join(compressor.compress(block) for _ in range(megabytes)) + compressor.flush()


def flate_bomb(megabytes: int, entries: bytes = b"/Length %(length)d /Filter /FlateDecode",
               **kwargs: object) -> bytes:
    return one_page_pdf(deflated_zeros(megabytes), entries, **kwargs)  # type: ignore[arg-type]


def refused(data: bytes, limits: Limits = SMALL) -> tuple[str, int]:
    """The reason, and the most memory the refusal allocated (a bound on the work done that
    no machine's load changes: a bomb inflated in full would show its size here)."""
    tracemalloc.start()
    try:
        with pytest.raises(Rejected) as caught:
            read_text("bomb.pdf", data, limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return str(caught.value), peak


def test_the_stress_tests_gigabyte_flate_bomb_is_refused_without_inflating_it() -> None:
    data = flate_bomb(1000)
    assert len(data) < 1_000_000
    reason, peak = refused(data, Limits())
    assert peak < 32 << 20
    assert reason == (f"its streams expand to more than {100 * len(data)} bytes, over 100 "
                      "times the file's size (a decompression bomb?)")


def test_the_absolute_limit_applies_whatever_the_ratio() -> None:
    reason, _ = refused(flate_bomb(1000), Limits(max_pdf_stream_ratio=1e9))
    assert reason == f"its streams expand to more than {256 * MIB} bytes (a decompression bomb?)"


@pytest.mark.parametrize("entries", [
    b"/Length %(length)d /Filter [/FlateDecode /FlateDecode]",
    b"/Length %(length)d /Filter [/Fl /Fl]",
    b"/Length %(length)d /Filter 6 0 R",  # the chain in another object
], ids=["named", "abbreviated", "indirect"])
def test_a_nested_flate_bomb_is_refused(entries: bytes) -> None:
    inner = zlib.compress(deflated_zeros(1000), 9)  # 1 GB of zeros in under 2 kB
    assert len(inner) < 2000
    data = one_page_pdf(inner, entries, extra=(b"[/FlateDecode /FlateDecode]",))
    reason, peak = refused(data, Limits())
    assert peak < 32 << 20
    assert reason == f"its streams expand to more than {16 * MIB} bytes, over 100 times the " \
        "file's size (a decompression bomb?)"


@pytest.mark.parametrize(("entries", "xref"), [
    (b"/Length 10 /Filter /FlateDecode", False),  # pdfminer rebuilds the xref: reads it all
    (b"/Length 999999999 /Filter /FlateDecode", True),
    (b"/Length 6 0 R /Filter /FlateDecode", True),  # and object 6 says 10
    (b"/Filter /FlateDecode", False),
], ids=["short", "long", "indirect", "absent"])
def test_a_length_that_lies_does_not_hide_a_bomb(entries: bytes, xref: bool) -> None:
    reason, _ = refused(flate_bomb(8, entries, extra=(b"10",), xref=xref))
    assert reason == f"its streams expand to more than {4 * MIB} bytes (a decompression bomb?)"


def test_a_flate_bomb_wrapped_in_ascii85_is_refused() -> None:
    wrapped = base64.a85encode(deflated_zeros(8), wrapcol=72) + b"~>"
    data = one_page_pdf(wrapped, b"/Length %(length)d /Filter [/ASCII85Decode /FlateDecode]")
    assert b"x\xda" not in data  # no zlib header to be seen in the file
    assert refused(data)[0].startswith("its streams expand to more than")


def _lzw_bomb(repeats: int) -> bytes:
    """LZW codes as pdfminer reads them: clear, 'A', then each new code (the table entry
    grows one byte a code, to ~3800 bytes), then the longest entry ``repeats`` times."""
    def width(entries: int) -> int:
        return 9 if entries < 511 else 10 if entries < 1023 else 11 if entries < 2047 else 12

    # Code 258 + k is read when the table holds 258 + k entries.
    codes = [(256, 9), (65, 9)] + [(code, width(code)) for code in range(258, 4096)]
    codes += [(4095, 12)] * repeats
    bits = "".join(format(code, f"0{size}b") for code, size in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def test_an_lzw_bomb_is_refused() -> None:
    from pdfminer.lzw import lzwdecode

    sample = _lzw_bomb(1000)
    assert len(lzwdecode(sample)) > 1000 * len(sample)  # pdfminer expands it, whole
    data = one_page_pdf(_lzw_bomb(100_000), b"/Length %(length)d /Filter /LZWDecode")
    reason, peak = refused(data, Limits())
    assert peak < 32 << 20
    assert reason.startswith("its streams expand to more than")


def _encrypted(data: bytes, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt("", "owner password", algorithm=algorithm)  # opens without a password
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128"])
def test_an_encrypted_bomb_is_refused(algorithm: str) -> None:
    data = _encrypted(flate_bomb(8), algorithm)
    assert deflated_zeros(8)[:64] not in data  # the bomb is not visible as it is
    assert refused(data)[0].startswith("its streams expand to more than")


def report_pdf(pages: int = 30) -> bytes:
    """A report as an NGO might send it: text, a photo (JPEG) and a chart (lossless)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    chart = Image.new("RGB", (900, 600), "white")
    for x in range(0, 900, 3):
        for y in range(600 - x // 2, 600, 5):
            chart.putpixel((x, y), (40, 90, 160))
    photo = io.BytesIO()
    Image.radial_gradient("L").resize((640, 480)).convert("RGB").save(photo, "JPEG")
    out = io.BytesIO()
    c = canvas.Canvas(out)
    for page in range(pages):
        for line in range(40):
            c.drawString(72, 760 - 15 * line, f"Página {page + 1}, línea {line + 1}: los "
                         "vecinos denunciaron el derrame el 3 de abril de 2018.")
        c.drawImage(ImageReader(chart), 72, 72, 300, 150)
        c.drawImage(ImageReader(io.BytesIO(photo.getvalue())), 380, 72, 160, 120)
        c.showPage()
    c.save()
    return out.getvalue()


@pytest.mark.parametrize("algorithm", [None, "AES-256", "RC4-128"])
def test_ordinary_pdfs_with_images_still_import(algorithm: str | None) -> None:
    data = report_pdf()
    if algorithm:
        data = _encrypted(data, algorithm)
    text, fmt, _ = read_text("informe.pdf", data, Limits())
    assert fmt == "pdf" and "Página 30, línea 40: los vecinos denunciaron" in text


def test_a_limit_set_low_refuses_an_ordinary_pdf_naming_it() -> None:
    data = report_pdf(2)
    with pytest.raises(Rejected, match=r"^its streams expand to more than 100000 bytes "):
        read_text("informe.pdf", data, Limits(max_pdf_stream_bytes=100_000))


def test_a_bomb_among_notes_gets_one_line_naming_the_file(case, tmp_path: Path) -> None:
    folder = tmp_path / "entrevistas"
    folder.mkdir()
    (folder / "a_carta.pdf").write_bytes(data := flate_bomb(1000))
    (folder / "b_informe.pdf").write_bytes(report_pdf(2))
    bomb, report = import_paths(case, "notes", [folder])
    assert bomb.line() == (f"{folder / 'a_carta.pdf'}: rejected: its streams expand to more "
                           f"than {100 * len(data)} bytes, over 100 times the file's size (a "
                           "decompression bomb?)")
    assert report.status == "imported"
    with case.read() as s:
        assert [e.original_name for e in s.scalars(select(Evidence))] == ["b_informe.pdf"]
        assert len(s.scalars(select(Interview)).all()) == 1


def test_a_file_of_a_million_stream_keywords_is_refused() -> None:
    data = b"%PDF-1.4\n" + b"stream\n" * 1_000_001  # 7 MB a check would look at one by one
    with pytest.raises(Rejected, match=r"^it holds more than 1000000 streams \(a hostile"):
        read_text("streams.pdf", data, Limits())
