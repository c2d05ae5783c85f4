"""The leak guard: read back what a publication export produced, before it is written.

It looks where a reader would: the text of every page as PDFium (Chrome's PDF engine)
extracts it, the document information and every XMP metadata stream, bookmarks,
annotations and links, every image in the file (the JPEG's marker segments, all of them,
and the image dictionary), the data files of a JSON or CSV export, and the output file
name. Any protected name or alias, any passage of a withheld text, any coordinate of a
photo or sensitive place, or any image metadata (EXIF, GPS, XMP, IPTC, ICC, comment, a
JFIF thumbnail, bytes after the image's end) stops the export.

Images are checked without decoding their pixels: in a JPEG, metadata can only live in
marker segments (APPn, COM) or after the end-of-image marker, and the walk reads every
segment of every scan (a progressive JPEG has several, with room for segments between
them). An image the walk cannot read through is refused, not skipped.
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from workbench.errors import CaseError
from workbench.publication.images import jpeg_layout
from workbench.publication.names import NameRedactor, NameRule
from workbench.publication.policy import Policy
from workbench.services.actors import fold

SHINGLE = 8  # words: a withheld passage is found by any run of this many of its words
MIN_WORDS = 4  # shorter withheld texts are too common to look for (names are checked apart)
COMPACT_MIN = 10  # shorter spellings squeezed together would match inside ordinary words
_NUMBER = re.compile(r"-?\d{1,3}\.\d{3,}")
_APP_MARKERS = {m for m in range(0xE1, 0xF0)} | {0xFE}  # APP1..APP15 and COM (APP0 is JFIF)
# The JFIF header Pillow writes: version, density, and a 0x0 thumbnail. Anything longer in
# APP0 is a thumbnail (JFIF or JFXX extension): a small copy of the unredacted picture.
_JFIF_LENGTH = 14
# Image filters whose stream is pixel samples (nothing but the dictionary can carry
# metadata); DCTDecode is a JPEG and is walked; anything else (JPXDecode: JPEG 2000 with
# its own metadata boxes) is refused as unchecked.
_PIXEL_FILTERS = {"/FlateDecode", "/LZWDecode", "/RunLengthDecode", "/ASCIIHexDecode",
                  "/ASCII85Decode", "/CCITTFaxDecode", "/JBIG2Decode"}
# PDFium keeps global state and is not safe to call from two threads at once (the window
# may run two exports on its file-work pool).
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class Leak:
    what: str
    where: str

    def __str__(self) -> str:
        return f"{self.what} in {self.where}"


class LeakFound(CaseError):
    """The export would leak protected content; nothing was written."""

    def __init__(self, leaks: list[Leak]) -> None:
        self.leaks = leaks
        shown = "; ".join(str(leak) for leak in leaks[:5])
        more = f" (and {len(leaks) - 5} more)" if len(leaks) > 5 else ""
        super().__init__(f"export refused, it would leak: {shown}{more}")

    def __reduce__(self) -> tuple[type[LeakFound], tuple[list[Leak]]]:
        # Rebuilt from its leaks (an export run in a child process sends it back pickled).
        return LeakFound, (self.leaks,)


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def _windows(words: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


@dataclass
class Guard:
    """What to look for, taken from the policy (never from the report model)."""

    names: NameRedactor
    # Long spellings with every non-letter removed: also found when a line break or a
    # split long word cuts a name apart ("Quis-/pe Mamani").
    compact: dict[str, str] = field(default_factory=dict)
    passages: dict[tuple[str, ...], str] = field(default_factory=dict)
    coordinates: list[tuple[float, float, str]] = field(default_factory=list)

    @classmethod
    def from_policy(cls, policy: Policy) -> Guard:
        names = NameRedactor([NameRule((spelling,), f"protected name of {whose}")
                              for spelling, whose in policy.protected_names])
        allowed: set[tuple[str, ...]] = set()
        for text in policy.allowed_texts:
            words = _words(text)
            for size in range(MIN_WORDS, SHINGLE + 1):
                allowed |= _windows(words, size)
        passages: dict[tuple[str, ...], str] = {}
        for text, what in policy.withheld_texts:
            words = _words(text)
            if len(words) < MIN_WORDS:
                continue
            for window in _windows(words, min(SHINGLE, len(words))):
                if window not in allowed:
                    passages.setdefault(window, what)
        for text, what in policy.standing_texts:  # never subtracted: rules of their own
            words = _words(text)
            if len(words) >= MIN_WORDS:
                for window in _windows(words, min(SHINGLE, len(words))):
                    passages.setdefault(window, what)
        compact = {_compact(spelling): f"protected name of {whose}"
                    for spelling, whose in policy.protected_names
                    if len(_compact(spelling)) >= COMPACT_MIN}
        return cls(names, compact, passages, list(policy.protected_coordinates))

    # -- text ----------------------------------------------------------------------

    def scan_text(self, text: str, where: str) -> list[Leak]:
        leaks = [Leak(f"{what} ('{text[s:e]}')", where)
                 for s, e, what in self.names.find(text)]
        if not leaks and self.compact:
            squeezed = _compact(text)
            leaks += [Leak(f"{what} (split apart)", where)
                      for spelling, what in self.compact.items() if spelling in squeezed]
        words = _words(text)
        sizes = {len(p) for p in self.passages}
        seen: set[str] = set()
        for size in sizes:
            for window in _windows(words, size):
                what = self.passages.get(window)
                if what and what not in seen:
                    seen.add(what)
                    leaks.append(Leak(f"a passage of {what} ('{' '.join(window)}')", where))
        for match in _NUMBER.finditer(text):
            value = float(match.group())
            for lat, lon, whose in self.coordinates:
                if abs(value - lat) < 5e-4 or abs(value - lon) < 5e-4:
                    leaks.append(Leak(f"a coordinate of {whose} ({match.group()})", where))
                    break
        return leaks

    def scan_page_text(self, text: str, where: str) -> list[Leak]:
        """A page's text as PDFium gives it. Where it takes a hyphen at a line's end for a
        word broken in two, it joins the lines and marks the hyphen with U+FFFE (older
        builds: U+0002). The page is scanned with such words whole ("Quis-/pe" ->
        "Quispe": a short name or a passage broken across lines is found as written) and
        with a hyphen and line break in their place ("Núñez-/Ávila" stays hyphenated)."""
        if "\ufffe" not in text and "\x02" not in text:
            return self.scan_text(text, where)
        whole = text.replace("\ufffe", "").replace("\x02", "")
        broken = text.replace("\ufffe", "-\n").replace("\x02", "-\n")
        return list(dict.fromkeys(self.scan_text(whole, where)
                                  + self.scan_text(broken, where)))

    def scan_file_name(self, name: str) -> list[Leak]:
        return self.scan_text(name.replace("_", " "), "the file name")

    # -- images --------------------------------------------------------------------

    @staticmethod
    def scan_image(data: bytes, where: str) -> list[Leak]:
        """Metadata in image bytes: a JPEG is walked segment by segment (never decoded);
        any other format is opened with Pillow and its metadata read."""
        if data[:2] == b"\xff\xd8":
            return _scan_jpeg(data, where)
        leaks = []
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                exif = img.getexif()
                if exif:
                    if exif.get_ifd(0x8825) or 0x8825 in exif:
                        leaks.append(Leak("a GPS tag in an image", where))
                    leaks.append(Leak(f"EXIF in an image ({len(exif)} tags)", where))
                for key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment",
                            "photoshop", "iptc"):
                    if img.info.get(key):
                        leaks.append(Leak(f"image metadata '{key}'", where))
        except (OSError, ValueError, SyntaxError) as exc:
            leaks.append(Leak(f"an image that cannot be decoded ({exc})", where))
        return leaks

    def scan_image_object(self, image: StreamObject, where: str) -> list[Leak]:
        """An image XObject: its dictionary, then its bytes as the filters leave them."""
        leaks = []
        if "/Metadata" in image:
            leaks.append(Leak("XMP metadata attached to an image", where))
            leaks += self.scan_text(_stream_text(image["/Metadata"]), f"{where} metadata")
        colour = image.get("/ColorSpace")
        if isinstance(colour, IndirectObject):
            colour = colour.get_object()
        if isinstance(colour, ArrayObject) and colour and str(colour[0]) == "/ICCBased":
            leaks.append(Leak("an ICC profile on an image", where))
        filters = image.get("/Filter")
        if isinstance(filters, IndirectObject):
            filters = filters.get_object()
        names = [str(f) for f in filters] if isinstance(filters, ArrayObject) else \
            [str(filters)] if filters is not None else []
        if names and names[-1] == "/DCTDecode":
            # pypdf undoes the filters before DCTDecode and passes the JPEG through.
            leaks += _scan_jpeg(image.get_data(), where)
        elif any(name not in _PIXEL_FILTERS for name in names):
            leaks.append(Leak(f"an image the guard cannot check ({', '.join(names)})", where))
        return leaks

    # -- PDF -----------------------------------------------------------------------

    def scan_pdf(self, data: bytes) -> tuple[list[Leak], int]:
        """(leaks, page count)."""
        reader = PdfReader(io.BytesIO(data))
        leaks: list[Leak] = []
        for n, text in enumerate(_page_texts(data), 1):
            leaks += self.scan_page_text(text, f"page {n} text")
        placed: dict[tuple[int, int], str] = {}
        for n, page in enumerate(reader.pages, 1):
            for annot in _annotations(page):
                for key in ("/Contents", "/T", "/TU", "/Subj"):
                    if key in annot:
                        leaks += self.scan_text(str(annot[key]), f"page {n} annotation")
                action = annot.get("/A")
                if isinstance(action, DictionaryObject) and "/URI" in action:
                    leaks += self.scan_text(str(action["/URI"]), f"page {n} link")
            for name, ref in _image_refs(page.get("/Resources"), set()):
                placed.setdefault((ref.idnum, ref.generation), f"page {n} image {name}")
        # Every object in the file, not only what the pages name: an image or metadata
        # stream nothing refers to is still in the bytes that get published.
        for ident, obj in _objects(reader):
            if not isinstance(obj, StreamObject):
                continue
            if obj.get("/Subtype") == "/Image":
                where = placed.get(ident, f"image object {ident[0]} (on no page)")
                leaks += self.scan_image_object(obj, where)
            elif obj.get("/Type") == "/Metadata" or obj.get("/Subtype") == "/XML":
                leaks += self.scan_text(_stream_text(obj), f"XMP metadata (object {ident[0]})")
        info: dict[str, object] = dict(reader.metadata or {})
        for key, value in info.items():
            leaks += self.scan_text(str(value), f"document information {key}")
        for title in _outline_titles(reader.outline):
            leaks += self.scan_text(title, "bookmarks")
        return leaks, len(reader.pages)

    def scan_data(self, files: Iterable[tuple[str, bytes]]) -> list[Leak]:
        leaks: list[Leak] = []
        for name, data in files:
            leaks += self.scan_file_name(name)
            leaks += self.scan_text(data.decode("utf-8", "replace"), name)
        return leaks


def _scan_jpeg(data: bytes, where: str) -> list[Leak]:
    layout = jpeg_layout(data)
    leaks = []
    if layout.problem:
        leaks.append(Leak(f"an image the guard cannot read through ({layout.problem})", where))
    found = sorted({s.marker for s in layout.segments} & _APP_MARKERS)
    if found:
        names = ", ".join("COM" if m == 0xFE else f"APP{m - 0xE0}" for m in found)
        leaks.append(Leak(f"image metadata segments ({names})", where))
    for segment in layout.segments:
        if segment.marker == 0xE0 and not (segment.payload[:5] == b"JFIF\x00"
                                           and len(segment.payload) == _JFIF_LENGTH):
            leaks.append(Leak("an APP0 segment beyond the JFIF header (a thumbnail?)", where))
        if segment.marker == 0xE1 and segment.payload[:6] == b"Exif\x00\x00":
            exif = Image.Exif()  # parses the tags only; the segment is a leak regardless
            with contextlib.suppress(OSError, ValueError, SyntaxError):
                exif.load(segment.payload)
            if 0x8825 in exif:
                leaks.append(Leak("a GPS tag in an image", where))
            leaks.append(Leak(f"EXIF in an image ({len(exif)} tags)", where))
    if layout.trailing:
        leaks.append(Leak(f"{layout.trailing} bytes after the end of an image", where))
    return leaks


def _page_texts(data: bytes) -> list[str]:
    """Each page's text as PDFium extracts it (what a reader shows, in reading order)."""
    import pypdfium2

    texts = []
    with _PDFIUM:
        document = pypdfium2.PdfDocument(data)
        try:
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                textpage.close()
                page.close()
        finally:
            document.close()
    return texts


