"""The evidence view on the demo case: gallery and filters, the redaction tool drawn with
the mouse and seen in the publication preview, graphic content, verify hashes."""

from __future__ import annotations

import hashlib

from demofile import click_item, demo_copy, open_view
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from uihelpers import PASSPHRASE

from ui.views.evidence import EvidenceView
from workbench.case import Case
from workbench.queries import evidence_queries as eq


def _point(canvas, fx: float, fy: float) -> QPoint:
    return canvas.to_widget(QRectF(fx, fy, 0, 0)).topLeft().toPoint()


def test_gallery_lists_the_demo_evidence_and_filters(make_window, qtbot, tmp_path,
                                                     qtmodeltester):
    window = make_window()
    view = open_view(qtbot, window, demo_copy(tmp_path), "evidence")
    assert isinstance(view, EvidenceView)
    assert view.model.rowCount() == 12
    assert view.viewer.detail is not None and view.viewer.detail.row.kind == "photo"
    assert len(view.viewer.sha256.text()) == 64
    qtmodeltester.check(view.model)
    with qtbot.waitSignal(view.model.modelReset, timeout=10_000):
        view.kind.setCurrentIndex(view.kind.findData("document"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=10_000)
    assert {r.kind for r in view.model.rows} == {"document"}
    with qtbot.waitSignal(view.model.modelReset, timeout=10_000):
        view.kind.setCurrentIndex(0)
    with qtbot.waitSignal(view.model.modelReset, timeout=10_000):
        view.gps.setCurrentIndex(view.gps.findData(False))
    assert {r.kind for r in view.model.rows} == {"document"}  # photos carry GPS


def test_graphic_photo_is_blurred_until_clicked(make_window, qtbot, tmp_path):
    window = make_window()
    view = open_view(qtbot, window, demo_copy(tmp_path), "evidence")
    graphic = next(r for r in view.model.rows if r.graphic)
    index = view.model.index_of(graphic.id)
    view.gallery.scrollTo(index)
    qtbot.waitUntil(lambda: graphic.id in view.model._cache, timeout=10_000)
    blurred = view.model.data(index, Qt.ItemDataRole.DecorationRole).pixmap(64).toImage()
    click_item(qtbot, view.gallery, index)
    assert graphic.id in view.model.revealed
    clear = view.model.data(index, Qt.ItemDataRole.DecorationRole).pixmap(64).toImage()
    assert blurred != clear


def test_drawing_a_region_shows_it_in_the_publication_preview(make_window, qtbot, tmp_path):
    path = demo_copy(tmp_path)
    window = make_window()
    view = open_view(qtbot, window, path, "evidence")
    detail = view.viewer.detail
    assert detail is not None and detail.row.kind == "photo" and not detail.regions
    ident, sha = detail.row.id, detail.sha256
    view.viewer.setCurrentIndex(0)
    canvas = view.viewer.canvas
    qtbot.waitUntil(lambda: not canvas.image().isNull() and
                    not view.viewer.preview.image().isNull(), timeout=10_000)
    before = view.viewer.preview.image().copy()
    probe = QPointF(0.3, 0.3)  # the middle of the region drawn below
    px = int(probe.x() * before.width()), int(probe.y() * before.height())
    assert before.pixelColor(*px).name() != "#000000"

    qtbot.mouseClick(view.viewer.redact_button, Qt.MouseButton.LeftButton)
    assert canvas.editing
    start, end = _point(canvas, 0.1, 0.1), _point(canvas, 0.5, 0.5)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, _point(canvas, 0.3, 0.3))
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)

    qtbot.waitUntil(lambda: view.viewer.detail is not None
                    and len(view.viewer.detail.regions) == 1, timeout=10_000)
    region = view.viewer.detail.regions[0]
    assert region.style == "fill"
    assert abs(region.x - 0.1) < 0.02 and abs(region.w - 0.4) < 0.02
    assert len(canvas.regions) == 1  # drawn over the photo in the editor
    qtbot.waitUntil(lambda: view.viewer.preview.image() != before, timeout=10_000)
    after = view.viewer.preview.image()
    assert after.pixelColor(*px).name() == "#000000"  # burned in by the export's code
    # Outside the region the preview is the photo as before.
    outside = int(0.8 * after.width()), int(0.8 * after.height())
    assert abs(after.pixelColor(*outside).red() - before.pixelColor(*outside).red()) < 24

    window.lock()
    qtbot.waitSignal(window.locked, timeout=10_000)
    with Case.open(path, PASSPHRASE) as case:
        original = eq.original(case, ident)
        assert hashlib.sha256(original).hexdigest() == sha  # the original is untouched
        assert len(eq.detail(case, ident).regions) == 1


