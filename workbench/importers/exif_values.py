"""EXIF values turned into honest data: a value that makes no sense is left absent, and the
note says why (a date of 1999:99:99, NaN or out-of-range coordinates, a clock in the future)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping

from PIL.ExifTags import GPS, Base

DATETIME_ORIGINAL, DATETIME_DIGITIZED = 0x9003, 0x9004
OFFSET_TIME, OFFSET_TIME_ORIGINAL = 0x9010, 0x9011
EARLIEST_PLAUSIBLE_YEAR = 1900
_EXIF_TIME = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


def text(value: object) -> str:
    """A printable EXIF string (bytes decoded, NULs and padding stripped)."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).replace("\x00", "").strip()


def capture_time(exif_ifd: Mapping[int, object], base: Mapping[int, object],
                 now: dt.datetime | None = None) -> tuple[str | None, str]:
    """ISO capture time (with its UTC offset when the camera wrote one), or None and why."""
    raw, offset_raw, source = text(exif_ifd.get(DATETIME_ORIGINAL)), \
        text(exif_ifd.get(OFFSET_TIME_ORIGINAL)), "DateTimeOriginal"
    if not raw:
        raw, offset_raw = text(exif_ifd.get(DATETIME_DIGITIZED)), ""
        source = "DateTimeDigitized"
    if not raw:
        raw, offset_raw, source = text(base.get(Base.DateTime)), \
            text(exif_ifd.get(OFFSET_TIME)), "DateTime"
    if not raw:
        return None, "no capture time in the metadata"
    match = _EXIF_TIME.match(raw)
    if not match:
        return None, f"capture time {raw!r} ({source}) is not a date; left absent"
    try:
        y, mo, d, h, mi, sec = (int(g) for g in match.groups())
        moment = dt.datetime(y, mo, d, h, mi, sec)
    except ValueError:
        return None, f"capture time {raw!r} ({source}) is not a real date; left absent"
    if moment.year < EARLIEST_PLAUSIBLE_YEAR:
        return None, f"capture time {raw!r} ({source}) is implausibly early; left absent"
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if moment > now + dt.timedelta(days=1):  # a day covers any time zone
        return None, (f"capture time {raw!r} ({source}) is in the future: the camera clock "
                      "was wrong; left absent")
    iso = moment.isoformat()
    offset_match = _OFFSET.match(offset_raw)
    if offset_match and int(offset_match[2]) <= 14 and int(offset_match[3]) < 60:
        return iso + offset_raw, ""
    if offset_raw:
        return iso, f"time zone offset {offset_raw!r} is not valid; capture time kept as local"
    return iso, ""


def _number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]  # IFDRational, int, float
    except (TypeError, ValueError, ZeroDivisionError):
        return math.nan


def _degrees(value: object) -> float:
    """Degrees from EXIF's (degrees, minutes, seconds) rationals, or from one number."""
    if isinstance(value, tuple | list):
        parts = [_number(v) for v in value]
        if not parts or len(parts) > 3:
            return math.nan
        parts += [0.0] * (3 - len(parts))
        d, m, s = parts
        if min(d, m, s) < 0 or m >= 60 or s >= 60 + 1e-6:
            return math.nan
        return d + m / 60 + s / 3600
    return _number(value)


def _ref(value: object) -> str:
    return text(value).upper()[:1]


def gps_position(gps: Mapping[int, object]
                 ) -> tuple[tuple[float, float, float | None] | None, list[str]]:
    """(latitude, longitude, altitude) in decimal degrees and metres, or None; and notes."""
    notes: list[str] = []
    if GPS.GPSLatitude not in gps or GPS.GPSLongitude not in gps:
        return None, ["no GPS position in the metadata"] if gps else []
    lat, lon = _degrees(gps[GPS.GPSLatitude]), _degrees(gps[GPS.GPSLongitude])
    lat_ref, lon_ref = _ref(gps.get(GPS.GPSLatitudeRef)), _ref(gps.get(GPS.GPSLongitudeRef))
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None, ["GPS coordinates are not numbers (NaN or a zero denominator); left "
                      "absent"]
    if lat_ref not in ("N", "S") or lon_ref not in ("E", "W"):
        # Without the hemisphere the sign is a guess, and a guess would be a wrong place.
        return None, [f"GPS hemisphere missing or invalid ({lat_ref or '-'}, "
                      f"{lon_ref or '-'}); position left absent"]
    lat = -lat if lat_ref == "S" else lat
    lon = -lon if lon_ref == "W" else lon
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, [f"GPS coordinates out of range ({lat:.5f}, {lon:.5f}); left absent"]
    if lat == 0 and lon == 0:
        return None, ["GPS position 0, 0 is what receivers write without a fix; left absent"]
    altitude: float | None = None
    if GPS.GPSAltitude in gps:
        alt = _number(gps[GPS.GPSAltitude])
        alt_ref = gps.get(GPS.GPSAltitudeRef, 0)
        below = alt_ref in (1, b"\x01", "\x01", "1")
        if math.isfinite(alt) and -12_000 <= alt <= 100_000:
            altitude = -alt if below else alt
        else:
            notes.append(f"GPS altitude {text(gps[GPS.GPSAltitude])!r} is not plausible; "
                         "left absent")
    return (lat, lon, altitude), notes
