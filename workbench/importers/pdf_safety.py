"""PDF decompression bombs, refused before pdfminer sees the file.

pdfminer decodes a stream whole, in memory (``zlib.decompress``), when it reads one, and
keeps it while the document is open: a FlateDecode stream of 300 kB can hold 300 MB of
zeros, and a chain (FlateDecode of FlateDecode) multiplies that again. ``check_pdf_streams``
finds every stream in the raw bytes and runs it through the decoders pdfminer would apply,
incrementally (``zlib.decompressobj`` with ``max_length``), counting what every level of a
chain produces and stopping as soon as the document's budget (``Limits``) is passed. It never
holds more than a chunk of any stream's output.

Nothing in the file is trusted:

- A stream starts after the ``stream`` keyword's end of line. Streams are never inside
  object streams, so a scan of the raw bytes finds them all; a match that is no stream
  costs a look at two bytes.
- FlateDecode and LZWDecode (which pdfminer also decodes, whole, in Python) are recognised
  by their first bytes (a zlib header; LZW's clear-table code, without which pdfminer fails)
  at every level of a chain, whatever the dictionary says, so a dictionary that lies, is
  indirect, or hides from a regular expression hides no bomb.
- /Length is believed only when it is a number followed by ``endstream``; otherwise the
  stream may run to the end of the file (zlib stops at its own end; pdfminer reads past a
  wrong /Length when it rebuilds a broken cross-reference table).
- ASCII85 and ASCIIHex (which can wrap a Flate stream and hide its header) and RunLength
  are applied where the stream's dictionary names them (or its /Filter is indirect).
- An encrypted document that opens with the empty password (as pdfminer opens it: most
  "protected" PDFs) has its streams checked again, decrypted with pdfminer's own key.

What each filter can do: Flate expands up to about 1030:1 per level; LZW, as pdfminer
decodes it (12-bit codes, table entries up to ~3800 bytes), up to about 2500:1, more than
Flate; RunLength up to 64:1; ASCII85 4:1 (``z``); ASCIIHex shrinks. All are counted. Image
codecs (DCT, JPX, JBIG2, CCITT) are not decoded: pdfminer does not decode images to read
text, and a stream left as they compressed it costs no more than its bytes.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import contextlib
import hashlib
import io
import itertools
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator

from workbench.importers.results import MIB, Limits, Rejected

# Below this many decoded bytes the ratio to the file size is not checked: a small file
# may hold a blank page scanned losslessly (a 300 dpi bilevel A4 page inflates ~1000:1 to
# 1.1 MB). 16 MiB is also about where pdfminer's tokenizer turns slow on one long token.
RATIO_FLOOR = 16 * MIB
MAX_LEVELS = 16  # filters in one chain; real files use one to three
# ``stream`` keywords in one file: a PDF packing a million streams would be 60 MB of stream
# headers alone; each costs this check a few microseconds.
MAX_STREAMS = 1_000_000
CHUNK_OUT = 256 * 1024  # most bytes one decoding step may produce
CHUNK_IN = 64 * 1024

_WS = b"\x00\t\n\x0c\r "
_S = rb"[\x00\t\n\x0c\r ]"
_REGULAR_BEFORE = rb"(?<![^\x00\t\n\x0c\r ()<>\[\]{}/%])"  # a token starts here
_STREAM = re.compile(_REGULAR_BEFORE + rb"stream")
_EOL = re.compile(rb"[\r\n]")
_LENGTH = re.compile(rb"/Length" + _S + rb"*(\d{1,15})(?:" + _S + rb"+(\d{1,10})" + _S
                     + rb"+R)?")
_ENDSTREAM = re.compile(_S + rb"*endstream")
_WRAPPER = re.compile(rb"/(ASCII85Decode|A85|ASCIIHexDecode|AHx|RunLengthDecode|RL)"
                      rb"(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
_INDIRECT_FILTER = re.compile(rb"/F(?:ilter)?" + _S + rb"+\d+" + _S + rb"+\d+" + _S + rb"+R")
_INT_OBJECT = re.compile(rb"(?<!\d)(\d{1,10})" + _S + rb"+(\d{1,5})" + _S + rb"+obj" + _S
                         + rb"*(\d{1,15})" + _S + rb"*endobj")
_CANONICAL = {b"ASCII85Decode": "a85", b"A85": "a85", b"ASCIIHexDecode": "ahx",
              b"AHx": "ahx", b"RunLengthDecode": "rl", b"RL": "rl"}
_A85_HEAD = re.compile(rb"[\x00\t\n\x0c\r !-uz~]*")
_AHX_HEAD = re.compile(rb"[\x00\t\n\x0c\r 0-9A-Fa-f>]*")
_WINDOW = 64 * 1024  # how far before ``stream`` its dictionary is looked for

Chunks = Iterator[bytes]


class _Budget:
    """Decoded bytes still allowed, over the whole document; raw bytes decoders may read."""

    def __init__(self, size: int, limits: Limits) -> None:
        by_ratio = max(RATIO_FLOOR, int(limits.max_pdf_stream_ratio * size))
        self.limit = min(limits.max_pdf_stream_bytes, by_ratio)
        self.why = f", over {limits.max_pdf_stream_ratio:.0f} times the file's size" \
            if by_ratio < limits.max_pdf_stream_bytes else ""
        self.left = self.limit
        # Streams of a sound file do not overlap, so decoders read each raw byte once (twice,
        # with the last chunk a decoder stops in); far more is a file built to make this
        # check slow (streams nested inside one another's data).
        self.reads_left = 4 * size + CHUNK_IN

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise Rejected(f"its streams expand to more than {self.limit} bytes{self.why} "
                           "(a decompression bomb?)")

    def read(self, n: int) -> None:
        self.reads_left -= n
        if self.reads_left < 0:
            raise Rejected("its streams overlap one another (a hostile file?)")


def check_pdf_streams(data: bytes, limits: Limits) -> None:
    """Rejected if the PDF's streams would decode to more than the limits allow."""
    budget = _Budget(len(data), limits)
    for _kw, start, end, names in _streams(data):
        if names or _pick(data[start:start + 2], []) is not None:  # (else nothing applies)
            _check(_Raw(data, start, end), names, budget)
    encrypted = _decipher(data)
    if encrypted is None:
        return
    decrypt, objects = encrypted
    for kw, start, end, names in _streams(data):
        found = bisect.bisect_right(objects, (kw, 1 << 62)) - 1
        if found < 0:
            continue
        _, objid, genno = objects[found]
        raw = data[start:_exact_end(data, start, end)]
        budget.read(len(raw))
        if len(raw) > 16:  # AES-CBC: an IV, then whole blocks (RC4 takes any length)
            raw = raw[:len(raw) - (len(raw) - 16) % 16]
        try:
            plain = decrypt(objid, genno, raw)
        except Exception:  # noqa: S112 - pdfminer fails on this stream the same way
            continue
        _check(_Raw(plain, 0, len(plain)), names, budget)


