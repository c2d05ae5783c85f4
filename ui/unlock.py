"""The unlock screen: open a case with its passphrase, or create a new one.

Key derivation takes about half a second, so opening and creating run on the database
worker; errors appear inline, in one line, under the button that caused them. The screen
shows before the core is loaded (``ui.warmup``): the worker waits for it before opening.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import file_dialogs, warmup
from ui.strength import passphrase_strength
from ui.tasks import TaskRunner
from workbench.errors import CaseError

if TYPE_CHECKING:
    from db.keys import KdfParams
    from workbench.case import Case

CASE_FILTER = "Workbench cases (*.case);;All files (*)"
MIN_LENGTH = 8


class ErrorLine(QLabel):
    """One line of error text, elided to the width it has; the whole text is the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLine")
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_message(self, message: str) -> None:
        self._full = message
        self.setToolTip(message)
        self._elide()

    def message(self) -> str:
        return self._full

    def clear(self) -> None:
        self.show_message("")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width(), 50)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                   width))


def _password_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


def _file_row(field: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(6)
    row.addWidget(field, 1)
    row.addWidget(button)
    return row


def _one_line(exc: CaseError, path: Path) -> str:
    """The error without the file name (shown right above it), starting with a capital."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = text.removeprefix(f"{path}: ")
    return text[:1].upper() + text[1:]


def _close_case(case: Case) -> None:
    case.close()  # opened, but the window closed or moved on meanwhile


def _open(path: Path, passphrase: str, **kwargs: Any) -> Case:
    """On the database worker: once the core is loaded, open the case."""
    warmup.wait()
    from workbench.case import Case

    return Case.open(path, passphrase, **kwargs)


def _create(path: Path, passphrase: str, title: str, **kwargs: Any) -> Case:
    warmup.wait()
    from workbench.case import Case

    return Case.create(path, passphrase, title, **kwargs)


class OpenCasePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path_field = QLineEdit()
        self.path_field.setPlaceholderText("Choose a case file…")
        self.browse_button = QPushButton("Browse…")
        self.passphrase_field = _password_field("Passphrase")
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setObjectName("primary")
        self.error = ErrorLine()

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("Case file", _file_row(self.path_field, self.browse_button))
        form.addRow("Passphrase", self.passphrase_field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 12, 4, 4)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.passphrase_field.returnPressed.connect(self.unlock_button.click)


class NewCasePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path_field = QLineEdit()
        self.path_field.setPlaceholderText("Where to save the new case…")
        self.browse_button = QPushButton("Choose…")
        self.title_field = QLineEdit()
        self.title_field.setPlaceholderText("e.g. Review of the 2018 events at …")
        self.passphrase_field = _password_field("At least 8 characters; words are best")
        self.repeat_field = _password_field("The same passphrase again")
        self.strength = QLabel()
        self.strength.setObjectName("strength")
        self.create_button = QPushButton("Create case")
        self.create_button.setObjectName("primary")
        self.error = ErrorLine()

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("Case file", _file_row(self.path_field, self.browse_button))
        form.addRow("Title", self.title_field)
        form.addRow("Passphrase", self.passphrase_field)
        form.addRow("", self.strength)
        form.addRow("Repeat", self.repeat_field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 12, 4, 4)
        layout.addLayout(form)
        note = QLabel("There is no way to recover a forgotten passphrase. Keep it somewhere "
                      "safe.")
        note.setObjectName("note")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addSpacing(8)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.passphrase_field.textChanged.connect(self._update_strength)
        self.repeat_field.returnPressed.connect(self.create_button.click)
        self._update_strength("")

    def _update_strength(self, text: str) -> None:
        s = passphrase_strength(text)
        self.strength.setText(s.hint)
        self.strength.setProperty("level", s.level)
        self.strength.style().unpolish(self.strength)
        self.strength.style().polish(self.strength)


class UnlockScreen(QWidget):
    """Emits ``unlocked(case)`` with an open case; holds no case content itself."""

    unlocked = Signal(object)

    OPEN, NEW = 0, 1

    def __init__(self, runner: TaskRunner, *, kdf: KdfParams | None = None,
                 reviewer: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockScreen")
        self._runner = runner
        self._kdf = kdf
        self._reviewer = reviewer
        self._busy = False

        self.open_page = OpenCasePage()
        self.new_page = NewCasePage()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.open_page, "Open a case")
        self.tabs.addTab(self.new_page, "New case")

        heading = QLabel("Incident Investigation Workbench")
        heading.setObjectName("appHeading")
        tagline = QLabel("Each case is one encrypted file. Nothing of it is stored anywhere "
                         "else on this computer.")
        tagline.setObjectName("tagline")
        tagline.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("busy")

        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(560)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 20)
        inner.setSpacing(6)
        inner.addWidget(heading)
        inner.addWidget(tagline)
        inner.addSpacing(10)
        inner.addWidget(self.tabs)
        inner.addWidget(self.status)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.open_page.unlock_button.clicked.connect(self.open_case)
        self.open_page.browse_button.clicked.connect(self.browse_open)
        self.new_page.create_button.clicked.connect(self.create_case)
        self.new_page.browse_button.clicked.connect(self.browse_new)

    # -- what the window asks of it --------------------------------------------------

    def show_open(self, path: Path | None = None, notice: str = "") -> None:
        self.tabs.setCurrentIndex(self.OPEN)
        self.status.setText(notice)
        self.open_page.path_field.setText(str(path) if path else "")
        self.open_page.passphrase_field.clear()
        self.open_page.error.clear()
        (self.open_page.passphrase_field if path else self.open_page.path_field).setFocus()

    def show_new(self) -> None:
        self.tabs.setCurrentIndex(self.NEW)
        self.status.clear()
        p = self.new_page
        for field in (p.path_field, p.title_field, p.passphrase_field, p.repeat_field):
            field.clear()
        p.error.clear()
        p.path_field.setFocus()

    def forget_secrets(self) -> None:
        """Passphrases never stay in a field longer than needed."""
        for field in (self.open_page.passphrase_field, self.new_page.passphrase_field,
                      self.new_page.repeat_field):
            field.clear()
        self.new_page.title_field.clear()

    # -- open ------------------------------------------------------------------------

    def open_case(self) -> None:
        page = self.open_page
        if self._busy:
            return
        path_text = page.path_field.text().strip()
        passphrase = page.passphrase_field.text()
        if not path_text:
            page.error.show_message("Choose a case file first.")
            return
        if not passphrase:
            page.error.show_message("Enter the case's passphrase.")
            return
        path = Path(path_text).expanduser()
        page.error.clear()
        self._set_busy(True, "Unlocking…")
        kwargs: dict[str, Any] = {"reviewer": self._reviewer}
        self._runner.run_op(
            lambda: _open(path, passphrase, **kwargs),
            on_done=self._opened,
            on_failed=lambda exc: self._failed(page, exc, path),
            parent=self,
            on_discarded=_close_case,
        )

    # -- create ----------------------------------------------------------------------

    def create_case(self) -> None:
        page = self.new_page
        if self._busy:
            return
        path_text = page.path_field.text().strip()
        title = page.title_field.text().strip()
        passphrase = page.passphrase_field.text()
        problem = ""
        if not path_text:
            problem = "Choose where to save the new case."
        elif not title:
            problem = "Give the case a title."
        elif len(passphrase) < MIN_LENGTH:
            problem = f"Use a passphrase of at least {MIN_LENGTH} characters."
        elif passphrase != page.repeat_field.text():
            problem = "The two passphrases differ."
        if problem:
            page.error.show_message(problem)
            return
        path = Path(path_text).expanduser()
        if not path.suffix:
            path = path.with_suffix(".case")
        page.error.clear()
        self._set_busy(True, "Creating the case…")
        kwargs: dict[str, Any] = {"reviewer": self._reviewer}
        if self._kdf is not None:
            kwargs["kdf"] = self._kdf
        self._runner.run_op(
            lambda: _create(path, passphrase, title, **kwargs),
            on_done=self._opened,
            on_failed=lambda exc: self._failed(page, exc, path),
            parent=self,
            on_discarded=_close_case,
        )

    # -- outcomes --------------------------------------------------------------------

    def _opened(self, case: Case) -> None:
        self._set_busy(False)
        self.forget_secrets()
        self.open_page.path_field.setText(str(case.path))
        self.unlocked.emit(case)

    def _failed(self, page: OpenCasePage | NewCasePage, exc: CaseError, path: Path) -> None:
        self._set_busy(False)
        page.error.show_message(_one_line(exc, path))
        page.passphrase_field.selectAll()
        page.passphrase_field.setFocus()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.status.setText(text if busy else "")
        self.tabs.setEnabled(not busy)

    # -- file choosers (native dialogs; tests type the path instead) ---------------------------

    def browse_open(self) -> None:
        path = file_dialogs.open_file(self, "Open a case", CASE_FILTER)
        if path is not None:
            self.open_page.path_field.setText(str(path))
            self.open_page.passphrase_field.setFocus()

    def browse_new(self) -> None:
        path = file_dialogs.save_file(self, "New case", CASE_FILTER)
        if path is not None:
            self.new_page.path_field.setText(str(path))
            self.new_page.title_field.setFocus()
