"""What an importer reports per file, the options every importer shares, and rejections."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import InvalidInput

IMPORTED, DUPLICATE, REJECTED = "imported", "duplicate", "rejected"

MIB = 1024 * 1024


class Rejected(InvalidInput):
    """This file cannot be imported; the message is the reason (without the file name)."""


@dataclass(frozen=True)
class Limits:
    """Size limits against hostile or accidental huge files; each can be raised."""

    max_file_bytes: int = 512 * MIB
    max_pixels: int = 120_000_000  # a 200 MP phone sensor bins down well below this
    max_unzipped_bytes: int = 256 * MIB  # DOCX/ODT/XLSX: total uncompressed size
    max_zip_ratio: float = 200.0  # uncompressed/compressed, per member and overall
    max_zip_members: int = 10_000
    max_text_chars: int = 20_000_000
    max_xml_part_bytes: int = 64 * MIB  # one DOCX/ODT part, read and parsed whole
    # PDF: what its streams may decode to, summed over every stream and every filter of a
    # chain (pdf_safety.py). pdfminer decodes a stream whole, in memory, and keeps it while
    # the document is open. The streams of a text PDF (pages, fonts, object streams) decode
    # to a few MB per hundred pages; 256 MiB (as for DOCX) leaves room for ~40 full-HD
    # screenshots or ~200 bilevel scanned pages stored losslessly (JPEG, JBIG2 and CCITT
    # images count nothing) and stays within half the 512 MB the stress tests allow.
    max_pdf_stream_bytes: int = 256 * MIB
    # ... and that sum over the file's size, once it passes 16 MiB: text PDFs decode to
    # 2-10 times their size, a Flate bomb to ~1000 times per level.
    max_pdf_stream_ratio: float = 100.0
    max_table_rows: int = 200_000


@dataclass(frozen=True)
class ImportOptions:
    limits: Limits = field(default_factory=Limits)
    acquired_from: str = ""
    # Tables: header-name overrides (column header -> field), and day/month order.
    column_map: dict[str, str] = field(default_factory=dict)
    dayfirst: bool | None = None  # None: an ambiguous dd/mm vs mm/dd date is an error
    skip_bad_rows: bool = False
    # Notes: protection level for interviewees the header creates (header can override).
    default_protection: str = "pseudonymous"
    # A batch commits its files in groups: at most this many seconds of importing are
    # lost to a crash (or 64 MiB of originals, whichever comes first).
    commit_seconds: float = 1.0


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file: imported, duplicate or rejected, and what was created."""

    name: str
    status: str
    ids: dict[str, list[int]] = field(default_factory=dict)
    reason: str = ""
    notes: tuple[str, ...] = ()  # skipped rows, metadata left absent, and similar
    path: Path | None = None
    size: int = 0

    @property
    def ok(self) -> bool:
        return self.status in (IMPORTED, DUPLICATE)

    def line(self) -> str:
        """One line for the user: the file, its status, and what or why."""
        if self.status == REJECTED:
            return f"{self.name}: rejected: {self.reason}"
        created = ", ".join(f"{kind} {', '.join(map(str, ids))}"
                            for kind, ids in self.ids.items() if ids)
        return f"{self.name}: {self.status}" + (f" ({created})" if created else "")

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {"file": self.name, "status": self.status, "ids": self.ids}
        if self.reason:
            out["reason"] = self.reason
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def rejected(name: str, reason: str, *, path: Path | None = None, size: int = 0) -> FileResult:
    return FileResult(name=name, status=REJECTED, reason=one_line(reason), path=path, size=size)


def one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
