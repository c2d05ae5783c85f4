"""Small pieces shared by the evidence, findings, action plan, grievance and audit views:
a view header, section titles, locale-aware dates, and an undoable audited write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.style import ACCENT, LINE, MUTED
from ui.undo import ServiceCommand
from ui.views.registry import CaseView
from workbench.case import Case
from workbench.changes import Changes

Write = Callable[[Case], Changes]
DATE_FORMAT = "d MMM yyyy"  # month names in the window's language, never ambiguous

VIEW_STYLE = f"""
#viewHeader {{ background: white; border-bottom: 1px solid {LINE}; }}
#viewTitle {{ font-size: 15pt; font-weight: 600; }}
#viewSubtitle {{ color: {MUTED}; }}
#sectionTitle {{ color: {MUTED}; font-size: 9pt; font-weight: 700; }}
#card {{ background: white; border: 1px solid {LINE}; border-radius: 6px; }}
#banner {{ background: #fde7e4; color: #8c1d18; border: 1px solid #f0b4ad;
          border-radius: 4px; padding: 8px 12px; font-weight: 600; }}
#okBanner {{ background: #e5f3e8; color: #1e6b34; border: 1px solid #b5dbbf;
            border-radius: 4px; padding: 6px 12px; }}
QListWidget, QTableView, QTreeView, QPlainTextEdit, QTextBrowser {{
    background: white; border: 1px solid {LINE}; border-radius: 4px; }}
QTableView, QTreeView {{ alternate-background-color: #f8f9fb; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border-radius: 4px;
                      padding: 5px 14px; font-weight: 600; }}
"""


def tr(text: str) -> str:
    return QCoreApplication.translate("Workbench", text)


def section(title: str) -> QLabel:
    label = QLabel(tr(title).upper())
    label.setObjectName("sectionTitle")
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return label


def header(title: str, subtitle: QLabel, actions: list[QWidget] | None = None) -> QFrame:
    """The white band atop a view: its title, a line about what it shows, and buttons."""
    frame = QFrame()
    frame.setObjectName("viewHeader")
    row = QHBoxLayout(frame)
    row.setContentsMargins(24, 14, 24, 12)
    box = QVBoxLayout()
    box.setSpacing(2)
    label = QLabel(tr(title))
    label.setObjectName("viewTitle")
    subtitle.setObjectName("viewSubtitle")
    subtitle.setWordWrap(True)
    box.addWidget(label)
    box.addWidget(subtitle)
    row.addLayout(box, 1)
    for widget in actions or []:
        row.addWidget(widget, 0, Qt.AlignmentFlag.AlignBottom)
    return frame


def card(layout_widget: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    box = QVBoxLayout(frame)
    box.setContentsMargins(10, 8, 10, 8)
    box.addWidget(layout_widget)
    return frame


def show_date(text: str) -> str:
    """An ISO date (or date-time) in the window's locale; partial dates stay as written."""
    if not text:
        return ""
    locale = QLocale()
    if len(text) == 10:
        d = QDate.fromString(text, Qt.DateFormat.ISODate)
        return locale.toString(d, DATE_FORMAT) if d.isValid() else text
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    qdt = QDateTime(QDate(moment.year, moment.month, moment.day),
                    QTime(moment.hour, moment.minute, moment.second))
    return locale.toString(qdt, DATE_FORMAT + " HH:mm")


def number(value: int | float) -> str:
    return QLocale().toString(value)


def fill_combo(combo: QComboBox, values: list[str], *, any_label: str = "Any",
               translate: bool = True) -> None:
    """Items show translated words; their data keeps the stored value ('' = any)."""
    current = combo.currentData()
    combo.setProperty("translatable", translate)  # ui/i18n.py retranslates its items
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(tr(any_label), "")
    for v in values:
        combo.addItem(tr(v) if translate else v, v)
    index = combo.findData(current)
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(False)


def write(view: CaseView, case: Case, text: str, apply: Write, revert: Write | None = None,
          on_done: Callable[[Changes], None] | None = None) -> None:
    """An audited write started from ``view``: through the window's undo stack when there
    is one (so Edit > Undo reverts it with another audited write), else straight to the
    runner."""
    stack = view.undo_stack
    if stack is not None and revert is not None:
        command = ServiceCommand(text, apply=lambda c, _ids: apply(c),
                                 revert=lambda c, _ids: revert(c))
        stack.perform(command, source=view, on_done=on_done)
        return
    view.runner.run_op(lambda: apply(case), on_done=on_done, parent=view)
