"""The window in English or Spanish.

The Spanish catalogue is a JSON source file (``resources/translations/es.json``: context ->
English source -> translation, with a shared ``"*"`` context), read at run time by a
``QTranslator`` subclass, so no compiled .qm binary is kept in the repository. Code that
calls ``tr()`` / ``QCoreApplication.translate`` is translated by Qt itself. Widgets whose
text was set as a plain string (menus, buttons, labels built before a switch) are
translated by ``retranslate_widget``, which remembers each text's English source, so the
language can be switched back and forth while the window is open.

The language comes from ``WORKBENCH_LANG`` (en|es) if set, else the ``ui/language``
setting, else the system language (Spanish for any es_* locale, English otherwise).
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QSettings, QTranslator
from PySide6.QtGui import QAction, QActionGroup, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QTabWidget,
    QWidget,
)

LANGUAGES = {"en": "English", "es": "Español"}
SETTING_KEY = "ui/language"
ENV_VAR = "WORKBENCH_LANG"
CONTEXT = "Workbench"
_SOURCE = "_i18nSource"  # dynamic property: a widget's English text
SOURCE_ROLE = 0x0100 + 77  # item data role: an item's English text


@cache
def catalogue(language: str) -> dict[str, dict[str, str]]:
    if language == "en":
        return {}
    text = resources.files("resources.translations").joinpath(f"{language}.json") \
        .read_text("utf-8")
    data = json.loads(text)
    return {context: dict(entries) for context, entries in data.items()
            if not context.startswith("_")}


@cache
def _reverse(language: str) -> dict[str, str]:
    return {t: s for entries in catalogue(language).values() for s, t in entries.items()}


class JsonTranslator(QTranslator):
    """A translator backed by the JSON catalogue: the context first, then ``"*"``."""

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.code = language  # not 'language': QTranslator.language() is Qt's
        self._entries = catalogue(language)
        self._shared = self._entries.get("*", {})

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        found = self._entries.get(context, {}).get(source) or self._shared.get(source)
        if found and n >= 0:
            found = found.replace("%n", QLocale().toString(n))
        return found  # None (a null string) = not translated: Qt keeps the source text

    def isEmpty(self) -> bool:
        return not self._entries


def system_language() -> str:
    return "es" if QLocale.system().name().startswith("es") else "en"


def chosen_language(settings: QSettings | None = None) -> str:
    env = os.environ.get(ENV_VAR, "").strip().lower()[:2]
    if env in LANGUAGES:
        return env
    stored = str((settings or QSettings()).value(SETTING_KEY, "") or "")
    return stored if stored in LANGUAGES else system_language()


_installed: dict[str, JsonTranslator] = {}


def current_language() -> str:
    t = _installed.get("current")
    return t.code if t is not None else "en"


def install(language: str) -> None:
    """Make ``language`` the window's language: translator, default locale (dates and
    numbers), and the texts of every open widget."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no application")
    previous = _installed.pop("current", None)
    if previous is not None:
        app.removeTranslator(previous)
    translator = JsonTranslator(language if language in LANGUAGES else "en", app)
    _installed["current"] = translator
    app.installTranslator(translator)  # sends LanguageChange to every widget
    QLocale.setDefault(QLocale("es_PE" if language == "es" else "en_GB"))
    if isinstance(app, QApplication):
        for top in app.topLevelWidgets():
            retranslate_tree(top)


def tr(text: str, context: str = CONTEXT) -> str:
    return QCoreApplication.translate(context, text)


def _translated(obj: QObject, text: str, slot: str = "") -> str:
    """The text in the current language; remembers its English source on ``obj``."""
    key = f"{_SOURCE}{slot}"
    source = obj.property(key)
    if not source or (text != source and text != tr(str(source))):
        # First sight, or the code set a new text meanwhile: that text is the source.
        reverse = _reverse("es")
        source = reverse.get(text, text)
        obj.setProperty(key, source)
    return tr(str(source))


