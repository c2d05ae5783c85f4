"""Replace protected names and aliases in free text: whole words, case- and accent-blind.

Matching runs on a folded copy of the text (``actors.fold`` per character) that keeps a map
back to the original positions, so the replacement lands on the original span whatever its
accents, case, line breaks or punctuation between the words of a multi-word name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.services.actors import fold


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        piece = " " if ch.isspace() else fold(ch)
        out.append(piece)
        where.extend([i] * len(piece))
    return "".join(out), where


def name_pattern(name: str) -> str | None:
    """Regex (on folded text) for a name: its words in order, any non-word run between."""
    words = [w for w in re.split(r"[\W_]+", fold(name)) if w]
    if not words:
        return None
    return r"[\W_]+".join(re.escape(w) for w in words)


@dataclass(frozen=True)
class NameRule:
    """Every spelling in ``names`` becomes ``replacement``."""

    names: tuple[str, ...]
    replacement: str


class NameRedactor:
    """Replaces every protected spelling with its code, longest spelling first."""

    def __init__(self, rules: Iterable[NameRule]) -> None:
        spellings: dict[str, str] = {}
        for rule in rules:
            for name in rule.names:
                pattern = name_pattern(name)
                if pattern and pattern not in spellings:
                    spellings[pattern] = rule.replacement
        # Longest first, so "Rosa Quispe Mamani" wins over "Rosa Quispe" at the same place.
        ordered = sorted(spellings, key=lambda p: (-len(p), p))
        self._replacement = spellings
        self._patterns = [re.compile(p) for p in ordered]
        # A name ends where letters and digits end: an underscore around it (Markdown
        # emphasis, _Rosa Quispe_, or a file name) does not hide it.
        self._regex = (re.compile(r"(?<![^\W_])(?:" + "|".join(f"({p})" for p in ordered)
                                  + r")(?![^\W_])") if ordered else None)
        self._ordered = ordered

    def __bool__(self) -> bool:
        return self._regex is not None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, replacement) spans in the original text."""
        if self._regex is None or not text:
            return []
        folded, where = fold_with_map(text)
        spans = []
        for match in self._regex.finditer(folded):
            group = match.lastindex or 1
            replacement = self._replacement[self._ordered[group - 1]]
            start = where[match.start()]
            end = where[match.end() - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1  # a decomposed accent on the last letter belongs to the name
            spans.append((start, end, replacement))
        return spans

    def redact(self, text: str) -> str:
        spans = self.find(text)
        if not spans:
            return text
        out, last = [], 0
        for start, end, replacement in spans:
            out.append(text[last:start])
            out.append(replacement)
            last = end
        out.append(text[last:])
        return "".join(out)


__all__ = ["NameRedactor", "NameRule", "fold_with_map", "name_pattern"]
