"""Photos for exports: new images made from pixels, never the original file's bytes.

Redaction regions are burned into the pixels at full resolution (solid fill, or a blur made
by pixelating to a few blocks and smoothing, so nothing in the region stays legible), then
the picture is downscaled to about 200 dpi at the size it is printed and saved as a fresh
JPEG with no EXIF, XMP, IPTC, ICC profile or comment.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageOps

# The printed area of a photo in the report (16 cm x 20 cm) at about 200 dpi.
MAX_EDGE = (1260, 1575)
MAX_PIXELS = 100_000_000
BLUR_BLOCKS = 6  # a blurred region keeps at most this many blocks across its longer side
_REGION_MARGIN = 0.01  # grow each region a little: a face at the edge stays covered


@dataclass(frozen=True)
class Region:
    """A rectangle in fractions of the upright image's width and height."""

    x: float
    y: float
    w: float
    h: float
    style: str = "fill"

    def box(self, width: int, height: int) -> tuple[int, int, int, int]:
        m = _REGION_MARGIN
        left = max(0, int((self.x - m) * width))
        top = max(0, int((self.y - m) * height))
        right = min(width, round((self.x + self.w + m) * width))
        bottom = min(height, round((self.y + self.h + m) * height))
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
            upright = ImageOps.exif_transpose(img) or img
            return upright.convert("RGB")
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


def burn(image: Image.Image, regions: Sequence[Region]) -> Image.Image:
    """A copy with every region made unreadable."""
    out = image.copy()
    for region in regions:
        box = region.box(*out.size)
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
    return out


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


def clean_jpeg(image: Image.Image, quality: int = 85) -> bytes:
    """A JPEG made from the pixels alone: a new image carries no metadata to copy."""
    fresh = Image.frombytes("RGB", image.size, image.convert("RGB").tobytes())
    out = io.BytesIO()
    fresh.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def publishable_photo(original: bytes, regions: Sequence[Region], *, redact: bool = True,
                      max_edge: tuple[int, int] = MAX_EDGE) -> tuple[bytes, int, int]:
    """(JPEG bytes, width, height) of the photo as an export may carry it."""
    image = _open_upright(original, max_edge)
    image = burn(image, regions) if redact else outline(image, regions)
    image.thumbnail(max_edge, Image.Resampling.LANCZOS)
    return clean_jpeg(image), image.size[0], image.size[1]


def jpeg_segments(data: bytes) -> list[int]:
    """The marker bytes of a JPEG's header segments (APPn = 0xE0..0xEF, COM = 0xFE)."""
    markers, i = [], 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xDA:  # start of scan: the header is over
            break
        markers.append(marker)
        i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    return markers


__all__ = ["Region", "UnreadablePhoto", "burn", "clean_jpeg", "jpeg_segments",
           "publishable_photo"]
