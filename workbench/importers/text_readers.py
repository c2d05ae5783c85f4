"""Plain text out of the formats interview notes and documents arrive in, from bytes in
memory: TXT/MD in any common encoding, DOCX, ODT, RTF and PDF with a text layer."""

from __future__ import annotations

import codecs
import io
import re
from pathlib import PurePath

from workbench.importers.office_text import docx_text, odt_text
from workbench.importers.pdf_safety import check_pdf_streams
from workbench.importers.results import Limits, Rejected

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx",
           ".odt": "odt", ".rtf": "rtf", ".pdf": "pdf"}
MEDIA_TYPES = {
    "txt": "text/plain", "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text", "rtf": "application/rtf",
    "pdf": "application/pdf",
}
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))


def file_format(name: str, data: bytes) -> str:
    """txt, md, docx, odt, rtf or pdf, from the content where it tells, else the name."""
    suffix = PurePath(name).suffix.lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in data[:100]:
            return "odt"
        if suffix in (".docx", ".odt"):
            return FORMATS[suffix]
        return "docx" if b"word/" in data[:4096] or b"[Content_Types].xml" in data[:4096] \
            else "zip"
    return FORMATS.get(suffix, "")


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: BOM, then UTF-8, then UTF-16 without a BOM,
    then the most coherent legacy encoding."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "") + " (BOM)"
            except UnicodeDecodeError:
                break
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _best_legacy(data)


# Legacy single-byte encodings the issue names, in order of preference on a tie.
LEGACY = ("cp1252", "cp1250", "latin_1")
_LEGIT_SYMBOLS = set("“”‘’‚„–—…«»¡¿€£°·•§©®™†‡‰‹›¦¨´¸ªº½¼¾×÷±µ")


def _implausible(text: str) -> int:
    """How many characters look like the wrong code page: controls and stray symbols
    (cp1252 shows Polish ą ł as ¹ ³; Latin-1 shows curly quotes as C1 controls)."""
    return sum(1 for ch in text if ord(ch) > 127 and not ch.isalpha()
               and ch not in _LEGIT_SYMBOLS and not ch.isspace())


def _best_legacy(data: bytes) -> tuple[str, str]:
    """Among the legacy encodings that decode the bytes, the one with the fewest
    implausible characters; a statistical detector confuses cp1250 and cp1252 on
    Spanish and Portuguese text, which read the same except for a few letters."""
    candidates = []
    for rank, encoding in enumerate(LEGACY):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_implausible(text), rank, text, encoding))
    _, _, text, encoding = min(candidates)  # latin_1 decodes anything
    return text, encoding


def _utf16_without_bom(data: bytes) -> str:
    """UTF-16 text in a Latin script has a NUL in every other byte; UTF-8 text has none."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return ""
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.4 * half and even.count(0) < 0.05 * half:
        encoding = "utf-16-le"
    elif even.count(0) > 0.4 * half and odd.count(0) < 0.05 * half:
        encoding = "utf-16-be"
    else:
        return ""
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return ""
    return encoding


def rtf_text(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    # RTF is 7-bit; \'xx escapes name bytes of the document's code page, which striprtf
    # decodes itself (\ansicpg); latin-1 maps the raw bytes 1:1 for it.
    source = data.decode("latin-1")
    # striprtf drops footnotes with the other hidden destinations; keep their text, inline
    # where the note mark stands (as pandoc does).
    source = re.sub(r"\{\\footnote\b ?", "{", source)
    return rtf_to_text(source, errors="replace")


def pdf_text(data: bytes, limits: Limits) -> str:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfparser import PDFSyntaxError

    check_pdf_streams(data, limits)  # pdfminer inflates each stream whole, in memory
    try:
        text = extract_text(io.BytesIO(data), maxpages=5000)
    except PDFSyntaxError as exc:
        raise Rejected(f"not a readable PDF ({exc})") from None
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.strip():
        raise Rejected("no text layer (scanned?); run OCR first or import it as a document "
                       "photo")
    return text.replace("\x0c", "\n")


def read_text(name: str, data: bytes, limits: Limits) -> tuple[str, str, str]:
    """(text, format, encoding or '') of a notes or document file; Rejected if it has none."""
    fmt = file_format(name, data)
    encoding = ""
    if fmt in ("txt", "md"):
        text, encoding = decode_text(data)
    elif fmt == "docx":
        text = docx_text(data, limits)
    elif fmt == "odt":
        text = odt_text(data, limits)
    elif fmt == "rtf":
        text = rtf_text(data)
    elif fmt == "pdf":
        text = pdf_text(data, limits)
    else:
        raise Rejected("not a format for notes or documents (use .txt, .md, .docx, .odt, "
                       ".rtf or .pdf)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > limits.max_text_chars:
        raise Rejected(f"more than {limits.max_text_chars} characters of text")
    if not text.strip():
        raise Rejected("the file holds no text")
    return text, fmt, encoding
