"""A damaged TIFF gets our one-line rejection, not libtiff's own messages on the terminal."""

from __future__ import annotations

from tests.conftest import corpus
from workbench.importers.photos import import_photo


def test_damaged_tiff_prints_no_library_messages(case, capfd):
    path = corpus("pillow-images", "Tests", "images", "crash-2020-10-test.tif")
    result = import_photo(case, path.name, path.read_bytes())
    assert result.status == "rejected"
    assert "damaged" in result.reason
    captured = capfd.readouterr()
    assert "TIFF" not in captured.err and "_tiffReadProc" not in captured.err
