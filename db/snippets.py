"""Snippets of search hits: a few words around the first match, the matches marked.

FTS5's own snippet() tokenizes the whole document of every hit to place its fragment: 50
interviews of 20 KB made that most of a search's time (about 1.6 ms a hit on the
benchmark's large case). Here the words are found in the text folded the way the index's
tokenizer folds it (lower case, Latin diacritics removed: unicode61 remove_diacritics 2),
character for character, so a match in the folded text is at the same place in the
original, and only the window around it is cut out and marked.
"""

from __future__ import annotations

import re
import unicodedata

WINDOW_WORDS = 16
_WORD = re.compile(r"\w+")


class _Fold(dict[int, str]):
    """str.translate table: each character to one folded character (filled on demand)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()
        folded = base if len(base) == 1 and not unicodedata.combining(base) else char
        self[code] = folded
        return folded


_FOLD = _Fold()


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_FOLD)


def pattern(words: list[str], prefix_last: bool) -> re.Pattern[str] | None:
    """A regex over folded text for the query's words (the last one a prefix, if so)."""
    if not words:
        return None
    parts = [re.escape(fold(w)) for w in words]
    whole = "|".join(parts[:-1] + ([] if prefix_last else parts[-1:]))
    alternatives = [f"(?:{whole})(?!\\w)"] if whole else []
    if prefix_last:
        alternatives.append(f"{parts[-1]}\\w*")
    return re.compile(f"(?<!\\w)(?:{'|'.join(alternatives)})")


def snippet(texts: list[str], found: re.Pattern[str] | None, marks: tuple[str, str],
            ellipsis: str = "…") -> str:
    """The window around the first match in the first of ``texts`` that has one (body,
    then title), matches marked; without a match, the start of the first non-empty text."""
    for source in texts:
        text = unicodedata.normalize("NFC", source)
        match = found.search(text.translate(_FOLD)) if found is not None else None
        if found is not None and match is not None:
            return _window(text, found, match.start(), marks, ellipsis)
    first = next((t for t in texts if t.strip()), "")
    words = first.split()
    return " ".join(words[:WINDOW_WORDS]) + (ellipsis if len(words) > WINDOW_WORDS else "")


def _window(text: str, found: re.Pattern[str], at: int, marks: tuple[str, str],
            ellipsis: str) -> str:
    lead = WINDOW_WORDS // 4  # words shown before the match; the rest after it
    before = [m.start() for m in _WORD.finditer(text, max(0, at - 400), at)][-lead:]
    start = before[0] if before else at
    after = list(_WORD.finditer(text, at, at + 1500))[:WINDOW_WORDS - len(before)]
    end = after[-1].end() if after else len(text)
    # Out to the spaces around: punctuation stuck to the first and last words stays.
    start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    end = min((i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0),
              default=len(text))
    piece = text[start:end]
    out, last = [], 0
    for m in found.finditer(piece.translate(_FOLD)):
        out += [piece[last:m.start()], marks[0], piece[m.start():m.end()], marks[1]]
        last = m.end()
    out.append(piece[last:])
    marked = " ".join("".join(out).split())
    return ((ellipsis if text[:start].strip() else "") + marked
            + (ellipsis if text[end:].strip() else ""))