# -- finding the streams ------------------------------------------------------------------

def _streams(data: bytes) -> Iterator[tuple[int, int, int, list[str]]]:
    """(keyword offset, data start, data end, wrapper filters named) of every stream."""
    int_objects: dict[tuple[int, int], int] | None = None
    eol = -1
    previous = 0  # where the previous stream's data ended (or its keyword, if unknown)
    for count, match in enumerate(_STREAM.finditer(data)):
        if count == MAX_STREAMS:
            raise Rejected(f"it holds more than {MAX_STREAMS} streams (a hostile file?)")
        kw = match.start()
        if eol < match.end():  # the line the keyword is on ends here (as pdfminer reads it)
            found = _EOL.search(data, match.end())
            if found is None:
                return
            eol = found.start()
        start = eol + (2 if data[eol:eol + 2] == b"\r\n" else 1)
        # The dictionary is between the previous stream and this one (a window that
        # begins at the last ``obj`` could begin inside a string of the dictionary).
        lower = previous if previous <= kw else 0  # (a stream inside the previous one)
        truncated = kw - _WINDOW > lower
        head = data[max(lower, kw - _WINDOW):kw]
        end = len(data)
        lengths = []
        for m in _LENGTH.finditer(head):
            if m[2] is None:
                lengths.append(int(m[1]))
                continue
            if int_objects is None:
                int_objects = {(int(o[1]), int(o[2])): int(o[3])
                               for o in _INT_OBJECT.finditer(data)}
            value = int_objects.get((int(m[1]), int(m[2])))
            if value is not None:
                lengths.append(value)
        honest = [n for n in lengths if _ENDSTREAM.match(data, start + n)]
        if honest:
            end = start + max(honest)
        names = [_CANONICAL[m[1]] for m in _WRAPPER.finditer(head)]
        if truncated or _INDIRECT_FILTER.search(head):
            names += ["a85", "ahx", "rl"]  # the filters cannot be read: any may apply
        previous = end if kw < end < len(data) else kw
        yield kw, start, end, names


def _exact_end(data: bytes, start: int, end: int) -> int:
    """Where pdfminer stops reading an encrypted stream (exact /Length, or ``endstream``)."""
    if end < len(data):
        return end
    found = data.find(b"endstream", start)
    return found if found >= 0 else end