def _stream_text(stream: Any) -> str:
    stream = stream.get_object()
    if not isinstance(stream, StreamObject):
        return str(stream)
    return bytes(stream.get_data()).decode("utf-8", "replace")


def _image_refs(resources: Any, seen: set[tuple[int, int]]
                ) -> Iterator[tuple[str, IndirectObject]]:
    """(name, reference) of every image XObject in these resources, forms included."""
    if isinstance(resources, IndirectObject):
        resources = resources.get_object()
    if not isinstance(resources, DictionaryObject):
        return
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, IndirectObject):
        xobjects = xobjects.get_object()
    if not isinstance(xobjects, DictionaryObject):
        return
    for name, ref in xobjects.items():
        if not isinstance(ref, IndirectObject):
            continue
        ident = (ref.idnum, ref.generation)
        if ident in seen:
            continue
        seen.add(ident)
        obj = ref.get_object()
        if not isinstance(obj, StreamObject):
            continue
        if obj.get("/Subtype") == "/Image":
            yield str(name), ref
        elif obj.get("/Subtype") == "/Form":
            yield from _image_refs(obj.get("/Resources"), seen)


def _objects(reader: PdfReader) -> Iterator[tuple[tuple[int, int], Any]]:
    """Every indirect object in the file's cross-reference tables, object streams too."""
    for generation, entries in reader.xref.items():
        for idnum in entries:
            yield (idnum, generation), reader.get_object(IndirectObject(idnum, generation,
                                                                        reader))
    for idnum in reader.xref_objStm:
        yield (idnum, 0), reader.get_object(IndirectObject(idnum, 0, reader))


def _annotations(page: DictionaryObject) -> list[DictionaryObject]:
    annots = page.get("/Annots")
    if annots is None:
        return []
    if isinstance(annots, IndirectObject):
        annots = annots.get_object()
    return [a.get_object() for a in annots]  # type: ignore[union-attr]


def _outline_titles(items: object) -> list[str]:
    out: list[str] = []
    if isinstance(items, list):
        for item in items:
            out += _outline_titles(item)
    elif isinstance(items, dict) and "/Title" in items:
        out.append(str(items["/Title"]))
    return out


__all__ = ["Guard", "Leak", "LeakFound"]
