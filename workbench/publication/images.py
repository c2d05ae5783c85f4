"""Photos for exports: new images made from pixels, never the original file's bytes.

The picture is decoded (at a reduced DCT scale when far larger than needed), downscaled to
about 200 dpi at the size it is printed, its redaction regions are burned into the pixels
(solid fill, or a blur made by pixelating to a few blocks and smoothing, so nothing in the
region stays legible; grown by the resampling kernel's reach, see ``_KERNEL_REACH``), and
it is saved as a fresh JPEG with no EXIF, XMP, IPTC, ICC profile or comment.

``recipe_key`` names everything that determines those pixels, so that a prepared copy kept
in the case (workbench/publication/prepared.py) is reused only for the same inputs.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageOps

# The printed area of a photo in the report (16 cm x 20 cm) at about 200 dpi.
MAX_EDGE = (1260, 1575)
MAX_PIXELS = 100_000_000
BLUR_BLOCKS = 6  # a blurred region keeps at most this many blocks across its longer side
_REGION_MARGIN = 0.01  # grow each region a little: a face at the edge stays covered
# Downscaling filter. Hamming has the support of bilinear (1 output pixel) but is sharper;
# at the ratios left after DCT scaling (1 to 2) it stays within JPEG q85's own error of
# Lanczos (PSNR 39-54 dB against it on the EXIF sample photos), at half its cost
# (1600x1200 -> 1260x945: about 24 ms against 45 ms).
_RESAMPLE = Image.Resampling.HAMMING
_RESAMPLE_SUPPORT = 1.0  # in output pixels (Pillow scales the kernel to the output grid)
# Regions are burned after downscaling, so an output pixel just outside a burned box could
# hold a weighted share of pixels inside the region. Pillow's resampling gives output pixel
# i the input pixels within (support + 0.5) of its centre in output units; with the box
# corners rounded on both grids (up to 1 pixel each), every output pixel that received any
# share of an input pixel inside the region lies within support + 2 pixels of the box
# computed on the output. Growing the box by that reach makes burning after downscaling
# hide at least what burning before it did, whatever the margin (a 64-pixel-wide panorama
# strip has a margin of less than one pixel). One resampling pass only (no reducing_gap):
# the bound holds for exactly that pass.
_KERNEL_REACH = int(_RESAMPLE_SUPPORT) + 2
JPEG_QUALITY = 85
# Bump when this module would make different pixels (or bytes) from the same inputs: every
# prepared copy in every case then misses and is made again at its next export.
PREPARATION_VERSION = 2


@dataclass(frozen=True)
class Region:
    """A rectangle in fractions of the upright image's width and height."""

    x: float
    y: float
    w: float
    h: float
    style: str = "fill"

    def box(self, width: int, height: int, grow: int = 0) -> tuple[int, int, int, int]:
        """The region's pixels with its margin, and ``grow`` pixels more on every side."""
        m = _REGION_MARGIN
        left = max(0, int((self.x - m) * width) - grow)
        top = max(0, int((self.y - m) * height) - grow)
        right = min(width, round((self.x + self.w + m) * width) + grow)
        bottom = min(height, round((self.y + self.h + m) * height) + grow)
        return left, top, max(right, left + 1), max(bottom, top + 1)


class UnreadablePhoto(ValueError):
    """The stored original cannot be decoded as an image."""


def _open_upright(original: bytes, max_edge: tuple[int, int] = MAX_EDGE) -> Image.Image:
    # HEIC originals need pillow-heif's opener, registered by the photo importer's module
    # (no longer loaded when the window starts; see importers.batch).
    from workbench.importers import photos  # noqa: F401
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(original)) as img:
            _draft(img, max_edge)
            img.load()
            # In place, and no conversion of what is RGB already: each copy of a 2 MP
            # photo costs about 2.5 ms of an export's preparation (30 ms in all).
            ImageOps.exif_transpose(img, in_place=True)
            return img if img.mode == "RGB" else img.convert("RGB")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise UnreadablePhoto(str(exc).split("\n")[0]) from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def _draft(img: Image.Image, max_edge: tuple[int, int]) -> None:
    """Let a JPEG decode at a reduced scale (DCT scaling) when it is far above the page
    size: no larger than needed for the final size, which is all an export keeps."""
    if img.format != "JPEG":
        return
    width, height = img.size
    if img.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # stored on its side
        width, height = height, width
    scale = min(max_edge[0] / width, max_edge[1] / height, 1.0)
    wanted = (int(width * scale) + 1, int(height * scale) + 1)
    if img.getexif().get(0x0112, 1) in (5, 6, 7, 8):
        wanted = (wanted[1], wanted[0])
    img.draft("RGB", wanted)


def burn(image: Image.Image, regions: Sequence[Region], *, grow: int = 0) -> Image.Image:
    """A copy with every region made unreadable (``grow``: see ``Region.box``)."""
    out = image.copy()
    _burn_in_place(out, regions, grow)
    return out


def _burn_in_place(out: Image.Image, regions: Sequence[Region], grow: int) -> None:
    for region in regions:
        box = region.box(*out.size, grow)
        if region.style == "blur":
            patch = out.crop(box)
            w, h = patch.size
            scale = BLUR_BLOCKS / max(w, h)
            small = patch.resize((max(1, round(w * scale)), max(1, round(h * scale))),
                                 Image.Resampling.BOX)
            blocky = small.resize((w, h), Image.Resampling.NEAREST)
            radius = max(w, h) / BLUR_BLOCKS
            out.paste(blocky.filter(ImageFilter.GaussianBlur(radius)), box[:2])
        else:
            ImageDraw.Draw(out).rectangle((box[0], box[1], box[2] - 1, box[3] - 1),
                                          fill=(0, 0, 0))


