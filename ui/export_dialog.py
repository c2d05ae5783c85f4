"""File > Export… (Ctrl+E): choose a profile, format, report language, an optional PDF
password and where to write; the core's ``export`` runs on the database worker with a
delayed progress dialog and Cancel; the result dialog says where it went and, for a
publication, what was withheld and why (for the reviewer: that list is not in the file).

Nothing of the export is remembered (no folder, no name): a folder name can say whose case
it is. Qt's own file dialog keeps its last folder and history in QtProject.conf, so the
save dialog is cleared before it is destroyed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import file_dialogs, i18n, warmup
from ui.tasks import TaskRunner, UnexpectedError
from workbench.errors import Cancelled, CaseError
from workbench.publication import WRITING  # a name only (the package's __init__)

# The core is imported where used: the window shows before it is loaded (ui/warmup.py),
# and nothing here runs before a case is open.
if TYPE_CHECKING:
    from workbench.case import Case
    from workbench.publication.export import ExportResult
    from workbench.publication.export_process import ExportProcess


def tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)


PROFILE_TITLES = {"confidential": "Confidential report for the team",
                  "publication": "Publication summary"}
PROFILE_NOTES = {
    "confidential": "Everything the case holds, unredacted: for the review team only.",
    "publication": "Safe to publish: protected people by their code, withheld items left "
                   "out; read back by the leak guard before it is written.",
}
FORMAT_TITLES = {"pdf": "PDF report", "json": "JSON data", "csv": "CSV tables (a folder)",
                 "archive": "Archive with the originals (confidential only)",
                 "reply-letter": "Right-of-reply letters (PDF)"}
LANGUAGE_TITLES = {"en": "English", "es": "Español"}  # each language named in itself
PASSWORD_FORMATS = ("pdf", "reply-letter")  # the core encrypts PDFs only
CONFIDENTIAL_ONLY = ("archive",)  # the core refuses these for a publication
STAGES = ("chronology", "findings", "photos", "rendering", "checking", WRITING)  # the core's
_EXTENSIONS = {"pdf": ".pdf", "json": ".json", "csv": "", "archive": ".zip",
               "reply-letter": ".pdf"}
_FILTERS = {"pdf": "PDF (*.pdf)", "json": "JSON (*.json)", "archive": "Zip archive (*.zip)",
            "reply-letter": "PDF (*.pdf)"}


@dataclass(frozen=True)
class ExportRequest:
    """What the reviewer chose: the arguments of one core ``export`` call."""

    profile: str
    fmt: str
    lang: str
    out: Path
    password: str | None


def default_folder() -> Path:
    """The user's documents folder (never a remembered one)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def with_extension(path: Path, fmt: str) -> Path:
    """The path with the format's extension (a CSV export is a folder: none)."""
    known = {e for e in _EXTENSIONS.values() if e}
    stem = path.name[: -len(path.suffix)] if path.suffix.lower() in known else path.name
    return path.with_name(stem + _EXTENSIONS[fmt])


