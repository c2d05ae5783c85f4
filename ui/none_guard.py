"""Keep ``None`` alive under PySide6 6.12 on Python 3.11.

PySide6 6.12's wheels return ``None`` from void methods without taking a reference (on
Python 3.12+ ``None`` is immortal, PEP 683, so that is harmless there). On 3.11 every
``painter.fillRect(...)``, ``color.setAlpha(...)``, ``painter.setPen(...)``... lowers
``None``'s reference count by one, and after some thousands of calls (a chart repainting
100,000 events, a long session) CPython aborts with "none_dealloc: deallocating None".
Raising the count far out of reach makes ``None`` as good as immortal, which is what the
wheels assume. Nothing happens on 3.12 and later.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # a trillion void calls


def protect_none() -> None:
    if sys.version_info >= (3, 12) or getattr(protect_none, "done", False):
        return
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field
    refcount.value += _HEADROOM
    protect_none.done = True  # type: ignore[attr-defined]
