"""Text of DOCX and ODT files, read from their XML in memory (after the zip-bomb checks).

DOCX: body paragraphs and tables in order, text boxes, headers and footers, footnotes,
endnotes and comments; tracked changes are read as accepted (insertions kept, deletions dropped).
ODT: paragraphs, headings, lists, tables, notes; tracked deletions dropped.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from xml.etree.ElementTree import Element

from workbench.importers.results import Limits, Rejected
from workbench.importers.safety import open_zip, parse_xml, read_member

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "/officeDocument"
PART_TYPES = {"/header": "header", "/footer": "footer", "/footnotes": "footnotes",
              "/endnotes": "endnotes", "/comments": "comments"}


# -- DOCX ------------------------------------------------------------------------------

def _docx_runs(node: Element, out: list[str]) -> None:
    tag = node.tag
    if tag in (f"{W}del", f"{W}moveFrom", f"{MC}Fallback", f"{W}instrText",
               f"{W}delInstrText", f"{W}rPr", f"{W}pPr"):
        return  # deletions (changes accepted), fallbacks that repeat text, field codes
    if tag == f"{W}t":
        out.append(node.text or "")
    elif tag == f"{W}tab":
        out.append("\t")
    elif tag in (f"{W}br", f"{W}cr"):
        out.append("\n")
    elif tag == f"{W}noBreakHyphen":
        out.append("-")
    elif tag == f"{W}sym":
        out.append(" ")
    for child in node:
        if child.tag == f"{W}p":  # a paragraph is a line; an empty one, a blank line
            _docx_runs(child, out)
            out.append("\n")
        elif child.tag == f"{W}tr":
            out.append("\n" + _row([_cell(c, _docx_runs) for c in child.iter(f"{W}tc")
                                     if _is_outer_cell(c, child)]) + "\n")
        else:
            _docx_runs(child, out)


def _cell(node: Element, walk: Callable[[Element, list[str]], None]) -> str:
    chunk: list[str] = []
    for child in node:
        walk(child, chunk)
        chunk.append("\n")
    return " ".join(_tidy("".join(chunk)).split())


def _row(cells: list[str]) -> str:
    """One table row on one line, cells separated by ' | '."""
    return " | ".join(cells).strip()


def _is_outer_cell(cell: Element, row: Element) -> bool:
    return cell in list(row) or any(cell in list(wrapper) for wrapper in row
                                    if wrapper.tag in (f"{W}sdt", f"{W}sdtContent",
                                                       f"{W}customXml"))


def _docx_part_text(root: Element, *, notes: bool = False) -> str:
    parts: list[str] = []
    if notes:  # footnotes.xml / endnotes.xml: skip the separator pseudo-notes
        for note in root:
            if note.get(f"{W}type") in ("separator", "continuationSeparator",
                                        "continuationNotice"):
                continue
            chunk: list[str] = []
            _docx_runs(note, chunk)
            text = _tidy("".join(chunk))
            if text:
                parts.append(f"[{note.get(f'{W}id', '')}] {text}")
        return "\n".join(parts)
    _docx_runs(root, parts)
    return _tidy("".join(parts))


def _relationships(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    folder, name = posixpath.split(part)
    rels = read_member(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    if rels is None:
        return []
    out = []
    for rel in parse_xml(rels, "relationships"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out.append((rel.get("Type", ""), path))
    return out


def docx_text(data: bytes, limits: Limits) -> str:
    archive = open_zip(data, limits, "DOCX")
    main = next((path for kind, path in _relationships(archive, "")
                 if kind.endswith(OFFICE_DOCUMENT)), "word/document.xml")
    body = read_member(archive, main, limits.max_xml_part_bytes)
    if body is None:
        raise Rejected("not a Word document (no main document part)")
    sections: dict[str, list[str]] = {"header": [], "footer": [], "footnotes": [],
                                      "endnotes": [], "comments": []}
    for kind, path in _relationships(archive, main):
        for suffix, section in PART_TYPES.items():
            if kind.endswith(suffix):
                xml = read_member(archive, path, limits.max_xml_part_bytes)
                if xml is not None:
                    text = _docx_part_text(parse_xml(xml, path),
                                           notes=section in ("footnotes", "endnotes",
                                                          "comments"))
                    if text and text not in sections[section]:
                        sections[section].append(text)
    out = [_docx_part_text(parse_xml(body, main))]
    titles = {"header": "Header", "footer": "Footer", "footnotes": "Footnotes",
              "endnotes": "Endnotes", "comments": "Comments"}
    for section, texts in sections.items():
        if texts:
            out.append(f"--- {titles[section]} ---\n" + "\n".join(texts))
    return "\n\n".join(t for t in out if t)


# -- ODT -------------------------------------------------------------------------------

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"


def _odt_walk(node: Element, out: list[str], notes: list[str]) -> None:
    tag = node.tag
    if tag in (f"{TEXT}tracked-changes", f"{OFFICE}annotation", f"{TEXT}note-citation",
               f"{SVG}desc", f"{SVG}title"):
        return
    if tag == f"{TEXT}note":
        body: list[str] = []
        for child in node:
            if child.tag == f"{TEXT}note-body":
                _odt_walk(child, body, notes)
        notes.append(_tidy("".join(body)))
        return
    if tag == f"{TEXT}s":
        out.append(" " * int(node.get(f"{TEXT}c", "1") or 1))
    elif tag == f"{TEXT}tab":
        out.append("\t")
    elif tag == f"{TEXT}line-break":
        out.append("\n")
    if tag == f"{TABLE}table-row":
        cells = [_cell(c, lambda n, o: _odt_walk(n, o, notes)) for c in node
                 if c.tag == f"{TABLE}table-cell"]
        out.append("\n" + _row(cells) + "\n")
        return
    block = tag in (f"{TEXT}p", f"{TEXT}h")
    if node.text:
        out.append(node.text)
    for child in node:
        _odt_walk(child, out, notes)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n")


def odt_text(data: bytes, limits: Limits) -> str:
    archive = open_zip(data, limits, "ODT")
    content = read_member(archive, "content.xml", limits.max_xml_part_bytes)
    if content is None:
        raise Rejected("not an OpenDocument text (no content.xml)")
    root = parse_xml(content, "content.xml")
    out: list[str] = []
    notes: list[str] = []
    for body in root.iter(f"{OFFICE}text"):
        _odt_walk(body, out, notes)
    text = _tidy("".join(out))
    if notes:
        text += "\n\n--- Notes ---\n" + "\n".join(f"[{i}] {n}" for i, n in
                                                 enumerate(notes, 1) if n)
    return text


def _tidy(text: str) -> str:
    """Collapse the blank lines the block structure leaves; keep paragraph breaks."""
    lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1]):
            out.append(line if line.strip() else "")
    return "\n".join(out).strip()
