"""Search the whole case: results grouped by type, each with its snippet and the matched
words highlighted; Enter (or a double click) opens the item in its view."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QKeyEvent,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.tasks import TaskRunner
from ui.views.registry import CaseView, register
from workbench.case import Case
from workbench.changes import Changes
from workbench.queries.search_hints import suggested_queries
from workbench.search import Hit, search

OPEN, CLOSE = "\x02", "\x03"  # match marks from the index; never in case text
KIND_ROLE = Qt.ItemDataRole.UserRole
REF_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_TITLES = {"event": "Events", "interview": "Interviews", "excerpt": "Excerpts",
               "evidence": "Evidence", "finding": "Findings",
               "recommendation": "Recommendations"}
LIMIT = 200


def highlighted(snippet: str) -> str:
    """The snippet as HTML, the matched words marked."""
    return html.escape(snippet).replace(OPEN, '<span style="background:#ffe28a">') \
        .replace(CLOSE, "</span>")


def plain(snippet: str) -> str:
    return snippet.replace(OPEN, "").replace(CLOSE, "")


class SnippetDelegate(QStyledItemDelegate):
    """Draws a hit as its title (bold) over its snippet with the matches highlighted."""

    def _document(self, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(4)
        doc.setHtml(index.data(HTML_ROLE) or html.escape(index.data() or ""))
        width = option.rect.width()
        view = option.widget
        if width <= 0 and isinstance(view, QTreeView):  # sizeHint: no rect yet
            width = view.viewport().width() - 2 * view.indentation()
        doc.setTextWidth(max(200, width))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if index.data(HTML_ROLE) is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor("#1d232b"))
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.data(HTML_ROLE) is None:
            return super().sizeHint(option, index)
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2)


class ResultTree(QTreeView):
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class SearchView(CaseView):
    OPENS = ()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("searchView")
        self.case: Case | None = None
        self._generation = 0
        self.query = ""
        title = QLabel(self.tr("Search"))
        title.setObjectName("caseTitle")
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(self.tr("Words to find in events, interviews, excerpts, "
                                              "evidence, findings…"))
        self.field.setClearButtonEnabled(True)
        self.field.returnPressed.connect(lambda: self.run_search(self.field.text()))
        self.summary = QLabel()
        self.summary.setObjectName("caseSubtitle")
        self.summary.setWordWrap(True)
        self.summary.linkActivated.connect(self.run_search)
        header = QFrame()
        header.setObjectName("viewHeader")
        top = QVBoxLayout(header)
        top.setContentsMargins(20, 12, 20, 10)
        row = QHBoxLayout()
        row.addWidget(title)
        row.addSpacing(16)
        row.addWidget(self.field, 1)
        top.addLayout(row)
        top.addWidget(self.summary)

        self.model = QStandardItemModel(self)
        self.tree = ResultTree()
        self.tree.setObjectName("searchResults")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setItemDelegate(SnippetDelegate(self.tree))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setStyleSheet("QTreeView::item { padding: 2px 0; }"
                                "QTreeView::item:selected { background: #dbe8f7; }")
        self.tree.activated.connect(self._open)
        self.tree.doubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.tree, 1)

    # -- CaseView ----------------------------------------------------------------------

    def show_case(self, case: Case) -> None:
        self.case = case
        if self.query:
            self.run_search(self.query)
            return

        def load() -> list[str]:
            with case.read() as session:
                return suggested_queries(session)

        self.runner.run_op(load, on_done=self._show_suggestions, parent=self)

    def clear(self) -> None:
        self._generation += 1
        self.case = None
        self.query = ""
        self.field.clear()
        self.summary.clear()
        self.model.clear()

    def apply_changes(self, changes: Changes, source: object) -> None:
        if self.case is not None and self.query and changes:
            self.run_search(self.query)  # results may have changed; cheap to ask again

    # -- searching -----------------------------------------------------------------------

    def _show_suggestions(self, words: list[str]) -> None:
        if self.case is None or self.query:
            return
        links = ", ".join(f'<a href="{html.escape(w)}">{html.escape(w)}</a>' for w in words)
        self.summary.setText(self.tr("Type words and press Enter.") +
                             (" " + self.tr("Try: %1").replace("%1", links) if words else ""))
        self.loaded.emit()

    def run_search(self, query: str) -> None:
        case = self.case
        self.query = query.strip()
        if self.field.text() != query:
            self.field.setText(query)
        if case is None:
            return
        if not self.query:
            self.model.clear()
            self.summary.setText(self.tr("Type words and press Enter."))
            return
        self._generation += 1
        generation, text = self._generation, self.query
        self.runner.run_op(lambda: search(case, text, LIMIT, marks=(OPEN, CLOSE)),
                           on_done=lambda hits: self._show(generation, hits), parent=self)

    def _show(self, generation: int, hits: list[Hit]) -> None:
        if generation != self._generation:
            return
        self.model.clear()
        groups: dict[str, list[Hit]] = {}
        for hit in hits:
            groups.setdefault(hit.kind, []).append(hit)
        for kind in sorted(groups, key=lambda k: list(KIND_TITLES).index(k)
                           if k in KIND_TITLES else 99):
            found = groups[kind]
            group = QStandardItem(f"{self.tr(KIND_TITLES.get(kind, kind.title()))} "
                                  f"({len(found)})")
            group.setSelectable(False)
            font = group.font()
            font.setBold(True)
            group.setFont(font)
            for hit in found:
                title = plain(hit.title) or self.tr("(untitled)")
                item = QStandardItem(f"{title} — {plain(hit.snippet)}")
                item.setData(f"<b>{html.escape(title)}</b><br>"
                             f'<span style="color:#3b4450">{highlighted(hit.snippet)}</span>',
                             HTML_ROLE)
                item.setData(kind, KIND_ROLE)
                item.setData(hit.ref, REF_ROLE)
                group.appendRow(item)
            self.model.appendRow(group)
        self.tree.expandAll()
        count = len(hits)
        self.summary.setText(
            self.tr("No results for “%1”.").replace("%1", self.query) if not count else
            self.tr("%1 result(s) for “%2” — Enter opens the selected one.")
            .replace("%1", str(count)).replace("%2", self.query))
        first = self.model.index(0, 0)
        if first.isValid() and self.model.rowCount(first):
            self.tree.setCurrentIndex(self.model.index(0, 0, first))
        self.loaded.emit()

    def _open(self, index: QModelIndex) -> None:
        kind, ref = index.data(KIND_ROLE), index.data(REF_ROLE)
        if kind is not None and ref is not None:
            self.open_requested.emit(kind, int(ref))


register("search", "Search", SearchView)
