"""A passphrase strength hint from length and variety alone (no word lists, no network).

It is a hint, not a guarantee: it rewards length most, because four or more random words
beat a short string of symbols, and it punishes repetition.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass


@dataclass(frozen=True)
class Strength:
    level: str  # "empty", "weak", "fair", "strong"
    bits: float
    hint: str


def passphrase_strength(text: str) -> Strength:
    if not text:
        return Strength("empty", 0.0, "Use four or more random words, or 16+ characters.")
    pool = 0
    if any(c in string.ascii_lowercase for c in text):
        pool += 26
    if any(c in string.ascii_uppercase for c in text):
        pool += 26
    if any(c in string.digits for c in text):
        pool += 10
    if any(c == " " for c in text):
        pool += 1
    if any(not c.isascii() or (c in string.punctuation) for c in text):
        pool += 33
    pool = max(pool, 10)
    # Repeated characters add little: count each distinct character at full weight, the
    # rest at a quarter.
    distinct = len(set(text))
    effective = distinct + (len(text) - distinct) / 4
    bits = effective * math.log2(pool)
    if len(text) < 8 or bits < 45:
        return Strength("weak", bits, "Weak: make it longer; four or more random words "
                                      "work well.")
    if bits < 75:
        return Strength("fair", bits, "Fair: a few more characters or another word would "
                                      "make it strong.")
    return Strength("strong", bits, "Strong.")
