"""The leak guard: read back what a publication export produced, before it is written.

It looks where a reader would: the extracted text of every page, the document information
and XMP metadata, bookmarks, annotations, every embedded image (decoded, and its metadata),
the data files of a JSON or CSV export, and the output file name. Any protected name or
alias, any passage of a withheld text, any coordinate of a photo or sensitive place, or any
image metadata (EXIF, GPS, XMP, IPTC, ICC, comment) stops the export.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from workbench.errors import CaseError
from workbench.publication.images import jpeg_segments
from workbench.publication.names import NameRedactor, NameRule
from workbench.publication.policy import Policy
from workbench.services.actors import fold

SHINGLE = 8  # words: a withheld passage is found by any run of this many of its words
MIN_WORDS = 4  # shorter withheld texts are too common to look for (names are checked apart)
COMPACT_MIN = 10  # shorter spellings squeezed together would match inside ordinary words
_NUMBER = re.compile(r"-?\d{1,3}\.\d{3,}")
_APP_MARKERS = {m for m in range(0xE1, 0xF0)} | {0xFE}  # APP1..APP15 and COM (APP0 is JFIF)


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

    def scan_file_name(self, name: str) -> list[Leak]:
        return self.scan_text(name.replace("_", " "), "the file name")

    # -- images --------------------------------------------------------------------

    @staticmethod
    def scan_image(data: bytes, where: str) -> list[Leak]:
        leaks = []
        if data[:2] == b"\xff\xd8":
            found = sorted(set(jpeg_segments(data)) & _APP_MARKERS)
            if found:
                names = ", ".join("COM" if m == 0xFE else f"APP{m - 0xE0}" for m in found)
                leaks.append(Leak(f"image metadata segments ({names})", where))
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

    # -- PDF -----------------------------------------------------------------------

    def scan_pdf(self, data: bytes) -> tuple[list[Leak], int]:
        """(leaks, page count)."""
        reader = PdfReader(io.BytesIO(data))
        leaks: list[Leak] = []
        for n, page in enumerate(reader.pages, 1):
            leaks += self.scan_text(page.extract_text() or "", f"page {n} text")
            for annot in _annotations(page):
                for key in ("/Contents", "/T", "/TU", "/Subj"):
                    if key in annot:
                        leaks += self.scan_text(str(annot[key]), f"page {n} annotation")
                action = annot.get("/A")
                if isinstance(action, DictionaryObject) and "/URI" in action:
                    leaks += self.scan_text(str(action["/URI"]), f"page {n} link")
            for image in page.images:
                where = f"page {n} image {image.name}"
                raw = image.data
                leaks += self.scan_image(raw, where)
        info: dict[str, object] = dict(reader.metadata or {})
        for key, value in info.items():
            leaks += self.scan_text(str(value), f"document information {key}")
        root = reader.trailer["/Root"].get_object()
        assert isinstance(root, DictionaryObject)
        if "/Metadata" in root:
            stream: Any = root["/Metadata"].get_object()
            xmp = stream.get_data().decode("utf-8", "replace")
            leaks += self.scan_text(xmp, "XMP metadata")
        for title in _outline_titles(reader.outline):
            leaks += self.scan_text(title, "bookmarks")
        return leaks, len(reader.pages)

    def scan_data(self, files: Iterable[tuple[str, bytes]]) -> list[Leak]:
        leaks: list[Leak] = []
        for name, data in files:
            leaks += self.scan_file_name(name)
            leaks += self.scan_text(data.decode("utf-8", "replace"), name)
        return leaks


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