class _Raw:
    """A stream's raw bytes as chunks (small first: most streams are told by two bytes)."""

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self.view = memoryview(data)
        self.start, self.end = start, end
        self.read = 0

    def __iter__(self) -> Chunks:
        pos, size = self.start, 64
        while pos < self.end:
            piece = self.view[pos:min(pos + size, self.end)]
            pos += len(piece)
            self.read += len(piece)
            yield piece.tobytes()
            size = min(size * 2, CHUNK_IN)


# -- decoding, counted ----------------------------------------------------------------------

def _check(raw: _Raw, names: list[str], budget: _Budget) -> None:
    """Run one stream through every decoder that applies, level after level."""
    names = list(names)
    chunks: Chunks = iter(raw)
    for depth in itertools.count():
        head, chunks = _peek(chunks)
        decoder = _pick(head, names)
        if decoder is None:
            if depth:  # pull the last decoder's output through, to count it
                for _ in chunks:
                    pass
            break
        if depth == MAX_LEVELS:
            raise Rejected(f"a stream's filters are nested more than {MAX_LEVELS} deep "
                           "(a decompression bomb?)")
        chunks = decoder(chunks, budget)
    budget.read(max(0, raw.read - 64))


def _peek(chunks: Chunks, n: int = 64) -> tuple[bytes, Chunks]:
    taken: list[bytes] = []
    head = b""
    for chunk in chunks:
        taken.append(chunk)
        head += bytes(chunk[:n - len(head)])
        if len(head) >= n:
            break
    return head, itertools.chain(taken, chunks)


def _pick(head: bytes, names: list[str]) -> Callable[[Chunks, _Budget], Chunks] | None:
    if len(head) >= 2 and head[0] & 0x0F == 8 and head[0] >> 4 <= 7 \
            and (head[0] << 8 | head[1]) % 31 == 0:
        return _inflate
    if len(head) >= 2 and head[0] == 0x80 and not head[1] & 0x80:
        return _lzw
    for name in names:
        if name == "a85" and _A85_HEAD.fullmatch(head) and head.strip(_WS):
            decoder = _ascii85
        elif name == "ahx" and _AHX_HEAD.fullmatch(head) and head.strip(_WS):
            decoder = _asciihex
        elif name == "rl" and head:
            decoder = _runlength
        else:
            continue
        names.remove(name)  # each named filter applies once
        return decoder
    return None


def _inflate(chunks: Chunks, budget: _Budget) -> Chunks:
    """zlib, as pdfminer's ``zlib.decompress`` (and its fallback for a damaged stream) would
    read it, never more than CHUNK_OUT bytes at a time."""
    inflater = zlib.decompressobj()
    for chunk in chunks:
        pending = chunk
        while True:
            try:
                out = inflater.decompress(pending, CHUNK_OUT)
            except zlib.error:
                return
            if out:
                budget.spend(len(out))
                yield out
            if inflater.eof:
                return
            pending = inflater.unconsumed_tail
            if not pending and len(out) < CHUNK_OUT:
                break


def _lzw(chunks: Chunks, budget: _Budget) -> Chunks:
    """LZW exactly as pdfminer's decoder reads it (early change; the EOD code ignored, as
    pdfminer ignores it), except that the table stops growing where 12-bit codes can no
    longer reach it."""
    table: list[bytes] = []
    previous: bytes | None = None
    nbits, acc, held = 9, 0, 0
    out: list[bytes] = []
    size = 0
    for chunk in chunks:
        for byte in chunk:
            acc = (acc << 8) | byte
            held += 8
            if held < nbits:
                continue
            held -= nbits
            code = acc >> held
            acc &= (1 << held) - 1
            if code == 256:
                table = [bytes((c,)) for c in range(256)] + [b"", b""]
                previous, nbits = b"", 9
                continue
            if code == 257:
                continue
            if not previous:
                if code >= len(table) or code in (256, 257):
                    return  # pdfminer fails on this stream
                piece = previous = table[code]
            else:
                if code < len(table):
                    piece = table[code]
                    grown = previous + piece[:1]
                elif code == len(table):
                    piece = grown = previous + previous[:1]
                else:
                    return  # corrupt: pdfminer stops here
                if len(table) < 4096:
                    table.append(grown)
                    if len(table) in (511, 1023, 2047):
                        nbits += 1
                previous = piece
            out.append(piece)
            size += len(piece)
            if size >= CHUNK_OUT:
                budget.spend(size)
                yield b"".join(out)
                out, size = [], 0
    if out:
        budget.spend(size)
        yield b"".join(out)