class ExportDialog(QDialog):
    """The choices of one export; ``request()`` once accepted. ``set_destination`` is how
    a script (or a test) sets the path the save dialog would otherwise ask for."""

    def __init__(self, stem: str, parent: QWidget | None = None, *,
                 folder: Path | None = None) -> None:
        warmup.wait()
        from exports.model import FORMATS, LANGUAGES, PROFILES

        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(tr("Export"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._stem = stem
        self._folder = folder or default_folder()
        self._custom_name = False  # the reviewer chose or typed a name: keep it

        self.profile_box = self._combo("exportProfile",
                                       {p: PROFILE_TITLES[p] for p in PROFILES})
        self.profile_note = QLabel()
        self.profile_note.setObjectName("exportProfileNote")
        self.profile_note.setWordWrap(True)
        # Room for the longer note, so switching profiles neither clips it nor jumps.
        self.profile_note.setMinimumHeight(self.profile_note.fontMetrics().lineSpacing() * 2)
        self.format_box = self._combo("exportFormat", {f: FORMAT_TITLES[f] for f in FORMATS})
        self.language_box = QComboBox()
        self.language_box.setObjectName("exportLanguage")
        for code in LANGUAGES:
            self.language_box.addItem(LANGUAGE_TITLES.get(code, code), code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(
            i18n.current_language())))
        self.password_box = QCheckBox(tr("Protect the PDF with a password"))
        self.password_box.setObjectName("exportEncrypt")
        self.password_field = self._secret("exportPassword", tr("Password"))
        self.repeat_field = self._secret("exportPasswordRepeat", tr("The password again"))
        self.destination_field = QLineEdit()
        self.destination_field.setObjectName("exportDestination")
        self.choose_button = QPushButton(tr("Choose…"))
        self.choose_button.setObjectName("exportChoose")
        self.hint = QLabel()
        self.hint.setObjectName("exportHint")
        self.hint.setWordWrap(True)

        form = QFormLayout()
        form.addRow(tr("Profile"), self.profile_box)
        form.addRow("", self.profile_note)
        form.addRow(tr("Format"), self.format_box)
        form.addRow(tr("Report language"), self.language_box)
        form.addRow("", self.password_box)
        form.addRow(tr("PDF password"), self.password_field)
        form.addRow(tr("Repeat"), self.repeat_field)
        row = QHBoxLayout()
        row.addWidget(self.destination_field, 1)
        row.addWidget(self.choose_button)
        form.addRow(tr("Write to"), row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportStart")
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

        self.profile_box.currentIndexChanged.connect(self._choices_changed)
        self.format_box.currentIndexChanged.connect(self._choices_changed)
        self.password_box.toggled.connect(self._update)
        self.password_field.textChanged.connect(self._update)
        self.repeat_field.textChanged.connect(self._update)
        self.destination_field.textEdited.connect(self._name_typed)
        self.destination_field.textChanged.connect(self._update)
        self.choose_button.clicked.connect(self.choose_destination)
        self._choices_changed()

    @staticmethod
    def _combo(name: str, items: dict[str, str]) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        for key, title in items.items():
            box.addItem(tr(title), key)
        return box

    @staticmethod
    def _secret(name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setPlaceholderText(placeholder)
        return field

    # -- the choices -------------------------------------------------------------------

    @property
    def profile(self) -> str:
        return str(self.profile_box.currentData())

    @property
    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def select(self, *, profile: str | None = None, fmt: str | None = None,
               lang: str | None = None) -> None:
        """Choose by code (as a reviewer would pick from the lists)."""
        for box, value in ((self.profile_box, profile), (self.format_box, fmt),
                           (self.language_box, lang)):
            if value is not None:
                box.setCurrentIndex(box.findData(value))

    def format_enabled(self, fmt: str) -> bool:
        model = self.format_box.model()
        assert isinstance(model, QStandardItemModel)
        item = model.item(self.format_box.findData(fmt))
        return item is not None and item.isEnabled()

    def destination(self) -> Path | None:
        text = self.destination_field.text().strip()
        return Path(text).expanduser() if text else None

    def set_destination(self, path: Path | str) -> None:
        """The path to write (a file; for CSV, the new folder), as if chosen in a dialog."""
        self._custom_name = True
        self.destination_field.setText(str(path))

    def request(self) -> ExportRequest:
        out = self.destination()
        assert out is not None
        password = self.password_field.text() if self._password_wanted() else None
        return ExportRequest(self.profile, self.fmt, str(self.language_box.currentData()),
                             out, password or None)

    def _password_wanted(self) -> bool:
        return self.fmt in PASSWORD_FORMATS and self.password_box.isChecked()

    def _choices_changed(self) -> None:
        public = self.profile == "publication"
        model = self.format_box.model()
        assert isinstance(model, QStandardItemModel)
        for fmt in CONFIDENTIAL_ONLY:  # offered, greyed out: the reviewer sees why
            item = model.item(self.format_box.findData(fmt))
            item.setEnabled(not public)
            item.setToolTip(tr("An archive holds the original files: confidential only.")
                            if public else "")
        if public and self.fmt in CONFIDENTIAL_ONLY:
            self.format_box.setCurrentIndex(self.format_box.findData("pdf"))
            return  # currentIndexChanged comes back here
        self.profile_note.setText(tr(PROFILE_NOTES[self.profile]))
        pdf = self.fmt in PASSWORD_FORMATS
        self.password_box.setEnabled(pdf)
        self.password_box.setToolTip("" if pdf else tr("Only a PDF can carry a password."))
        if not pdf:
            self.password_box.setChecked(False)
        current = self.destination()
        if not self._custom_name or current is None:
            self.destination_field.setText(str(self._folder / self._suggested_name()))
        else:
            self.destination_field.setText(str(with_extension(current, self.fmt)))
        self._update()

    def _name_typed(self, _text: str) -> None:
        self._custom_name = True

    def _update(self) -> None:
        asked = self._password_wanted()
        self.password_field.setEnabled(asked)
        self.repeat_field.setEnabled(asked)
        problem, note = self._check()
        self.hint.setText(problem or note)
        self.hint.setProperty("problem", bool(problem))
        self.export_button.setEnabled(not problem)

    def _check(self) -> tuple[str, str]:
        """(what stops the export, a note that does not) for the current choices."""
        if self._password_wanted():
            if not self.password_field.text():
                return tr("Enter the PDF password twice."), ""
            if self.password_field.text() != self.repeat_field.text():
                return tr("The two passwords differ."), ""
        out = self.destination()
        if out is None or not out.name:
            return tr("Choose where to write the export."), ""
        if not out.parent.is_dir():
            return tr("The folder %1 does not exist.").replace("%1", str(out.parent)), ""
        if self.fmt == "csv":
            if out.exists() and (not out.is_dir() or any(out.iterdir())):
                return tr("A CSV export needs a new or empty folder."), ""
            return "", tr("The CSV files go into the folder %1.").replace("%1", out.name)
        if out.is_dir():
            return tr("That is a folder: choose a file name."), ""
        if out.exists():
            return "", tr("%1 exists and will be replaced.").replace("%1", out.name)
        return "", ""

    # -- the save dialog -----------------------------------------------------------------

    def _suggested_name(self) -> str:
        from workbench.publication.file_names import file_name

        return file_name(self._stem, self.profile, self.fmt)

    def choose_destination(self) -> None:
        current = self.destination() or self._folder / self._suggested_name()
        chosen = ask_path(self, self.fmt, current)
        if chosen is not None:
            self.set_destination(chosen)


def ask_path(parent: QWidget, fmt: str, current: Path) -> Path | None:
    """A save dialog (a folder dialog for CSV), as ui/file_dialogs.py runs them."""
    dialog = QFileDialog(parent, tr("Export to"))
    dialog.setDirectory(str(current.parent))
    if fmt == "csv":
        # The export makes a new folder; picking an empty one uses it, else the suggested
        # name goes inside the folder picked.
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(_FILTERS[fmt])
        dialog.setDefaultSuffix(_EXTENSIONS[fmt].lstrip("."))
        dialog.selectFile(current.name)
    chosen = file_dialogs.choose(dialog)
    if not chosen:
        return None
    if fmt == "csv" and chosen[0].is_dir() and any(chosen[0].iterdir()):
        return chosen[0] / current.name
    return chosen[0]


class ExportResultDialog(QDialog):
    """Where the export went, its pages, and (publication) what was withheld and why."""

    def __init__(self, result: ExportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportResult")
        self.setWindowTitle(tr("Export written"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(680, 380)
        lines = [tr("Written to %1").replace("%1", str(result.path))]
        if result.pages:
            lines.append(tr("%1 pages").replace("%1", str(result.pages)))
        elif result.format == "csv":
            lines.append(tr("Files: %1").replace("%1", ", ".join(result.files)))
        self.summary = QLabel("\n".join(lines))
        self.summary.setObjectName("exportResultSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        self.withheld_table: QTableWidget | None = None
        if result.profile == "publication":
            note = (tr("Withheld from this publication, and why (for you: this list is not "
                       "in the file):") if result.withheld
                    else tr("Nothing was withheld from this publication."))
            layout.addWidget(QLabel(note))
            if result.withheld:
                table = QTableWidget(len(result.withheld), 2)
                table.setObjectName("exportWithheld")
                table.setHorizontalHeaderLabels([tr("What"), tr("Why")])
                table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
                table.verticalHeader().hide()
                table.horizontalHeader().setSectionResizeMode(
                    0, QHeaderView.ResizeMode.ResizeToContents)
                table.horizontalHeader().setStretchLastSection(True)
                for row, item in enumerate(result.withheld):
                    for column, text in enumerate((item.what, item.reason)):
                        cell = QTableWidgetItem(text)
                        cell.setToolTip(text)
                        table.setItem(row, column, cell)
                layout.addWidget(table, 1)
                self.withheld_table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


class ExportAction(QObject):
    """The File > Export… action of a window that has ``case`` and ``runner``."""

    dialog_opened = Signal(object)  # the ExportDialog, once shown
    exported = Signal(object)  # ExportResult, after the result dialog opened
    failed = Signal(str)  # the one-line message shown; nothing was written

    def __init__(self, window: QMainWindow, case_of: Callable[[], Case | None],
                 runner: TaskRunner) -> None:
        super().__init__(window)
        self._window, self._case_of, self._runner = window, case_of, runner
        self._running_for: Case | None = None  # the case an export is running for
        self.action = QAction(tr("&Export…"), window)
        self.action.setObjectName("exportAction")
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.triggered.connect(self.start)

    def start(self) -> None:
        """Open the dialog (after the suggested name is worked out on the worker)."""
        case = self._case_of()
        if case is None or self._running_for is case:
            return
        warmup.wait()  # loaded already: a case is open
        from workbench.publication.file_names import safe_stem

        self._runner.run_op(lambda: safe_stem(case),
                            on_done=lambda stem: self._open_dialog(case, stem),
                            parent=self._window)

    def _open_dialog(self, case: Case, stem: str) -> None:
        if case is not self._case_of():
            return
        from workbench.publication.export_process import ExportProcess

        dialog = ExportDialog(stem, self._window)
        # The export's own process starts now and loads the renderer while the reviewer
        # chooses (see workbench/publication/export_process.py); a dialog closed without
        # exporting ends it.
        process = ExportProcess()
        dialog.accepted.connect(lambda: self._run(case, dialog.request(), process))
        dialog.rejected.connect(process.close)
        dialog.open()  # window-modal, without a nested event loop
        self.dialog_opened.emit(dialog)

    def _run(self, case: Case, request: ExportRequest, process: ExportProcess) -> None:
        if case is not self._case_of():
            process.close()
            return
        self._running_for = case  # (a lock discards the task: a new case starts afresh)

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]
                 ) -> ExportResult:
            def stage(name: str) -> None:
                if name in STAGES:
                    progress(STAGES.index(name) + 1, len(STAGES))

            progress(0, len(STAGES))
            if cancelled():  # the core asks only between stages
                process.close()
                raise Cancelled("export cancelled; nothing was written")
            return process.run(case, request.profile, request.fmt, request.out,
                               lang=request.lang, password=request.password,
                               progress=stage, cancelled=cancelled)

        label = tr("Writing %1…").replace("%1", request.out.name)
        self._runner.run_long(work, label=label, on_done=self._done,
                              on_failed=self._failed, parent=self._window)

    def _done(self, result: ExportResult) -> None:
        self._running_for = None
        pages = tr(", %1 pages").replace("%1", str(result.pages)) if result.pages else ""
        self._window.statusBar().showMessage(
            tr("Exported %1%2.").replace("%1", result.path.name).replace("%2", pages), 10_000)
        dialog = ExportResultDialog(result, self._window)
        dialog.open()
        self.exported.emit(result)

    def _failed(self, error: CaseError) -> None:
        self._running_for = None
        if isinstance(error, Cancelled | UnexpectedError):
            # Cancel was pressed, or a bug the runner has reported already: one line below.
            message = tr("Export cancelled; nothing was written.") \
                if isinstance(error, Cancelled) else tr("The export failed; nothing was written.")
            self._window.statusBar().showMessage(message, 10_000)
        else:  # refused, a leak, bad input, disk full: the core's one line, in a message
            message = tr("Not exported, nothing was written: %1").replace("%1", str(error))
            self._runner.show_error(message, self._window)
        self.failed.emit(message)
