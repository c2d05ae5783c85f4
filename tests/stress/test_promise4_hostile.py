"""Promise 4: hostile files get a clear no.

- Every file in ../shared/corpora through the importer its extension calls for, each in a
  forked child under a 512 MB address-space limit and a 10 s timeout: no crash, no hang,
  every rejection names the file and a reason.
- Zip bombs, XML entity bombs (billion laughs), external entities (XXE), a DOCX holding
  100 MB of text, PDFs with reference cycles and stream loops: each rejected quickly with a
  clear message, under the same limits; a PDF Flate bomb by our own check (the reason says
  so), not by the memory limit.
- Property tests (hypothesis): the date parsers, the notes header parser, the CSV reader and
  column mapper, and name redaction (a protected name never survives).
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import string
import subprocess
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import PASSPHRASE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.keys import FAST_KDF
from tests.importers.helpers import pdf_bytes
from tests.stress.common import CORPORA, FULL, PROJECT, PYTHON, child_env, record, scaled
from workbench import dates
from workbench.case import Case
from workbench.importers import datefmt, header, tables
from workbench.importers.results import Limits, Rejected
from workbench.publication.names import NameRedactor, NameRule

PROMISE = "4 hostile files"
LIMIT_MB, TIMEOUT_S = 512, 10.0
BOMB_MB = scaled(300, 1000)  # the zip bomb and the PDF stream bomb: above every limit
KINDS = {
    "notes": {".txt", ".md", ".markdown", ".docx", ".odt", ".rtf", ".pdf", ".rst", ".srt",
              ".native", ""},
    "photos": {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".heic", ".heif", ".gif",
               ".bmp", ".ico"},
    "timeline": {".csv", ".tsv", ".xlsx"},
}


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    return next((k for k, suffixes in KINDS.items() if suffix in suffixes), "notes")


def _run(tmp_path: Path, files: list[tuple[str, Path]]) -> list[dict]:
    case = tmp_path / "hostile.case"
    if not case.exists():
        Case.create(case, PASSPHRASE, "Hostile", kdf=FAST_KDF, reviewer="tester").close()
    proc = subprocess.run(
        [PYTHON, "-m", "tests.stress.hostile_worker", str(case), str(LIMIT_MB), str(TIMEOUT_S)],
        input="".join(f"{kind}\t{path}\n" for kind, path in files), cwd=PROJECT,
        env=child_env(WB_PASSPHRASE=PASSPHRASE), capture_output=True, text=True,
        timeout=60 + len(files) * (TIMEOUT_S + 2))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _problem(report: dict) -> str | None:
    status, reason = report["status"], report.get("reason", "")
    if status in ("crash", "hang"):
        return f"{status}: {reason}"
    if report["seconds"] > TIMEOUT_S:
        return f"took {report['seconds']} s"
    if status == "rejected":
        line = report.get("line", "")
        if not line.startswith(report["file"]) or not reason.strip():
            return f"rejection does not name the file and a reason: {line!r}"
        if "internal error" in reason:
            return f"internal error: {reason}"
    return None


def test_every_corpus_file_imports_or_gets_a_clear_no(tmp_path: Path) -> None:
    started = time.monotonic()
    if not CORPORA.exists():
        pytest.skip(f"test corpora not found at {CORPORA}")
    everything = sorted(p for p in CORPORA.rglob("*") if p.is_file())
    if FULL:
        chosen = everything
    else:  # one file per extension, then a seeded sample
        by_suffix: dict[str, Path] = {}
        for p in everything:
            by_suffix.setdefault(p.suffix.lower(), p)
        rng = random.Random(4004)
        chosen = sorted({*by_suffix.values(), *rng.sample(everything, 12)})
    reports = _run(tmp_path, [(_kind(p), p) for p in chosen])
    assert len(reports) == len(chosen)
    failures = [f"{r['file']}: {p}" for r in reports if (p := _problem(r))]
    statuses = {s: sum(r["status"] == s for r in reports) for s in ("imported", "duplicate",
                                                                    "rejected")}
    record(PROMISE, f"corpus files ({statuses['imported']} in, {statuses['rejected']} "
           f"refused; max {max(r['peak_mb'] or 0 for r in reports)} MB, "
           f"{max(r['seconds'] for r in reports):.1f} s)", len(reports),
           len(reports) - len(failures), time.monotonic() - started)
    assert failures == [], failures


# -- bombs --------------------------------------------------------------------------------

CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"><Default Extension="xml" ContentType='
                 b'"application/xml"/></Types>')
RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>')
W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(document: bytes | None = None, *, stream: object = None,
          level: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", level) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        if stream is not None:
            with z.open("word/document.xml", "w", force_zip64=True) as f:
                for chunk in stream:  # type: ignore[attr-defined]
                    f.write(chunk)
        else:
            z.writestr("word/document.xml", document or b"")
    return buffer.getvalue()


def _billion_laughs() -> bytes:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "lol">{entities}]>'
            f'<w:document {W_NS.decode()}><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p>'
            '</w:body></w:document>').encode()


def _xxe(target: str) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{target}">]>'
            f'<w:document {W_NS.decode()}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
            '</w:body></w:document>').encode()


def _big_text_stream(megabytes: int):
    """word/document.xml with about ``megabytes`` MB of varied text: a 1 MB block of random
    words, repeated (deflate looks back 32 kB only, so it compresses about 3:1 and no
    zip-ratio check stops it: only the text limits can)."""
    rng = random.Random(100)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randrange(2, 10)))
             for _ in range(5000)]
    paragraphs = []
    while sum(map(len, paragraphs)) < 1_000_000:
        paragraphs.append(b"<w:p><w:r><w:t>" + " ".join(rng.choices(words, k=180)).encode()
                          + b"</w:t></w:r></w:p>")
    block = b"".join(paragraphs)
    yield b'<?xml version="1.0"?><w:document ' + W_NS + b"><w:body>"
    for _ in range(megabytes):
        yield block
    yield b"</w:body></w:document>"


def _zeros(megabytes: int):
    yield b'<?xml version="1.0"?><w:document ' + W_NS + b"><w:body><w:p><w:r><w:t>"
    block = b"0" * 1_000_000
    for _ in range(megabytes):
        yield block
    yield b"</w:t></w:r></w:p></w:body></w:document>"


def _xlsx_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for _ in range(300):
                f.write(b"<row/>" * 170_000)
    return buffer.getvalue()


def _nested_zip_bomb() -> bytes:
    inner = _docx(stream=_zeros(50))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(16):
            z.writestr(f"word/media/part{n}.docx", inner)
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
    return buffer.getvalue()




def _pdf_page_cycle() -> bytes:  # a page tree whose kids include itself
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                 b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>"],
                b"<< /Root 1 0 R /Size 4 >>")


def _pdf_length_loop() -> bytes:  # a content stream whose /Length is itself
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /MediaBox [0 0 99 99] >>",
                 b"<< /Length 4 0 R >>\nstream\nBT (loop) Tj ET\nendstream"],
                b"<< /Root 1 0 R /Size 5 >>")


def _pdf_prev_loop() -> bytes:  # an xref chain whose /Prev points back at itself
    body = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    first = pdf_bytes(body, b"<< /Root 1 0 R /Size 3 >>")
    start = int(first.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    return first.replace(b"<< /Root 1 0 R /Size 3 >>",
                         b"<< /Root 1 0 R /Size 3 /Prev %d >>" % start)


def _pdf_deep_nesting() -> bytes:  # arrays nested 100,000 deep
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 100_000 + b"]" * 100_000
                 + b" >>", b"<< /Type /Pages /Kids [] /Count 0 >>"],
                b"<< /Root 1 0 R /Size 3 >>")


def _pdf_flate_bomb() -> bytes:  # a content stream of BOMB_MB megabytes in about 1/1000
    import zlib

    compressor = zlib.compressobj(9)
    packed = b"".join(compressor.compress(b"0" * 10_000_000) for _ in range(BOMB_MB // 10))
    packed += compressor.flush()
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /MediaBox [0 0 99 99] >>",
                 b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed
                 + b"\nendstream"], b"<< /Root 1 0 R /Size 5 >>")


def _odt_laughs() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", _billion_laughs().replace(b"w:document", b"office:document"))
    return buffer.getvalue()


BOMBS = {
    f"zip bomb (docx, {BOMB_MB} MB of zeros)": ("notes", "bomb.docx",
                                                lambda: _docx(stream=_zeros(BOMB_MB))),
    "nested zip bomb (docx)": ("notes", "nested.docx", _nested_zip_bomb),
    "zip bomb (xlsx)": ("timeline", "bomb.xlsx", _xlsx_bomb),
    "billion laughs (docx)": ("notes", "laughs.docx", lambda: _docx(_billion_laughs())),
    "billion laughs (odt)": ("notes", "laughs.odt", _odt_laughs),
    "external entity (docx)": ("notes", "xxe.docx", lambda: _docx(_xxe("/etc/passwd"))),
    "docx holding 100 MB of text": ("notes", "huge.docx",
                                    lambda: _docx(stream=_big_text_stream(100))),
    "pdf page-tree cycle": ("notes", "cycle.pdf", _pdf_page_cycle),
    "pdf stream /Length loop": ("notes", "length.pdf", _pdf_length_loop),
    "pdf xref /Prev loop": ("notes", "prev.pdf", _pdf_prev_loop),
    "pdf nested 100,000 deep": ("notes", "deep.pdf", _pdf_deep_nesting),
    f"pdf {BOMB_MB} MB flate stream": ("notes", "flate.pdf", _pdf_flate_bomb),
    "xml entity bomb in .md": ("notes", "laughs.md", _billion_laughs),
}
# Bombs our own checks refuse (not the memory limit, not a parser's error): the reason.
REASONS = {f"pdf {BOMB_MB} MB flate stream": "(a decompression bomb?)"}


def test_bombs_are_rejected_quickly_with_a_clear_message(tmp_path: Path) -> None:
    started = time.monotonic()
    folder = tmp_path / "bombs"
    folder.mkdir()
    files = []
    for label, (kind, name, make) in BOMBS.items():
        path = folder / name
        path.write_bytes(make())
        files.append((kind, path, label))
    reports = _run(tmp_path, [(k, p) for k, p, _ in files])
    failures = []
    for (_, _path, label), report in zip(files, reports, strict=True):
        problem = _problem(report)
        if problem is None and report["status"] != "rejected" and not label.endswith(".md"):
            problem = f"accepted ({report['status']})"
        if problem is None and report["seconds"] > 5:
            problem = f"rejected, but only after {report['seconds']} s"
        if problem is None and label in REASONS and REASONS[label] not in report["reason"]:
            problem = f"rejected, but not as a bomb: {report['reason']!r}"
        if problem:
            failures.append(f"{label}: {problem} [{report.get('peak_mb')} MB]")
    # The entity never expanded into the case, whatever happened.
    with Case.open(tmp_path / "hostile.case", PASSPHRASE, reviewer="checker") as case:
        held = case.raw_execute("SELECT count(*) FROM interview WHERE notes_text LIKE "
                                "'%root:%' OR notes_text LIKE '%lollollol%'")[0][0]
    if held:
        failures.append("an entity was expanded into the case")
    record(PROMISE, "bombs, entities, cycles", len(files), len(files) - len(failures),
           time.monotonic() - started)
    assert failures == [], failures


# -- properties ---------------------------------------------------------------------------

EXAMPLES = scaled(150, 3000)
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
_ran: dict[str, int] = {}


def _count(name: str) -> None:
    _ran[name] = _ran.get(name, 0) + 1


@contextlib.contextmanager
def _tally(name: str) -> Iterator[None]:
    """Record the examples a property ran; a falsified one counts as a failed trial."""
    started = time.monotonic()
    failed = 1
    try:
        yield
        failed = 0
    finally:
        ran = _ran.get(name, 0)
        record(PROMISE, f"property: {name}", ran, ran - failed, time.monotonic() - started)


DATE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789-/.:T ~?%", max_size=30),
    st.builds(lambda y, m, d, q: f"{y:04d}-{m:02d}-{d:02d}{q}", st.integers(0, 9999),
              st.integers(0, 13), st.integers(0, 32), st.sampled_from(["", "~", "?", "%"])),
)


@PROPERTY
@given(DATE_TEXT)
def _date_parser_property(text: str) -> None:
    _count("date parser")
    try:
        parsed = dates.parse(text)
    except dates.DateError as exc:
        assert str(exc)
        return
    lo, hi = dates.bounds(text)
    assert lo is not None or hi is not None  # a range may leave one end open, not both
    assert lo is None or hi is None or lo <= hi
    assert dates.display(text)
    assert dates.parse(text).earliest == parsed.earliest  # the same answer twice


@PROPERTY
@given(st.builds(lambda y, m, d: (y, m, d), st.integers(1, 9999), st.integers(1, 12),
                 st.integers(1, 31)), st.sampled_from([True, False]))
def _import_date_property(ymd: tuple[int, int, int], dayfirst: bool) -> None:
    _count("date parser")
    y, m, d = ymd
    try:
        __import__("datetime").date(y, m, d)
    except ValueError:
        return
    written = f"{d:02d}/{m:02d}/{y:04d}" if dayfirst else f"{m:02d}/{d:02d}/{y:04d}"
    assert datefmt.normalise(written, dayfirst) == f"{y:04d}-{m:02d}-{d:02d}"


@PROPERTY
@given(st.text(max_size=200))
def _free_date_text_property(text: str) -> None:
    _count("date parser")
    try:
        form = datefmt.normalise(text)
    except dates.DateError as exc:
        assert str(exc)
        return
    assert form == "" or dates.parse(form)


def test_date_parsers_answer_or_explain() -> None:
    with _tally("date parser"):
        _date_parser_property()
        _import_date_property()
        _free_date_text_property()


HEADER_KEYS = st.sampled_from(["Interviewee", "Entrevistado", "Date", "Fecha", "Place",
                               "Lugar", "Mode", "Consent", "Interviewer", "Language", "X-Other"])


@PROPERTY
@given(st.lists(st.tuples(HEADER_KEYS, st.text(max_size=40).filter(lambda v: "\n" not in v
                                                                    and "\r" not in v)),
                max_size=8),
       st.text(max_size=300), st.sampled_from(["txt", "md", "docx"]),
       st.sampled_from(["keys", "front", "none"]))
def _header_property(fields: list[tuple[str, str]], body: str, fmt: str, style: str) -> None:
    _count("notes header parser")
    if style == "front":
        text = "---\n" + "".join(f"{k}: {v}\n" for k, v in fields) + "---\n" + body
    elif style == "keys":
        text = "".join(f"{k}: {v}\n" for k, v in fields) + "\n" + body
    else:
        text = body
    try:
        parsed = header.split_header(text, fmt)
    except Rejected as exc:
        assert str(exc)
        return
    assert isinstance(parsed.body, str) and isinstance(parsed.fields, dict)
    # Nothing of the notes is lost: the body is the text's tail.
    assert parsed.body.strip() in text.lstrip("\ufeff")
    for name in parsed.interviewees:
        assert name == name.strip() and name


@PROPERTY
@given(st.text(max_size=3000))
def _header_any_text_property(text: str) -> None:
    _count("notes header parser")
    for fmt in ("txt", "md"):
        try:
            parsed = header.split_header(text, fmt)
        except Rejected as exc:
            assert str(exc)
            continue
        assert parsed.body.strip() in text


def test_notes_header_parser_never_loses_the_notes() -> None:
    with _tally("notes header parser"):
        _header_property()
        _header_any_text_property()


CELL = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=15)


@PROPERTY
@given(st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=12),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def _csv_property(rows: list[list[str]], delimiter: str, encoding: str) -> None:
    _count("CSV mapper")
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    data = buffer.getvalue().encode(encoding)
    try:
        table = tables.read_table("t.csv", data, Limits())
    except Rejected as exc:
        assert str(exc)
        return
    synonyms = {tables.fold_header(h): "title" for h in table.header[:1] if h.strip()}
    mapped = tables.map_columns(table.header, synonyms, {}, ["title", "when"])
    for _number, cells in table.rows:
        tables.record(cells, mapped)


@PROPERTY
@given(st.binary(max_size=2000))
def _csv_bytes_property(data: bytes) -> None:
    _count("CSV mapper")
    try:
        table = tables.read_table("t.csv", data, Limits())
    except Rejected as exc:
        assert str(exc)
        return
    mapped = tables.map_columns(table.header, {}, {}, ["title"])
    assert all(0 <= i < max(len(table.header), 1) for i in mapped.columns)


@PROPERTY
@given(st.lists(st.text(max_size=12), max_size=6),
       st.dictionaries(st.text(max_size=12), st.sampled_from(["title", "when", "ignore",
                                                               "nonsense"]), max_size=3))
def _mapper_property(header_row: list[str], overrides: dict[str, str]) -> None:
    _count("CSV mapper")
    try:
        mapped = tables.map_columns(header_row, {}, overrides, ["title", "when"])
    except Rejected as exc:
        assert str(exc)
        return
    assert set(mapped.columns.values()) <= {"title", "when"}
    assert all(0 <= i < len(header_row) for i in mapped.columns)


def test_csv_reader_and_mapper_answer_or_explain() -> None:
    with _tally("CSV mapper"):
        _csv_property()
        _csv_bytes_property()
        _mapper_property()


NAMES = st.sampled_from(["Rosa Quispe", "José Ñaupa Huamán", "María del Carmen Álvarez",
                         "Ōtsuka Haruki", "Виктор Петров", "李小龍", "Nguyễn Thị Minh Khai",
                         "O'Neil", "Jean-Luc Dupont", "Zoë", "Ayşe Yılmaz"])
PUNCT = st.sampled_from(["", " ", ",", ".", "(", ")", "«", "»", '"', "'", "—", "-", "\n",
                         "\t", ":", ";", "!", "¿", "?", "/", "*", "_", "  "])


def _variant(name: str, how: str) -> str:
    if how == "upper":
        return name.upper()
    if how == "lower":
        return name.lower()
    if how == "nfd":
        return unicodedata.normalize("NFD", name)
    if how == "strip":  # accents dropped, as people type them
        return "".join(c for c in unicodedata.normalize("NFD", name)
                       if not unicodedata.combining(c))
    if how == "newline":
        return name.replace(" ", "\n")
    if how == "double":
        return name.replace(" ", "  ")
    return name


def _survives(name: str, text: str) -> bool:
    """The name (any case, any accents, any spacing) is still readable in the text."""
    def squash(s: str) -> str:
        folded = "".join(c for c in unicodedata.normalize("NFKD", s.casefold())
                         if not unicodedata.combining(c))
        return "".join(c for c in folded if c.isalnum())

    words = [squash(w) for w in name.split() if squash(w)]
    flat = " ".join(squash(w) for w in text.replace("\n", " ").split())
    return " ".join(words) in flat if len(words) > 1 else any(
        squash(w) == words[0] for w in __import__("re").split(r"[\W_]+", text))


@PROPERTY
@given(st.lists(st.tuples(PUNCT, NAMES, st.sampled_from(["", "upper", "lower", "nfd", "strip",
                                                          "newline", "double"]), PUNCT),
                min_size=1, max_size=6),
       st.text(alphabet=" abcdefgh.,", max_size=20))
def _redaction_property(pieces: list[tuple[str, str, str, str]], filler: str) -> None:
    _count("name redaction")
    redactor = NameRedactor([NameRule((n,), f"W-{i:02d}")
                             for i, n in enumerate(sorted({p[1] for p in pieces}))])
    text = f" {filler} ".join(f"{before}{_variant(name, how)}{after}"
                       for before, name, how, after in pieces)
    out = redactor.redact(text)
    for _, name, _, _ in pieces:
        assert not _survives(name, out), (name, text, out)


def test_a_protected_name_never_survives_redaction() -> None:
    with _tally("name redaction"):
        _redaction_property()
