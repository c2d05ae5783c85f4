"""Marked excerpts in the notes: their highlights (coloured by stance) and the list beside
the notes; and the conversion between Python string indexes (the core's excerpt bounds)
and Qt text positions (UTF-16)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPlainTextEdit, QTextEdit

from workbench.queries.interviews import InterviewDetail

EXCERPT_ROLE = Qt.ItemDataRole.UserRole
STANCE_COLOURS = {"supports": "#fff1b8", "contradicts": "#f9d0d0", "context": "#dbe8f7"}


def utf16(text: str, index: int) -> int:
    """A Python string index as a Qt (UTF-16) text position."""
    return len(text[:index].encode("utf-16-le")) // 2


def from_utf16(text: str, position: int) -> int:
    return len(text.encode("utf-16-le")[: position * 2].decode("utf-16-le", "ignore"))


def highlights(notes: QPlainTextEdit,
               detail: InterviewDetail) -> list[QTextEdit.ExtraSelection]:
    """The marked excerpts as coloured spans of ``notes`` (the stance of their first link)."""
    text = detail.notes_text
    marks = []
    for excerpt in detail.excerpts:
        stance = excerpt.links[0].stance if excerpt.links else "context"
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(STANCE_COLOURS.get(stance, "#fff1b8")))
        cursor = QTextCursor(notes.document())
        cursor.setPosition(utf16(text, excerpt.start))
        cursor.setPosition(utf16(text, excerpt.end), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        marks.append(selection)
    return marks


def fill_excerpt_list(widget: QListWidget, detail: InterviewDetail,
                      tr: Callable[[str], str]) -> None:
    """One item per excerpt: the quote, then each event it is linked to with its stance."""
    widget.blockSignals(True)
    widget.clear()
    for excerpt in detail.excerpts:
        quote = excerpt.text if len(excerpt.text) <= 140 else excerpt.text[:139] + "…"
        links = "\n".join(f"→ {link.event_title} ({tr(link.stance)})"
                          for link in excerpt.links) or tr("→ not linked")
        item = QListWidgetItem(f"“{quote}”\n{links}")
        item.setData(EXCERPT_ROLE, excerpt.id)
        item.setToolTip(tr("Click: show the passage. Double-click: open its event."))
        widget.addItem(item)
    widget.blockSignals(False)
