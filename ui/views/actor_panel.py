"""One person or organisation (shown in the inspector): kind, pseudonym, protection level
(changed only through an explicit, confirmed action), aliases, roles across events and the
interviews they gave."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.models.timeline import PROTECTION_LEVELS
from ui.views.viewkit import number
from workbench.queries.actors import ActorDetail

ITEM_ROLE = Qt.ItemDataRole.UserRole
PROTECTION_HELP = {
    "public": "named in every export",
    "pseudonymous": "named in the case; replaced by the pseudonym code in publications",
    "withheld": "never named outside the case, not even by pseudonym in some exports",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("ActorPanel", text)


class ProtectionDialog(QDialog):
    """Choose the new protection level; the reviewer must tick that they mean it."""

    def __init__(self, name: str, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("protectionDialog")
        self.setWindowTitle(tr("Change protection level"))
        self.level = QComboBox()
        self.level.setObjectName("protectionLevel")
        for level in PROTECTION_LEVELS:
            self.level.addItem(f"{tr(level)} — {tr(PROTECTION_HELP[level])}", level)
        self.level.setCurrentIndex(PROTECTION_LEVELS.index(current))
        text = QLabel(tr("Protection of <b>%1</b> is now <b>%2</b>. Changing it changes who "
                         "may be named in exports; it is recorded in the audit log.")
                      .replace("%1", html.escape(name)).replace("%2", tr(current)))
        text.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            tr("Change protection"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.level)
        layout.addWidget(self.buttons)

    def chosen(self) -> str:
        return str(self.level.currentData())


class ActorPanel(QScrollArea):
    protection_requested = Signal(str)  # the new level (already confirmed)
    aliases_requested = Signal(list)
    open_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actorPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail: ActorDetail | None = None
        self.name = QLabel()
        self.name.setObjectName("actorName")
        self.name.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.protection = QLabel()
        self.protection.setObjectName("actorProtection")
        self.change_protection = QPushButton(tr("Change protection…"))
        self.change_protection.setObjectName("changeProtection")
        self.change_protection.clicked.connect(self._ask_protection)
        self.aliases = QLineEdit()
        self.aliases.setObjectName("actorAliases")
        self.aliases.setPlaceholderText(tr("other names, comma separated"))
        save_aliases = QPushButton(tr("Save aliases"))
        save_aliases.clicked.connect(self._save_aliases)
        self.roles = QListWidget()
        self.roles.setObjectName("actorRoles")
        self.roles.itemActivated.connect(self._open)
        self.interviews = QListWidget()
        self.interviews.setObjectName("actorInterviews")
        self.interviews.itemActivated.connect(self._open)
        for widget in (self.roles, self.interviews):
            widget.setWordWrap(True)
            widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form = QFormLayout()
        form.addRow(tr("Protection"), self.protection)
        form.addRow("", self.change_protection)
        form.addRow(tr("Aliases"), self.aliases)
        form.addRow("", save_aliases)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 10, 12, 10)
        column.addWidget(self.name)
        column.addWidget(self.facts)
        column.addLayout(form)
        for title, widget in ((tr("ROLES IN EVENTS"), self.roles),
                              (tr("INTERVIEWS GIVEN"), self.interviews)):
            label = QLabel(title)
            label.setObjectName("sectionTitle")
            column.addWidget(label)
            column.addWidget(widget, 1)
        self.setWidget(body)

    def load(self, detail: ActorDetail) -> None:
        self.detail = detail
        row = detail.row
        self.name.setText(f"<span style='font-size:13pt; font-weight:600'>"
                          f"{html.escape(row.name)}</span>")
        facts = [(tr("Kind"), tr(row.kind)), (tr("Pseudonym"), row.pseudonym),
                 (tr("Group"), detail.stakeholder_group), (tr("About"), detail.description)]
        self.facts.setText("<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}"
                                       for k, v in facts if v))
        self.protection.setText(f"<b>{html.escape(tr(row.protection))}</b>")
        self.aliases.setText(", ".join(row.aliases))
        self.roles.clear()
        for event_id, title, when, role in detail.roles:
            item = QListWidgetItem(f"{tr(role)} — {title} ({when or tr('date unknown')})")
            item.setData(ITEM_ROLE, ("event", event_id))
            self.roles.addItem(item)
        if detail.more_roles:
            more = QListWidgetItem(tr("… and %1 more events: filter the timeline by this "
                                      "actor to see them all.")
                                   .replace("%1", number(detail.more_roles)))
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.roles.addItem(more)
        self.interviews.clear()
        for interview_id, title, held_on in detail.interviews:
            item = QListWidgetItem(f"{title} ({held_on or tr('date unknown')})")
            item.setData(ITEM_ROLE, ("interview", interview_id))
            self.interviews.addItem(item)
        for widget, empty in ((self.roles, tr("In no event yet.")),
                              (self.interviews, tr("Gave no interview."))):
            if not widget.count():
                placeholder = QListWidgetItem(empty)
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
                widget.addItem(placeholder)

    def _ask_protection(self) -> None:
        if self.detail is None:
            return
        dialog = ProtectionDialog(self.detail.row.name, self.detail.row.protection, self)

        def chosen() -> None:
            if self.detail is not None and dialog.chosen() != self.detail.row.protection:
                self.protection_requested.emit(dialog.chosen())

        dialog.accepted.connect(chosen)
        dialog.open()

    def _save_aliases(self) -> None:
        if self.detail is None:
            return
        aliases = [a.strip() for a in self.aliases.text().split(",") if a.strip()]
        if aliases != self.detail.row.aliases:
            self.aliases_requested.emit(aliases)

    def _open(self, item: QListWidgetItem) -> None:
        if item.data(ITEM_ROLE) is None:
            return
        kind, ident = item.data(ITEM_ROLE)
        self.open_requested.emit(kind, ident)

    def clear(self) -> None:
        self.detail = None
        for label in (self.name, self.facts, self.protection):
            label.clear()
        self.aliases.clear()
        self.roles.clear()
        self.interviews.clear()
