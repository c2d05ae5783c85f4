"""Photos: allowlisted formats opened by Pillow under pixel limits, EXIF capture time, GPS,
camera and orientation read faithfully, and a small JPEG thumbnail; the original is kept
byte for byte and never altered."""

from __future__ import annotations

import io
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from PIL.ExifTags import GPS, IFD, Base
from sqlalchemy.orm import Session

from workbench.case import Case
from workbench.importers import exif_values, quiet_libtiff
from workbench.importers.intake import import_file
from workbench.importers.results import FileResult, ImportOptions, Limits, Rejected, one_line
from workbench.services.evidence import add_evidence_in

try:  # HEIC/HEIF from phones
    from pillow_heif import options as heif_options
    from pillow_heif import register_heif_opener

    register_heif_opener()
    # One decoding thread: each extra libde265 thread reserves its own stack and malloc
    # arena, and under memory pressure (a 512 MB address-space cap) a thread it could not
    # start made the whole process exit (status 127) instead of rejecting the file.
    heif_options.DECODE_THREADS = 1
    HEIF_AVAILABLE = True
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    HEIF_AVAILABLE = False
Image.init()  # register every plugin now, so the allowlist names (WEBP, HEIF) resolve
quiet_libtiff.silence()

# Pillow format name -> media type. MPO is how Pillow names multi-picture JPEGs (phones).
ALLOWED_FORMATS = {
    "JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff",
    "WEBP": "image/webp", "HEIF": "image/heif",
}
# What Image.open may try: MPO files are opened by the JPEG plugin.
OPENERS: list[str] = [name for name in ("JPEG", "PNG", "TIFF", "WEBP", "HEIF")
                      if name in Image.OPEN]
THUMBNAIL_EDGE = 256


@dataclass
class PhotoInfo:
    """What a photo says about itself; absent values stay None, with a note saying why."""

    format: str
    media_type: str
    width: int
    height: int
    orientation: int = 1
    captured_at: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    altitude: float | None = None
    camera_make: str = ""
    camera_model: str = ""
    notes: list[str] = field(default_factory=list)
    raw: dict[str, object] = field(default_factory=dict)
    thumbnail: bytes = b""


def _open(data: bytes, limits: Limits) -> Image.Image:
    kind = sniff(data)
    try:
        image = Image.open(io.BytesIO(data), formats=OPENERS)
    except Image.DecompressionBombError as exc:
        raise Rejected(f"decompression bomb refused ({one_line(str(exc), 120)})") from None
    except UnidentifiedImageError:
        if kind:
            raise Rejected(f"a damaged or unsupported {kind} file") from None
        raise Rejected("not a photo in an accepted format (JPEG, PNG, TIFF, WebP, "
                       "HEIC/HEIF)") from None
    except Exception as exc:  # fuzzed headers raise anything
        raise Rejected(f"a damaged {kind or 'image'} file ({type(exc).__name__}: "
                       f"{one_line(str(exc), 120)})") from None
    width, height = image.size
    if width <= 0 or height <= 0:
        raise Rejected(f"the image declares an impossible size {width}x{height}")
    if width * height > limits.max_pixels:
        raise Rejected(f"{width}x{height} pixels is above the limit of {limits.max_pixels} "
                       "(a decompression bomb, or raise the limit)")
    return image


def sniff(data: bytes) -> str:
    """The accepted format the first bytes announce, or "" (used for clearer reasons)."""
    head = data[:16]
    if head.startswith(b"\xff\xd8"):
        return "JPEG"
    if head.startswith(b"\x89PNG"):
        return "PNG"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp":
        return "HEIC/HEIF"
    return ""


def read_photo(data: bytes, limits: Limits | None = None) -> PhotoInfo:
    """Everything the importer keeps from a photo's bytes, read in memory.

    Raises Rejected with the reason when the file is outside the allowlist, too large, a
    decompression bomb, or its pixels cannot be decoded.
    """
    limits = limits or Limits()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = _open(data, limits)
        except Image.DecompressionBombWarning as exc:
            raise Rejected(f"decompression bomb refused ({one_line(str(exc), 120)})") from None
        with image:
            info = PhotoInfo(format=str(image.format), media_type=ALLOWED_FORMATS[
                str(image.format)], width=image.size[0], height=image.size[1])
            _read_exif(image, info)
            info.thumbnail = _thumbnail(image, info.orientation)
    for warning in caught:
        if not issubclass(warning.category, DeprecationWarning):
            info.notes.append(f"while reading: {one_line(str(warning.message), 160)}")
    return info


