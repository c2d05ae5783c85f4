"""Checks that run before a parser sees a file: zip bombs (DOCX, ODT, XLSX are zip files)
and XML parsed only through defusedxml (no entity expansion, no external entities)."""

from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from workbench.importers.results import MIB, Limits, Rejected


def open_zip(data: bytes, limits: Limits, what: str) -> zipfile.ZipFile:
    """The archive, once its declared sizes are within the limits.

    The declared sizes come from the central directory; reading goes through
    ``read_member`` which also stops at the declared size, so a member lying about its size
    cannot expand past it.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise Rejected(f"not a valid {what} file (damaged zip container: {exc})") from None
    members = archive.infolist()
    if len(members) > limits.max_zip_members:
        raise Rejected(f"{what} holds {len(members)} parts, above the limit of "
                       f"{limits.max_zip_members} (a zip bomb?)")
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        raise Rejected(f"{what} would expand to {total} bytes, above the limit of "
                       f"{limits.max_unzipped_bytes} (a zip bomb?)")
    packed = sum(m.compress_size for m in members)
    if total > 1_000_000 and total > limits.max_zip_ratio * max(packed, 1):
        raise Rejected(f"{what} compresses {total / max(packed, 1):.0f}:1, above the limit of "
                       f"{limits.max_zip_ratio:.0f}:1 (a zip bomb?)")
    for m in members:
        if m.file_size > 1_000_000 and m.file_size > limits.max_zip_ratio * max(
                m.compress_size, 1):
            raise Rejected(f"{what} part {m.filename} compresses "
                           f"{m.file_size / max(m.compress_size, 1):.0f}:1, above the limit "
                           f"of {limits.max_zip_ratio:.0f}:1 (a zip bomb?)")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, limit: int | None = None
                ) -> bytes | None:
    """A member's bytes, never more than its declared size (None if absent).

    ``limit`` refuses a part declared larger before anything is read or parsed: an XML
    part is parsed whole in memory (about ten times its size), so a document part far
    beyond the text limit would exhaust memory long before its text could be counted.
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if limit is not None and info.file_size > limit:
        raise Rejected(f"part {name} holds {info.file_size // MIB} MB of XML, above the limit "
                       f"of {limit // MIB} MB for one part (more text than a document "
                       "can be imported with)")
    with archive.open(info) as stream:
        data = stream.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise Rejected(f"part {name} is larger than it declares (a zip bomb?)")
    return data


def parse_xml(data: bytes, what: str) -> Element:
    try:
        return SafeET.fromstring(data)
    except SafeET.ParseError as exc:
        raise Rejected(f"damaged XML in {what} ({exc})") from None
    except Exception as exc:  # defusedxml refuses entities, DTDs...
        raise Rejected(f"unsafe XML in {what} ({type(exc).__name__})") from None