def outline(image: Image.Image, regions: Sequence[Region]) -> Image.Image:
    """For the team's report: show where redaction will fall, without hiding anything."""
    out = image.copy()
    draw = ImageDraw.Draw(out)
    width = max(2, out.size[0] // 300)
    for region in regions:
        box = region.box(*out.size)
        draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), outline=(220, 30, 30),
                       width=width)
    return out


def clean_jpeg(image: Image.Image, quality: int = JPEG_QUALITY) -> bytes:
    """A JPEG made from the pixels alone: a new image carries no metadata to copy.

    Baseline Huffman tables (no ``optimize``): optimising costs a second pass over the
    coefficients (about 3x the entropy coding time) for files some 10 % smaller."""
    fresh = Image.new("RGB", image.size)  # no info, no EXIF, no ICC: pixels only
    fresh.paste(image if image.mode == "RGB" else image.convert("RGB"))
    out = io.BytesIO()
    fresh.save(out, "JPEG", quality=quality)
    return out.getvalue()


def _downscale(image: Image.Image, max_edge: tuple[int, int]) -> bool:
    """Shrink in place to fit ``max_edge``; True if it was resampled."""
    before = image.size
    image.thumbnail(max_edge, _RESAMPLE, reducing_gap=None)
    return image.size != before


def publishable_photo(original: bytes, regions: Sequence[Region], *, redact: bool = True,
                      max_edge: tuple[int, int] = MAX_EDGE) -> tuple[bytes, int, int]:
    """(JPEG bytes, width, height) of the photo as an export may carry it."""
    image = _open_upright(original, max_edge)
    resampled = _downscale(image, max_edge)
    if redact:
        _burn_in_place(image, regions, _KERNEL_REACH if resampled else 0)
    else:
        image = outline(image, regions)
    return clean_jpeg(image), image.size[0], image.size[1]


def recipe_key(original_sha256: str, regions: Sequence[Region], *, redact: bool = True,
               max_edge: tuple[int, int] = MAX_EDGE) -> str:
    """SHA-256 of everything ``publishable_photo`` makes its pixels from: the original (by
    its intake hash), the regions in order with their styles, redact or outline, the size,
    and this module's version and constants. Equal keys, equal pixels."""
    recipe = {
        "version": PREPARATION_VERSION, "margin": _REGION_MARGIN, "blur_blocks": BLUR_BLOCKS,
        "resample": _RESAMPLE.name, "reach": _KERNEL_REACH, "quality": JPEG_QUALITY,
        "original": original_sha256, "redact": redact, "max_edge": list(max_edge),
        "regions": [[r.x, r.y, r.w, r.h, r.style] for r in regions],
    }
    canonical = json.dumps(recipe, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class JpegSegment:
    marker: int  # 0xE0..0xEF APPn, 0xFE COM, 0xDA SOS, 0xDB DQT ...
    offset: int  # of its 0xFF
    payload: bytes  # after the length field


@dataclass(frozen=True)
class JpegLayout:
    """Every marker segment of a JPEG, read without decoding a pixel."""

    segments: list[JpegSegment]
    trailing: int  # bytes after the end-of-image marker
    problem: str = ""  # why the walk stopped early (not a well-formed JPEG)


# In entropy-coded data, 0xFF is followed by 0x00 (a stuffed byte), 0xD0..0xD7 (a restart
# marker) or more 0xFF (fill); anything else is the next marker.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def jpeg_layout(data: bytes) -> JpegLayout:
    """Walk all of a JPEG's segments: the header, and those between and after the scans
    (a progressive JPEG has several scans, and metadata may sit between them), up to the
    end-of-image marker; ``trailing`` counts what follows it."""
    if data[:2] != b"\xff\xd8":
        return JpegLayout([], 0, "no start-of-image marker")
    segments: list[JpegSegment] = []
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            return JpegLayout(segments, 0, f"no marker at byte {i}")
        start = i
        while i < n and data[i] == 0xFF:  # fill bytes may precede a marker
            i += 1
        if i >= n:
            break
        marker = data[i]
        i += 1
        if marker == 0xD9:  # end of image
            return JpegLayout(segments, n - i)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # restart, TEM: no length
            continue
        if i + 2 > n:
            break
        length = int.from_bytes(data[i:i + 2], "big")
        if length < 2 or i + length > n:
            return JpegLayout(segments, 0, f"segment at byte {start} runs past the end")
        segments.append(JpegSegment(marker, start, data[i + 2:i + length]))
        i += length
        if marker == 0xDA:  # a scan: its entropy-coded data runs to the next marker
            found = _NEXT_MARKER.search(data, i)
            if found is None:
                break
            i = found.start()
    return JpegLayout(segments, 0, "no end-of-image marker")


def jpeg_segments(data: bytes) -> list[int]:
    """The marker bytes of all of a JPEG's segments (APPn = 0xE0..0xEF, COM = 0xFE)."""
    return [segment.marker for segment in jpeg_layout(data).segments]


__all__ = ["JpegLayout", "JpegSegment", "Region", "UnreadablePhoto", "burn", "clean_jpeg",
           "jpeg_layout", "jpeg_segments", "publishable_photo", "recipe_key"]