def _read_exif(image: Image.Image, info: PhotoInfo) -> None:
    try:
        exif = image.getexif()
    except Exception as exc:  # damaged EXIF must not lose the photo
        info.notes.append(f"EXIF unreadable ({type(exc).__name__}); metadata left absent")
        return
    if not exif:
        info.notes.append("no EXIF metadata")
        return
    sub = _ifd(exif, IFD.Exif, info)
    gps = _ifd(exif, IFD.GPSInfo, info)
    info.camera_make = exif_values.text(exif.get(Base.Make))
    info.camera_model = exif_values.text(exif.get(Base.Model))
    orientation = exif.get(Base.Orientation, 1)
    if orientation in range(1, 9):
        info.orientation = int(orientation)
    else:
        info.notes.append(f"orientation {exif_values.text(orientation)!r} is not a valid "
                          "value; treated as upright")
    info.captured_at, note = exif_values.capture_time(sub, exif)
    if note:
        info.notes.append(note)
    if gps:
        position, notes = exif_values.gps_position(gps)
        info.notes.extend(notes)
        if position is not None:
            info.latitude, info.longitude, info.altitude = position
    info.raw = {k: v for k, v in {
        "format": info.format,
        "mode": image.mode,
        "software": exif_values.text(exif.get(Base.Software)),
        "lens": exif_values.text(sub.get(0xA434)),
        "gps_datestamp": exif_values.text(gps.get(GPS.GPSDateStamp)) if gps else "",
    }.items() if v}


def _ifd(exif: Image.Exif, which: IFD, info: PhotoInfo) -> dict[int, object]:
    try:
        return dict(exif.get_ifd(which))
    except Exception as exc:  # a damaged sub-directory loses only itself
        info.notes.append(f"{which.name} metadata unreadable ({type(exc).__name__})")
        return {}


def _thumbnail(image: Image.Image, orientation: int) -> bytes:
    """A JPEG about THUMBNAIL_EDGE px on its long side, turned upright; decodes the pixels,
    so damaged image data is found here."""
    try:
        if image.format in ("JPEG", "MPO"):
            image.draft("RGB", (THUMBNAIL_EDGE * 2, THUMBNAIL_EDGE * 2))  # DCT scaling: fast
        image.load()
        frame = image.convert("RGB") if image.mode not in ("RGB", "L") else image.copy()
    except Image.DecompressionBombError as exc:
        raise Rejected(f"decompression bomb refused ({one_line(str(exc), 120)})") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise Rejected(f"image data is damaged or truncated ({one_line(str(exc), 120)})"
                       ) from None
    frame.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    transpose = _TRANSPOSE.get(orientation)
    if transpose is not None:
        frame = frame.transpose(transpose)
    out = io.BytesIO()
    frame.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def upright(image: Image.Image) -> Image.Image:
    """The image as it should be viewed (for the window's viewer); the original stays."""
    return ImageOps.exif_transpose(image) or image


def import_photo(case: Case, name: str, data: bytes, *, acquired_from: str = "",
                 options: ImportOptions | None = None, path: Path | None = None) -> FileResult:
    """Import one photo from its bytes: evidence item with original, thumbnail, metadata."""
    options = options or ImportOptions()
    source = acquired_from or options.acquired_from

    def store(session: Session, info: PhotoInfo, digest: str
              ) -> tuple[dict[str, list[int]], list[str]]:
        item = add_evidence_in(
            session, case.reviewer, kind="photo", original=data,
            original_name=Path(name).name, media_type=info.media_type, digest=digest,
            thumbnail=info.thumbnail, acquired_from=source, acquired_how="file import",
            captured_at=info.captured_at, latitude=info.latitude, longitude=info.longitude,
            altitude=info.altitude, camera_make=info.camera_make,
            camera_model=info.camera_model, orientation=info.orientation, width=info.width,
            height=info.height,
            metadata_json=json.dumps(info.raw, ensure_ascii=False, sort_keys=True,
                                     default=str),
            metadata_notes="\n".join(info.notes),
        )
        return {"evidence": [item.id]}, list(info.notes)

    return import_file(case, name, data, action="import photo", options=options,
                       parse=lambda raw: read_photo(raw, options.limits), store=store,
                       path=path)


__all__ = ["ALLOWED_FORMATS", "PhotoInfo", "import_photo", "read_photo", "upright"]
