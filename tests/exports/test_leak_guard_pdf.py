"""The leak guard on real PDFs (ReportLab writes them with the renderer's own image flowable,
pypdf edits a few in, PDFium and pypdf read them back): every place a reader or a tool could
find a protected name, passage or coordinate, and every way a JPEG can carry metadata, is
caught, and the clean document passes (so each planted case can fail)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject
from reportlab.pdfgen import canvas

from exports.pdf import JpegImage
from workbench.publication.images import clean_jpeg, jpeg_layout, jpeg_segments
from workbench.publication.leak_guard import Guard
from workbench.publication.names import NameRedactor
from workbench.publication.policy import Policy

PASSAGE = "the guards came to my house at night and told me to stop talking"


def guard() -> Guard:
    policy = Policy("publication", "en", "2020-01-01", {}, {}, NameRedactor([]))
    # "Teo Apaza" is too short to be looked for with its spaces squeezed out (COMPACT_MIN).
    policy.protected_names = [("Rosa Quispe Mamani", "W-02"), ("Teo Apaza", "W-03")]
    policy.withheld_texts = [(PASSAGE, "interview 2")]
    policy.protected_coordinates = [(-14.20512, -71.41218, "a sensitive place")]
    return Guard.from_policy(policy)


def plain_jpeg(**save: object) -> bytes:
    image = Image.effect_noise((96, 64), 50).convert("RGB")
    if not save:
        return clean_jpeg(image)
    out = io.BytesIO()
    image.save(out, "JPEG", **save)
    return out.getvalue()


def exif_segment() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "NIKON"
    exif.get_ifd(0x8825).update({1: "S", 2: (14.0, 12.0, 18.4)})
    body = b"Exif\x00\x00" + exif.tobytes()
    return b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body


def progressive_with_exif_between_scans() -> bytes:
    data = plain_jpeg(progressive=True, quality=90)
    # In entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so the
    # second 0xFFDA is the second scan's marker: put an EXIF segment just before it.
    second = data.index(b"\xff\xda", data.index(b"\xff\xda") + 2)
    return data[:second] + exif_segment() + data[second:]


def jfif_with_thumbnail() -> bytes:
    data = plain_jpeg()
    assert data[2:4] == b"\xff\xe0"
    length = int.from_bytes(data[4:6], "big")
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01" + b"\x02\x01" + bytes(range(6))
    return data[:4] + (len(app0) + 2).to_bytes(2, "big") + app0 + data[4 + length:]


def make_pdf(lines: tuple[str, ...] = ("An ordinary public report.", "Nothing to hide."),
             jpegs: tuple[bytes, ...] = (), author: str = "", bookmark: str = "Summary",
             note: str = "", link: str = "") -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pageCompression=1)
    c.setAuthor(author)
    c.setTitle("Public report")
    y = 780
    for line in lines:
        c.drawString(72, y, line)
        y -= 14
    for jpeg in jpegs or (plain_jpeg(),):
        JpegImage(jpeg, 96, 64).drawOn(c, 72, 500)
    c.bookmarkPage("p1")
    c.addOutlineEntry(bookmark, "p1", level=0)
    if note:
        c.textAnnotation(note, Rect=(72, 400, 200, 450))
    if link:
        c.linkURL(link, (72, 300, 200, 320))
    c.showPage()
    c.save()
    return out.getvalue()


def edited(data: bytes, edit: Callable[[PdfWriter], None]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xmp_stream(text: str) -> StreamObject:
    stream = StreamObject()
    stream.set_data(f"<x:xmpmeta><dc:creator>{text}</dc:creator></x:xmpmeta>".encode())
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    return stream


def xmp_in_root(writer: PdfWriter) -> None:
    writer.root_object[NameObject("/Metadata")] = writer._add_object(
        xmp_stream("Rosa Quispe Mamani"))


def xmp_on_the_image(writer: PdfWriter) -> None:
    resources = writer.pages[0]["/Resources"].get_object()
    image = next(iter(resources["/XObject"].values())).get_object()
    image[NameObject("/Metadata")] = writer._add_object(xmp_stream("Camera owner"))


def an_image_on_no_page(writer: PdfWriter) -> None:
    stream = StreamObject()
    stream.set_data(plain_jpeg(exif=exif_segment()[10:]))
    for key, value in (("/Type", "/XObject"), ("/Subtype", "/Image"),
                       ("/Filter", "/DCTDecode")):
        stream[NameObject(key)] = NameObject(value)
    writer.root_object[NameObject("/Orphan")] = writer._add_object(stream)


def leaks_in(data: bytes) -> str:
    leaks, pages = guard().scan_pdf(data)
    assert pages == 1
    return "; ".join(str(leak) for leak in leaks)


def test_a_clean_pdf_passes():
    assert leaks_in(make_pdf(jpegs=(plain_jpeg(), plain_jpeg(progressive=True)))) == ""


@pytest.mark.parametrize(("pdf", "expected"), [
    (lambda: make_pdf(lines=("Seen by Rosa Quis-", "pe Mamani at the canal.")),
     "protected name of W-02 (split apart) in page 1 text"),
    (lambda: make_pdf(lines=("Seen by ROSA QUISPE", "MAMANI at the canal.")),
     "protected name of W-02"),
    (lambda: make_pdf(lines=("Seen by Teo Apa-", "za at the canal.")),
     "protected name of W-03 ('Teo Apaza') in page 1 text"),
    # "night" is in every 8-word window of the passage: only whole again is it found.
    (lambda: make_pdf(lines=("She said the guards came to my house at nig-",
                             "ht and told me to stop talking.")), "a passage of interview 2"),
    (lambda: make_pdf(lines=("She said " + PASSAGE[:40], PASSAGE[40:] + ".")),
     "a passage of interview 2"),
    (lambda: make_pdf(lines=("Taken at -14.20513, -71.41220.",)), "a coordinate of"),
    (lambda: make_pdf(author="Rosa Quispe Mamani"), "document information /Author"),
    (lambda: make_pdf(bookmark="Statement of Rosa Quispe Mamani"), "in bookmarks"),
    (lambda: make_pdf(note="Call Rosa Quispe Mamani"), "page 1 annotation"),
    (lambda: make_pdf(link="https://example.org/rosa-quispe-mamani"), "page 1 link"),
    (lambda: edited(make_pdf(), xmp_in_root), "XMP metadata (object"),
])
def test_a_protected_text_is_found_wherever_it_is(pdf, expected):
    assert expected in leaks_in(pdf())


@pytest.mark.parametrize(("jpeg", "expected"), [
    (lambda: plain_jpeg(exif=exif_segment()[10:]), "a GPS tag in an image in page 1 image"),
    (lambda: plain_jpeg(comment=b"taken by Rosa"), "image metadata segments (COM)"),
    (lambda: plain_jpeg(icc_profile=b"\x00" * 128), "image metadata segments (APP2)"),
    (progressive_with_exif_between_scans, "EXIF in an image"),
    (lambda: plain_jpeg() + b"GPS -14.2051 -71.4122", "21 bytes after the end of an image"),
    (jfif_with_thumbnail, "an APP0 segment beyond the JFIF header"),
    (lambda: plain_jpeg()[:-200], "an image the guard cannot read through"),
])
def test_image_metadata_is_found_without_decoding_the_pixels(jpeg, expected):
    assert expected in leaks_in(make_pdf(jpegs=(plain_jpeg(), jpeg())))


def test_metadata_attached_to_an_image_object_is_found():
    found = leaks_in(edited(make_pdf(), xmp_on_the_image))
    assert "XMP metadata attached to an image in page 1 image" in found


def test_an_image_no_page_shows_is_still_checked():
    found = leaks_in(edited(make_pdf(), an_image_on_no_page))
    assert "(on no page)" in found and "GPS" in found


def test_the_jpeg_walk_reads_every_scan_of_a_progressive_jpeg():
    data = progressive_with_exif_between_scans()
    layout = jpeg_layout(data)
    assert layout.problem == "" and layout.trailing == 0
    markers = jpeg_segments(data)
    assert markers.count(0xDA) > 2  # several scans...
    first_scan = markers.index(0xDA)
    assert 0xE1 in markers[first_scan:]  # ...and the EXIF after the first one
    Image.open(io.BytesIO(data)).load()  # still a valid JPEG: readers would show it