def test_moving_and_deleting_a_region(make_window, qtbot, tmp_path):
    window = make_window()
    view = open_view(qtbot, window, demo_copy(tmp_path), "evidence")
    canvas = view.viewer.canvas
    qtbot.waitUntil(lambda: not canvas.image().isNull(), timeout=10_000)
    view.viewer.style_blur.setChecked(True)
    view.viewer.redact_button.setChecked(True)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=_point(canvas, 0.2, 0.2))
    qtbot.mouseMove(canvas, _point(canvas, 0.4, 0.4))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=_point(canvas, 0.4, 0.4))
    qtbot.waitUntil(lambda: len(canvas.regions) == 1, timeout=10_000)
    assert canvas.regions[0].style == "blur"
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=_point(canvas, 0.3, 0.3))
    qtbot.mouseMove(canvas, _point(canvas, 0.5, 0.35))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=_point(canvas, 0.5, 0.35))
    qtbot.waitUntil(lambda: abs(view.viewer.detail.regions[0].x - 0.4) < 0.02,
                    timeout=10_000)
    assert abs(view.viewer.detail.regions[0].y - 0.25) < 0.02
    assert canvas.selected == view.viewer.detail.regions[0].id
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: not view.viewer.detail.regions, timeout=10_000)
    # Undo (Edit > Undo) puts the move back? The delete is not undoable; the move is.
    assert not canvas.regions


def test_verify_hashes_reports_every_original_intact(make_window, qtbot, tmp_path):
    window = make_window()
    view = open_view(qtbot, window, demo_copy(tmp_path), "evidence")
    qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.result.isVisible(), timeout=15_000)
    assert "12" in view.result.text() and view.result.objectName() == "okBanner"


def test_document_text_is_searchable_and_an_excerpt_can_be_marked(make_window, qtbot,
                                                                  tmp_path):
    window = make_window()
    view = open_view(qtbot, window, demo_copy(tmp_path), "evidence")
    letter = view.model.index_of(next(r.id for r in view.model.rows if r.number == "E-0001"))
    click_item(qtbot, view.gallery, letter)
    qtbot.waitUntil(lambda: view.viewer.detail is not None
                    and view.viewer.detail.row.number == "E-0001", timeout=10_000)
    assert view.viewer.currentIndex() == 2  # a document opens on its text
    marked = len(view.viewer.detail.excerpts)
    view.viewer.find_field.setText("poza de sedimentación")
    assert view.viewer.find_next()
    cursor = view.viewer.text.textCursor()
    assert cursor.selectedText() == "poza de sedimentación"
    qtbot.mouseClick(view.viewer.mark_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.viewer.detail.excerpts) == marked + 1, timeout=10_000)
    assert any(x[3] == "poza de sedimentación" for x in view.viewer.detail.excerpts)
    assert view.viewer.excerpts.count() == marked + 1


def test_linking_an_item_to_an_event_and_undo(make_window, qtbot, tmp_path):
    window = make_window()
    view = open_view(qtbot, window, demo_copy(tmp_path), "evidence")
    qtbot.waitUntil(lambda: view.viewer.link_event.count() > 0, timeout=10_000)
    linked = {e[0] for e in view.viewer.detail.events}
    index = next(i for i in range(view.viewer.link_event.count())
                 if view.viewer.link_event.itemData(i) not in linked)
    view.viewer.link_event.setCurrentIndex(index)
    view.viewer.link_stance.setCurrentIndex(view.viewer.link_stance.findData("contradicts"))
    event_id = view.viewer.link_event.itemData(index)
    qtbot.mouseClick(view.viewer.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (event_id, "contradicts") in
                    {(e[0], e[2]) for e in view.viewer.detail.events}, timeout=10_000)
    assert any("[contradicts]" in view.viewer.links.item(i).text()
               for i in range(view.viewer.links.count()))
    with qtbot.waitSignal(window.undo_stack.changed, timeout=10_000):
        window.undo_stack.undo()
    qtbot.waitUntil(lambda: event_id not in {e[0] for e in view.viewer.detail.events},
                    timeout=10_000)