def _runlength(chunks: Chunks, budget: _Budget) -> Chunks:
    """RunLengthDecode: a length byte, then 1-128 literal bytes or one byte repeated 2-128
    times; 128 ends the data."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        out = bytearray()
        i = 0
        while i < len(pending):
            length = pending[i]
            if length == 128:
                budget.spend(len(out))
                yield bytes(out)
                return
            need = length + 2 if length < 128 else 2
            if i + need > len(pending):
                break
            if length < 128:
                out += pending[i + 1:i + need]
            else:
                out += pending[i + 1:i + 2] * (257 - length)
            i += need
            if len(out) >= CHUNK_OUT:
                budget.spend(len(out))
                yield bytes(out)
                out = bytearray()
        pending = pending[i:]
        if out:
            budget.spend(len(out))
            yield bytes(out)


def _text_filter(chunks: Chunks, stop: bytes, prefix: bytes = b"") -> Iterator[bytes]:
    """The chunks without white space or a leading ``prefix``, up to the end-of-data mark."""
    first = True
    for chunk in chunks:
        text = chunk.translate(None, _WS)
        if first and text:
            first = False
            text = text.removeprefix(prefix)
        mark = text.find(stop)
        if mark >= 0:
            yield text[:mark]
            return
        yield text


def _ascii85(chunks: Chunks, budget: _Budget) -> Chunks:
    carry = b""
    for text in _text_filter(chunks, b"~", b"<~"):
        text = carry + text.replace(b"z", b"!!!!!")
        whole = len(text) - len(text) % 5
        carry = text[whole:]
        if whole:
            try:
                out = base64.a85decode(text[:whole])
            except ValueError:
                return
            budget.spend(len(out))
            yield out
    if carry:
        try:
            out = base64.a85decode(carry)
        except ValueError:
            return
        budget.spend(len(out))
        yield out


def _asciihex(chunks: Chunks, budget: _Budget) -> Chunks:
    carry = b""
    for text in _text_filter(chunks, b">"):
        text = carry + text
        whole = len(text) - len(text) % 2
        carry = text[whole:]
        try:
            out = binascii.unhexlify(text[:whole])
        except binascii.Error:
            return
        budget.spend(len(out))
        yield out
    if carry:
        try:
            out = binascii.unhexlify(carry + b"0")
        except binascii.Error:
            return
        budget.spend(len(out))
        yield out


# -- encrypted documents ------------------------------------------------------------------

Decrypt = Callable[[int, int, bytes], bytes]


def _decipher(data: bytes) -> tuple[Decrypt, list[tuple[int, int, int]]] | None:
    """How pdfminer decrypts the document's streams, and the objects' (offset, number,
    generation), when the document is encrypted and opens with the empty password (as
    pdfminer opens it)."""
    if b"/Encrypt" not in data:
        return None
    from pdfminer.pdfdocument import (
        PDFDocument,
        PDFStandardSecurityHandler,
        PDFStandardSecurityHandlerV4,
    )
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except Exception:  # pdfminer cannot open it: it reads no stream either
        return None
    handler = getattr(document.decipher, "__self__", None)
    if not isinstance(handler, PDFStandardSecurityHandler):
        return None
    decrypt: Decrypt | None = _rc4(handler.key or b"")
    if isinstance(handler, PDFStandardSecurityHandlerV4):
        method = handler.cfm.get(handler.stmf)
        name = getattr(method, "__name__", "")
        decrypt = method if name.startswith("decrypt_aes") else \
            decrypt if name == "decrypt_rc4" else None
    if decrypt is None:
        return None
    objects = []
    for xref in document.xrefs:
        for objid in _ids(xref.get_objids()):
            try:
                stream_id, offset, genno = xref.get_pos(objid)
            except (KeyError, IndexError, TypeError, ValueError):
                continue
            if stream_id is None:
                objects.append((offset, objid, genno))
    objects.sort()
    return decrypt, objects


def _rc4(file_key: bytes) -> Decrypt:
    """pdfminer's RC4 decryption (PDF 1.7, 7.6.2, algorithm 1), with a cipher written in C:
    pdfminer's own runs in Python, in time quadratic in the stream's size."""
    from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
    from cryptography.hazmat.primitives.ciphers import Cipher

    def decrypt(objid: int, genno: int, data: bytes) -> bytes:
        key = file_key + struct.pack("<L", objid)[:3] + struct.pack("<L", genno)[:2]
        key = hashlib.md5(key, usedforsecurity=False).digest()[:min(len(key), 16)]
        return Cipher(ARC4(key), mode=None).decryptor().update(data)

    return decrypt


def _ids(ids: Iterable[int]) -> Iterator[int]:
    with contextlib.suppress(Exception):  # a damaged cross-reference stream: what was read
        yield from ids
