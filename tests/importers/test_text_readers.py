"""Text out of real DOCX/ODT/RTF (checked against pandoc's expected output), text in many
encodings (chardet's corpus), PDFs with and without a text layer, and zip bombs."""

from __future__ import annotations

import difflib
import io
import os
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import CORPORA, corpus
from tests.importers.helpers import docx_bytes, markdown_words, native_words, paragraphs, words
from workbench.importers.results import Limits, Rejected
from workbench.importers.text_readers import decode_text, read_text

PANDOC = CORPORA / "pandoc-tests" / "test"


def pandoc_pairs() -> list[tuple[Path, Path]]:
    pairs = []
    for doc in sorted(PANDOC.glob("docx/*.docx")) + sorted(PANDOC.glob("rtf/*.rtf")):
        if doc.with_suffix(".native").exists():
            pairs.append((doc, doc.with_suffix(".native")))
    for doc in sorted(PANDOC.glob("odt/odt/*.odt")):
        for expected in (PANDOC / "odt" / "native" / f"{doc.stem}.native",
                         PANDOC / "odt" / "markdown" / f"{doc.stem}.md"):
            if expected.exists():
                pairs.append((doc, expected))
    return pairs


PAIRS = pandoc_pairs()


def test_pandoc_corpus_is_there() -> None:
    corpus("pandoc-tests")
    assert len(PAIRS) >= 20


@pytest.mark.parametrize(("doc", "expected"), PAIRS, ids=[p[0].name for p in PAIRS])
def test_text_matches_pandoc_expected_output(doc: Path, expected: Path) -> None:
    text, _, _ = read_text(doc.name, doc.read_bytes(), Limits())
    ours = words(text)
    raw = expected.read_text(encoding="utf-8")
    theirs = native_words(raw) if expected.suffix == ".native" else markdown_words(raw)
    assert theirs, f"no words in {expected.name}"
    # Every word pandoc reads is in ours (as often); our extras are only section labels
    # and note numbers. And the order agrees: notes go at the end rather than inline,
    # which costs little in a sequence comparison.
    missing = Counter(theirs) - Counter(ours)
    assert not missing, f"missing words: {sorted(missing)[:20]}"
    extra = Counter(ours) - Counter(theirs)
    assert set(extra) <= {"footnotes", "endnotes", "notes", "comments", "header", "footer",
                          "0", "1", "2",
                          "3", "4"} or sum(extra.values()) <= 0.05 * len(theirs), extra
    # In-order coverage: how much of pandoc's sequence we give in the same order. Notes
    # and comments we list after the text (pandoc keeps them inline) cost the rest.
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    in_order = sum(block.size for block in matcher.get_matching_blocks()) / len(theirs)
    assert in_order > 0.6, in_order


def test_tracked_changes_are_read_as_accepted() -> None:
    deletion = corpus("pandoc-tests", "test", "docx", "track_changes_deletion.docx")
    insertion = PANDOC / "docx" / "track_changes_insertion.docx"
    odt = PANDOC / "odt" / "odt" / "trackedChanges.odt"
    assert read_text(deletion.name, deletion.read_bytes(), Limits())[0] == \
        "This is a text with a deletion."
    assert "two exciting insertions" in read_text(insertion.name, insertion.read_bytes(),
                                                  Limits())[0]
    assert words(read_text(odt.name, odt.read_bytes(), Limits())[0]) == \
        words("Some text with and inserted text.")


def test_docx_headers_footers_tables_and_notes() -> None:
    folder = corpus("python-docx-test-files", "features", "steps", "test_files")
    text = read_text("x.docx", (folder / "hdr-header-footer.docx").read_bytes(), Limits())[0]
    assert "Header for section-1" in text and "Footer for section 1" in text
    text = read_text("x.docx", (folder / "tbl-cell-access.docx").read_bytes(), Limits())[0]
    assert "1 | 2 | 3" in text
    notes = PANDOC / "docx" / "notes.docx"
    text = read_text("n.docx", notes.read_bytes(), Limits())[0]
    assert "My note." in text and "This is an endnote at the end of the document." in text


def test_docx_text_boxes_are_read_once() -> None:
    # A text box appears twice in real files: as DrawingML (mc:Choice) and as VML
    # (mc:Fallback); we read the first only.
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = (f'<w:p><w:r><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps">'
           f'<w:txbxContent xmlns:w="{w}">{paragraphs("In the box")}</w:txbxContent>'
           f'</mc:Choice><mc:Fallback><w:txbxContent xmlns:w="{w}">'
           f'{paragraphs("In the box")}</w:txbxContent></mc:Fallback></mc:AlternateContent>'
           "</w:r></w:p>")
    text = read_text("box.docx", docx_bytes(paragraphs("Before") + box), Limits())[0]
    assert text.count("In the box") == 1 and "Before" in text


