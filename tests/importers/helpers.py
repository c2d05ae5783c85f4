"""Small builders for importer tests: files made in memory, word sequences for comparing."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

# CJK scripts do not separate words with spaces: each character is a token.
_CJK = "\u3000-\u9fff\uac00-\ud7af\uff00-\uffef"
WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def _haskell_string(body: str) -> str:
    body = re.sub(r"\\(\d+)(\\&)?", lambda m: chr(int(m[1])), body)
    return body.replace('\\"', '"').replace("\\\\", "\\").replace("\\n", "\n")


def native_words(native: str) -> list[str]:
    """The words of pandoc's native AST: its Str tokens, in order (formatting dropped)."""
    out: list[str] = []
    for m in re.finditer(r'Str "((?:[^"\\]|\\.)*)"', native):
        out += words(_haskell_string(m[1]))
    return out


def markdown_words(md: str) -> list[str]:
    md = re.sub(r"\[\^\d+\]:?", " ", md)  # footnote markers
    return words(re.sub(r"[*_`#>|]", " ", md))


def docx_bytes(body_xml: str, extra: dict[str, str] | None = None) -> bytes:
    """A minimal DOCX around a body (w: namespace), for header and safety tests."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml",
                   f'<w:document xmlns:w="{w}"><w:body>{body_xml}</w:body></w:document>')
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def paragraphs(*texts: str) -> str:
    return "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>"
                   for t in texts)


def photo_from_the_future(days: int = 365) -> bytes:
    """A small JPEG whose camera clock reads a year after today (whenever the test runs)."""
    from PIL import Image

    moment = dt.datetime.now() + dt.timedelta(days=days)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "WWL", "ION230"  # make, model
    exif[0x0132] = moment.strftime("%Y:%m:%d %H:%M:%S")
    out = io.BytesIO()
    Image.new("RGB", (75, 100), "teal").save(out, "JPEG", exif=exif)
    return out.getvalue()


def pdf_bytes(objects: list[bytes], trailer: bytes = b"<< /Root 1 0 R >>", *,
              xref: bool = True) -> bytes:
    """A PDF of numbered objects (1 0 obj ...), with a cross-reference table or without
    (pdfminer then rebuilds one, reading each stream up to ``endstream``)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def one_page_pdf(content: bytes, entries: bytes, *, extra: tuple[bytes, ...] = (),
                 xref: bool = True) -> bytes:
    """A one-page PDF whose content stream is ``content`` (its dictionary holds ``entries``;
    ``%(length)d`` in them is the true length); objects in ``extra`` are 6, 7..."""
    dictionary = entries.replace(b"%(length)d", b"%d" % len(content))
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< " + dictionary + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra], b"<< /Root 1 0 R /Size %d >>" % (6 + len(extra)), xref=xref)