def retranslate_widget(w: QWidget) -> None:
    if isinstance(w, QLabel | QAbstractButton) and w.text():
        w.setText(_translated(w, w.text()))
    if isinstance(w, QLineEdit) and w.placeholderText():
        w.setPlaceholderText(_translated(w, w.placeholderText(), "p"))
    if isinstance(w, QGroupBox) and w.title():
        w.setTitle(_translated(w, w.title()))
    if isinstance(w, QMenu) and w.title():
        w.setTitle(_translated(w, w.title()))
    if w.toolTip():
        w.setToolTip(_translated(w, w.toolTip(), "t"))
    if w.isWindow() and w.windowTitle():
        w.setWindowTitle(_translated(w, w.windowTitle(), "w"))
    for action in w.actions():
        _retranslate_action(action)
    if isinstance(w, QTabWidget):
        for i in range(w.count()):
            page = w.widget(i)
            if page is not None:
                w.setTabText(i, _translated(page, w.tabText(i), "tab"))
    if isinstance(w, QListWidget):
        for i in range(w.count()):
            entry = w.item(i)
            if entry.data(SOURCE_ROLE) is None and entry.text():
                entry.setData(SOURCE_ROLE, _reverse("es").get(entry.text(), entry.text()))
            if entry.data(SOURCE_ROLE) is not None:
                entry.setText(tr(str(entry.data(SOURCE_ROLE))))
    if isinstance(w, QComboBox) and w.property("translatable"):
        for i in range(w.count()):
            src = w.itemData(i, SOURCE_ROLE) or _reverse("es").get(w.itemText(i),
                                                                 w.itemText(i))
            w.setItemData(i, src, SOURCE_ROLE)
            w.setItemText(i, tr(str(src)))
    if isinstance(w, QAbstractItemView) and isinstance(w.model(), QStandardItemModel):
        model = w.model()
        assert isinstance(model, QStandardItemModel)
        for c in range(model.columnCount()):
            item = model.horizontalHeaderItem(c)
            if item is not None and item.text():
                src = item.data(SOURCE_ROLE) or _reverse("es").get(item.text(), item.text())
                item.setData(src, SOURCE_ROLE)
                item.setText(tr(str(src)))


def _retranslate_action(action: QAction) -> None:
    if action.text():
        action.setText(_translated(action, action.text()))
    menu = action.menu()
    if isinstance(menu, QMenu):
        if menu.title():
            menu.setTitle(_translated(menu, menu.title()))
        for sub in menu.actions():
            _retranslate_action(sub)


def retranslate_tree(root: QWidget) -> None:
    for w in [root, *root.findChildren(QWidget)]:
        retranslate_widget(w)


class _ShowTranslator(QObject):
    """Translates each widget when it is first shown: texts set with plain strings before
    (or without) the window knowing about languages still appear in the chosen one."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) \
                and current_language() != "en":
            retranslate_widget(obj)
        return False


_filter: list[_ShowTranslator] = []


def start(app: QApplication, settings: QSettings | None = None) -> str:
    """Install the chosen language and the show-time translation (once per application)."""
    language = chosen_language(settings)
    install(language)
    if not _filter:
        _filter.append(_ShowTranslator(app))
        app.installEventFilter(_filter[0])
    return language


def add_language_menu(window: QMainWindow, settings: QSettings | None = None) -> QMenu:
    """Settings > Language in ``window``'s menu bar (before Help): the choice is stored in
    ``settings`` (the window's language only; never anything about a case) and applied at
    once."""
    bar = window.menuBar()
    menu = QMenu(tr("&Settings"), bar)
    menu.setObjectName("settingsMenu")
    languages = menu.addMenu(tr("&Language"))
    languages.setObjectName("languageMenu")
    group = QActionGroup(menu)
    for code, name in LANGUAGES.items():
        action = QAction(name, group)  # each language is named in itself
        action.setObjectName(f"language_{code}")
        action.setCheckable(True)
        action.setChecked(code == current_language())
        action.setData(code)
        languages.addAction(action)

    def chosen(action: QAction) -> None:
        code = str(action.data())
        (settings or QSettings()).setValue(SETTING_KEY, code)
        install(code)

    group.triggered.connect(chosen)
    help_action = next((a for a in bar.actions() if a.menu() is not None
                        and _reverse("es").get(a.text(), a.text()) == "&Help"), None)
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    else:
        bar.addMenu(menu)
    return menu