CHARDET = CORPORA / "chardet-encodings" / "tests"
# File -> words that only a right decoding yields.
KNOWN = {
    "iso-8859-1/_ude_5.txt": ["bilingüe", "investigación", "víctimas"],
    "iso-8859-1/_ude_1.txt": ["tão", "observação", "missão"],
    "windows-1252/github_bug_9.txt": ["“The names Bod, James Bond.”", "–", "—"],
    "windows-1252/_ude_1.txt": ["gehört", "für"],
    "windows-1250-polish/_ude_1.txt": ["zauważyli", "że", "wewnętrznego"],
    "utf-8/_ude_he1.txt": ["עברית"],
    "utf-8/_ude_russian.txt": ["гимназии", "латынь"],
    "UTF-16LE/nobom-utf16le.txt": ["DateTime,Bid,Ask", "07/19/2015 21:00:15.469"],
    "UTF-16BE/nobom-utf16be.txt": ["DateTime,Bid,Ask", "07/19/2015 21:00:15.469"],
}


def encoding_files() -> list[Path]:
    return sorted(p for p in CHARDET.rglob("*") if p.is_file() and p.name != "README.txt")


@pytest.mark.parametrize("path", encoding_files(), ids=lambda p: str(p.relative_to(CHARDET)))
def test_every_encoding_decodes_to_the_right_text(path: Path) -> None:
    text, encoding = decode_text(path.read_bytes())
    rel = str(path.relative_to(CHARDET))
    folder = rel.split("/")[0].lower()
    # The folder names the encoding: decoding by it must give the same text as ours.
    truth = {"iso-8859-1": "latin-1", "windows-1252": "cp1252", "windows-1250-polish": "cp1250",
             "utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "utf-16": "utf-16",
             "utf-32": "utf-32", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be"}[folder]
    assert text == path.read_bytes().decode(truth), encoding
    assert "\ufeff" not in text and "\x00" not in text
    for known in KNOWN.get(rel, []):
        assert known in text
    if path.suffix == ".srt":  # the same subtitle in three Unicode forms
        sibling = CHARDET / "utf-8-sig" / "bom-utf-8.srt"
        assert text.replace("\r\n", "\n") == sibling.read_bytes().decode("utf-8-sig").replace(
            "\r\n", "\n")


def test_all_named_encoding_files_are_covered() -> None:
    corpus("chardet-encodings")
    assert {str(p.relative_to(CHARDET)) for p in encoding_files()} >= set(KNOWN)


def _pdf(draw_text: bool) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    if draw_text:
        c.drawString(72, 720, "Respuesta de la empresa: recibimos la carta.")
    c.rect(72, 72, 200, 200, fill=1)  # a "scan": pixels only
    c.save()
    return out.getvalue()


def test_pdf_text_layer_is_read() -> None:
    text, fmt, _ = read_text("r.pdf", _pdf(True), Limits())
    assert fmt == "pdf" and "recibimos la carta" in text


def test_pdf_without_text_is_no_text_layer() -> None:
    with pytest.raises(Rejected, match=r"no text layer \(scanned\?\)"):
        read_text("scan.pdf", _pdf(False), Limits())


def test_zip_bomb_is_refused_before_parsing() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * 60_000_000)  # ~1000:1
    data = out.getvalue()
    assert len(data) < 200_000
    with pytest.raises(Rejected, match="zip bomb"):
        read_text("bomb.docx", data, Limits())


def test_total_uncompressed_size_limit_is_settable() -> None:
    parts = {f"word/media/part{i}.bin": os.urandom(150_000).hex() for i in range(5)}
    data = docx_bytes(paragraphs("hello"), parts)
    assert "hello" in read_text("ok.docx", data, Limits())[0]
    with pytest.raises(Rejected, match="would expand to"):
        read_text("big.docx", data, Limits(max_unzipped_bytes=1_000_000))


def test_xml_entity_expansion_is_refused() -> None:
    lol = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
           '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", lol)
    with pytest.raises(Rejected, match="unsafe XML"):
        read_text("lol.docx", out.getvalue(), Limits())


def test_unknown_format_is_rejected() -> None:
    with pytest.raises(Rejected, match="not a format"):
        read_text("photo.jpg", b"\xff\xd8\xff\xe0", Limits())
