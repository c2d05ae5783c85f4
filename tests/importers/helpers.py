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
