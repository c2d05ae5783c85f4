"""The event editor (shown in the inspector): title, when (with its parsed meaning shown as
you type), place, category, tags, actors with roles, status, description, and the event's
sources with their stance, side by side when some support it and others contradict it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench import dates
from workbench.queries.events import Choices, EventDetail, SourceLink
from workbench.services.events import Role

SOURCE_ROLE = Qt.ItemDataRole.UserRole


def tr(text: str) -> str:
    return QCoreApplication.translate("EventEditor", text)


def meaning(text: str) -> tuple[str, bool]:
    """What a date form means in words, and whether it is valid."""
    if not text.strip():
        return tr("Date unknown (leave empty if nobody knows)"), True
    try:
        parsed = dates.parse(text)
    except dates.DateError as exc:
        return str(exc), False
    words = parsed.display()
    earliest, latest = parsed.earliest, parsed.latest
    if earliest and latest and earliest[:16] != latest[:16]:
        words += tr(" — between %1 and %2").replace("%1", earliest.replace("T", " ")[:16]) \
            .replace("%2", latest.replace("T", " ")[:16])
    return words, True


class EventEditor(QScrollArea):
    save_requested = Signal(dict)  # the values to write (see values())
    open_source = Signal(str, int)  # kind ("excerpt" / "evidence"), id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventEditor")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.event_id: int | None = None
        self._roles: list[tuple[int, str]] = []
        self._actor_names: dict[int, str] = {}

        self.heading = QLabel()
        self.heading.setObjectName("editorHeading")
        self.title = QLineEdit()
        self.title.setObjectName("eventTitle")
        self.when = QLineEdit()
        self.when.setObjectName("eventWhen")
        self.when.setPlaceholderText("2018-04-03, 2018-04~, 2018-04-03T14:00/..")
        self.when_meaning = QLabel()
        self.when_meaning.setObjectName("whenMeaning")
        self.when_meaning.setWordWrap(True)
        self.when.textChanged.connect(self._show_meaning)
        self.place = QComboBox()
        self.place.setObjectName("eventPlace")
        self.category = QComboBox()
        self.category.setObjectName("eventCategory")
        self.category.setEditable(True)
        self.status = QComboBox()
        self.status.setObjectName("eventStatus")
        self.tags = QLineEdit()
        self.tags.setObjectName("eventTags")
        self.tags.setPlaceholderText(tr("comma, separated"))
        self.description = QPlainTextEdit()
        self.description.setObjectName("eventDescription")
        self.description.setMinimumHeight(70)

        self.roles = QListWidget()
        self.roles.setObjectName("eventRoles")
        self.roles.setMaximumHeight(90)
        self.roles.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.roles.setWordWrap(True)
        self.role_actor = QComboBox()
        self.role_actor.setObjectName("roleActor")
        self.role_kind = QComboBox()
        self.role_kind.setObjectName("roleKind")
        add_role = QToolButton()
        add_role.setText("+")
        add_role.setToolTip(tr("Add this actor with this role"))
        add_role.clicked.connect(self._add_role)
        remove_role = QToolButton()
        remove_role.setText("−")
        remove_role.setToolTip(tr("Remove the selected actor"))
        remove_role.clicked.connect(self._remove_role)
        role_row = QHBoxLayout()
        role_row.addWidget(self.role_actor, 2)
        role_row.addWidget(self.role_kind, 1)
        role_row.addWidget(add_role)
        role_row.addWidget(remove_role)

        self.error = QLabel()
        self.error.setObjectName("editorError")
        self.error.setWordWrap(True)
        self.save_button = QPushButton(tr("Save"))
        self.save_button.setObjectName("saveEvent")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)

        for combo in (self.place, self.category, self.status, self.role_actor, self.role_kind):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(4)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("When"), self.when)
        form.addRow("", self.when_meaning)
        form.addRow(tr("Place"), self.place)
        form.addRow(tr("Category"), self.category)
        form.addRow(tr("Status"), self.status)
        form.addRow(tr("Tags"), self.tags)
        form.addRow(tr("Actors"), self.roles)
        form.addRow("", role_row)
        form.addRow(tr("Description"), self.description)

        self.sources_title = QLabel(tr("SOURCES"))
        self.sources_title.setObjectName("sectionTitle")
        self.supports = self._source_list("sourcesSupporting")
        self.contradicts = self._source_list("sourcesContradicting")
        self.supports_label = QLabel(tr("Sources"))
        self.contradicts_label = QLabel(tr("Contradicting"))
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.supports_label)
        left.addWidget(self.supports)
        right.addWidget(self.contradicts_label)
        right.addWidget(self.contradicts)
        self._right = QWidget()
        self._right.setLayout(right)
        sources = QHBoxLayout()
        sources.addLayout(left, 1)
        sources.addWidget(self._right, 1)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 10, 12, 10)
        column.addWidget(self.heading)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addWidget(self.sources_title)
        column.addLayout(sources)
        column.addStretch(1)
        self.setWidget(body)

    def _source_list(self, name: str) -> QListWidget:
        widget = QListWidget()
        widget.setObjectName(name)
        widget.setWordWrap(True)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.setMinimumHeight(80)
        widget.itemActivated.connect(self._activate_source)
        return widget

    # -- filling -------------------------------------------------------------------

    def set_choices(self, choices: Choices) -> None:
        self._actor_names = dict(choices.actors)
        self.place.clear()
        self.place.addItem(tr("(no place)"), None)
        for ident, name in choices.places:
            self.place.addItem(name, ident)
        current = self.category.currentText()
        self.category.clear()
        self.category.addItems(["", *choices.categories])
        self.category.setCurrentText(current)
        self.status.clear()
        for status in choices.statuses:
            self.status.addItem(tr(status), status)
        self.role_actor.clear()
        for ident, name in choices.actors:
            self.role_actor.addItem(name, ident)
        self.role_kind.clear()
        for role in choices.roles:
            self.role_kind.addItem(tr(role), role)

    def load(self, detail: EventDetail | None) -> None:
        """Show an event (None: a new, empty one)."""
        self.event_id = detail.id if detail else None
        self.heading.setText(tr("Edit event") if detail else tr("New event"))
        self.title.setText(detail.title if detail else "")
        self.when.setText(detail.when if detail else "")
        self._show_meaning(self.when.text())
        self.place.setCurrentIndex(max(0, self.place.findData(detail.place_id))
                                   if detail and detail.place_id else 0)
        self.category.setCurrentText(detail.category if detail else "")
        self.status.setCurrentIndex(max(0, self.status.findData(
            detail.status if detail else "alleged")))
        self.tags.setText(", ".join(detail.tags) if detail else "")
        self.description.setPlainText(detail.description if detail else "")
        self._roles = [(i, r) for i, _n, r in detail.roles] if detail else []
        for i, name, _r in detail.roles if detail else []:
            self._actor_names.setdefault(i, name)
        self._show_roles()
        self._show_sources(detail.sources if detail else [], detail.disagree if detail else False)
        self.error.clear()

    def _show_meaning(self, text: str) -> None:
        words, ok = meaning(text)
        self.when_meaning.setText(words)
        self.when_meaning.setProperty("invalid", not ok)
        self.when_meaning.setStyleSheet("color: #a4262c;" if not ok else "color: #2e6b3f;")

    def _show_roles(self) -> None:
        self.roles.clear()
        for actor_id, role in self._roles:
            self.roles.addItem(f"{self._actor_names.get(actor_id, '?')} — {tr(role)}")

    def _add_role(self) -> None:
        actor_id, role = self.role_actor.currentData(), self.role_kind.currentData()
        if actor_id is not None and role and (actor_id, role) not in self._roles:
            self._roles.append((actor_id, role))
            self._show_roles()

    def _remove_role(self) -> None:
        row = self.roles.currentRow()
        if 0 <= row < len(self._roles):
            del self._roles[row]
            self._show_roles()

    def _show_sources(self, sources: list[SourceLink], disagree: bool) -> None:
        self.supports.clear()
        self.contradicts.clear()
        self._right.setVisible(disagree)
        self.supports_label.setText(tr("Supporting and context") if disagree else tr("Sources"))
        if not sources:
            self.supports.addItem(tr("No sources linked yet: mark a passage of an interview "
                                     "and link it to this event."))
        for source in sources:
            quote = source.text if len(source.text) <= 160 else source.text[:159] + "…"
            item = QListWidgetItem(f"[{tr(source.stance)}] “{quote}” — {source.label}")
            item.setData(SOURCE_ROLE, (source.kind, source.ref))
            item.setToolTip(tr("Double-click to open the passage"))
            target = self.contradicts if disagree and source.stance == "contradicts" \
                else self.supports
            target.addItem(item)

    def _activate_source(self, item: QListWidgetItem) -> None:
        data = item.data(SOURCE_ROLE)
        if data:
            self.open_source.emit(data[0], data[1])

    # -- saving --------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        category = self.category.currentText().strip()
        return {
            "title": self.title.text().strip(), "when": self.when.text().strip(),
            "description": self.description.toPlainText(), "category": category,
            "status": self.status.currentData() or "alleged",
            "place_id": self.place.currentData(),
            "roles": [Role(i, r) for i, r in self._roles],
            "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
        }

    def _save(self) -> None:
        values = self.values()
        if not values["title"]:
            self.error.setText(tr("An event needs a title."))
            return
        words, ok = meaning(values["when"])
        if not ok:
            self.error.setText(words)
            return
        self.error.clear()
        self.save_requested.emit(values)

    def clear(self) -> None:
        for field in (self.title, self.when, self.tags):
            field.clear()
        self.description.clear()
        self.heading.clear()
        self.when_meaning.clear()
        self.roles.clear()
        self.supports.clear()
        self.contradicts.clear()
        for combo in (self.place, self.category, self.role_actor):
            combo.clear()
        self._roles = []
        self._actor_names = {}
        self.event_id = None
