"""Silence libtiff's own messages: a damaged TIFF makes the libtiff that Pillow bundles
print hundreds of lines ("TIFFFetchNormalTag: ...") straight to the terminal, beside our
one-line rejection. Pillow still sees the error codes; only the printing goes.

libtiff keeps its warning and error handlers as process globals, so setting them to NULL on
the copy Pillow has already loaded (same path -> same handle) quiets every later decode.
Best effort: where the library cannot be found (another platform's wheel layout), nothing
changes and the messages stay.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import PIL

_done = False


def _candidates() -> list[Path]:
    root = Path(PIL.__file__).resolve().parent
    found = []
    for folder in (root.parent / "pillow.libs", root / ".dylibs"):
        if folder.is_dir():
            found += sorted(folder.glob("libtiff*"))
    return found


def silence() -> bool:
    """Turn off libtiff's printing once per process; True if it was found."""
    global _done
    if _done:
        return True
    for path in _candidates():
        try:
            lib = ctypes.CDLL(str(path))
            lib.TIFFSetWarningHandler(None)
            lib.TIFFSetErrorHandler(None)
        except (OSError, AttributeError):
            continue
        _done = True
        return True
    return False
