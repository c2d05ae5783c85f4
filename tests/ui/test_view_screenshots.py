"""`workbench gui CASE --screenshot PNG --view NAME` renders each issue-5 view with content,
in English and (WORKBENCH_LANG=es) in Spanish."""

from __future__ import annotations

import pytest
from demofile import demo_copy
from PIL import Image
from uihelpers import PASSPHRASE

from ui import i18n
from ui.app import SCREENSHOT_SIZE
from workbench.cli import main


@pytest.mark.parametrize("view", ["evidence", "findings", "recommendations", "grievances",
                                  "audit"])
def test_each_view_renders_with_content(qapp, tmp_path, view, capsys):
    case = demo_copy(tmp_path)
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    png = tmp_path / f"{view}.png"
    code = main(["gui", str(case), "--screenshot", str(png), "--view", view,
                 "--passphrase-file", str(secret)])
    assert code == 0, capsys.readouterr().err
    with Image.open(png) as image:
        assert image.size == SCREENSHOT_SIZE
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 200


def test_spanish_screenshot_has_spanish_menus(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "es")
    qapp.setProperty("workbenchLanguage", None)  # let application() choose again
    try:
        case = demo_copy(tmp_path)
        secret = tmp_path / "passphrase.txt"
        secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
        assert main(["gui", str(case), "--screenshot", str(tmp_path / "es.png"),
                     "--passphrase-file", str(secret)]) == 0
        assert i18n.current_language() == "es"
    finally:
        i18n.install("en")
        qapp.setProperty("workbenchLanguage", "en")
