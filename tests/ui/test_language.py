"""The window in Spanish: switched from Settings > Language, menus and views translated,
dates in the chosen locale, and back to English."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from demofile import demo_copy, open_view
from PySide6.QtCore import QLocale

from ui import i18n
from ui.views.viewkit import show_date


@pytest.fixture
def english():
    i18n.install("en")
    yield
    i18n.install("en")


def _menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_switching_to_spanish_translates_menus_and_views(make_window, qtbot, tmp_path,
                                                         english, settings_file):
    window = make_window()
    menu = i18n.add_language_menu(window, window._settings)
    view = open_view(qtbot, window, demo_copy(tmp_path), "recommendations")
    assert "&File" in _menu_titles(window)
    spanish = menu.findChild(type(menu), "languageMenu").actions()[1]
    assert spanish.data() == "es"
    spanish.trigger()
    titles = _menu_titles(window)
    assert {"&Archivo", "&Editar", "&Ver", "&Configuración", "Ay&uda"} <= set(titles)
    assert window.lock_action.text() == "&Bloquear"
    navigator = [window.navigator.item(i).text() for i in range(window.navigator.count())]
    assert "Plan de acción" in navigator and "Pruebas" in navigator
    assert view.status_button.text() == "Cambiar estado"
    headers = [view.model.horizontalHeaderItem(c).text()
               for c in range(view.model.columnCount())]
    assert "Plazo" in headers and "Destinatario" in headers
    assert QLocale().language() == QLocale.Language.Spanish
    assert show_date("2018-04-03") == "3 abr. 2018"  # CLDR abbreviation
    assert window._settings.value(i18n.SETTING_KEY) == "es"
    # A view built while Spanish is on uses the catalogue through tr().
    with qtbot.waitSignal(window.view_loaded, timeout=10_000):
        window.select_view("grievances")
    assert window.current_view().subtitle.text().endswith("quejas mostradas.")
    # And back.
    menu.findChild(type(menu), "languageMenu").actions()[0].trigger()
    assert "&File" in _menu_titles(window) and window.lock_action.text() == "&Lock"
    assert view.status_button.text() == "Change status"


def test_language_comes_from_env_then_setting_then_system(monkeypatch, tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    assert i18n.chosen_language(settings) == i18n.system_language()
    settings.setValue(i18n.SETTING_KEY, "es")
    assert i18n.chosen_language(settings) == "es"
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    assert i18n.chosen_language(settings) == "en"


def test_every_catalogue_entry_is_a_string_and_keeps_its_placeholders():
    text = resources.files("resources.translations").joinpath("es.json").read_text("utf-8")
    catalogue = json.loads(text)
    for context, entries in catalogue.items():
        if context.startswith("_"):
            continue
        for source, target in entries.items():
            assert isinstance(target, str) and target, source
            for mark in ("%1", "%2", "%3", "%n"):
                assert (mark in source) == (mark in target), (source, target)
            assert source.count("&") == target.count("&"), source


def test_widgets_built_with_plain_strings_are_translated_when_shown(make_window, qapp,
                                                                     monkeypatch, english):
    monkeypatch.setenv(i18n.ENV_VAR, "es")
    assert i18n.start(qapp) == "es"
    window = make_window()  # the unlock screen and menus are built from English strings
    screen = window.unlock_screen
    assert screen.open_page.unlock_button.text() == "Desbloquear"
    assert "&Archivo" in _menu_titles(window)
    assert window.windowTitle() == "Mesa de investigación de incidentes"
