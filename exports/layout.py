"""What every PDF the workbench writes shares: the embedded font, styles, page furniture.

The font is DejaVu Sans, shipped in resources/fonts with its licence, embedded (subset) in
every PDF so Spanish, Quechua and other Latin diacritics, Greek and Cyrillic render anywhere.
Every page carries the classification marking in its header and "Page n of N" in its footer.
"""

from __future__ import annotations

from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "WorkbenchSans"
FONT_FILES = {
    FONT: "DejaVuSans.ttf", f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
    f"{FONT}-Italic": "DejaVuSans-Oblique.ttf", f"{FONT}-BoldItalic": "DejaVuSans-BoldOblique.ttf",
}
PAGE = A4
MARGIN = 2 * cm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
ACCENT = colors.HexColor("#1d4e89")
RULE = colors.HexColor("#cbd2d9")
SHADE = colors.HexColor("#eef2f6")
MARK_COLOUR = {"confidential": colors.HexColor("#b42318"),
               "publication": colors.HexColor("#1d6b3a")}


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources.files("resources.fonts")
    for name, filename in FONT_FILES.items():
        with resources.as_file(folder.joinpath(filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=f"{FONT}-Bold",
                                  italic=f"{FONT}-Italic", boldItalic=f"{FONT}-BoldItalic")


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5, textColor=INK,
                          spaceAfter=5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10.2, spaceAfter=0),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontName=f"{FONT}-Bold",
                                   fontSize=8, leading=10.2, spaceAfter=0,
                                   textColor=colors.white),
        "mono": ParagraphStyle("mono", parent=base, fontSize=6.6, leading=8.5, spaceAfter=0),
        "quote": ParagraphStyle("quote", parent=base, fontName=f"{FONT}-Italic", fontSize=8.8,
                                leading=12, leftIndent=10, textColor=INK, spaceAfter=2),
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=10.5,
                               textColor=colors.HexColor("#8a4b00"), spaceAfter=2),
        "h1": ParagraphStyle("h1", parent=base, fontName=f"{FONT}-Bold", fontSize=15,
                             leading=19, textColor=ACCENT, spaceBefore=4, spaceAfter=9),
        "h2": ParagraphStyle("h2", parent=base, fontName=f"{FONT}-Bold", fontSize=11,
                             leading=14, textColor=INK, spaceBefore=8, spaceAfter=4),
        "title": ParagraphStyle("title", parent=base, fontName=f"{FONT}-Bold", fontSize=21,
                                leading=27, textColor=ACCENT, spaceAfter=14),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=12.5, leading=17,
                                   textColor=MUTED, spaceAfter=22),
        "mark": ParagraphStyle("mark", parent=base, fontName=f"{FONT}-Bold", fontSize=13,
                               leading=17, alignment=TA_CENTER, textColor=colors.white),
        "caption": ParagraphStyle("caption", parent=base, fontSize=8, leading=10.5,
                                  textColor=MUTED, spaceBefore=3, spaceAfter=12),
    }


def text(value: str) -> str:
    """User text made safe for a Paragraph: escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def page_furniture(marking: str, profile: str, running_title: str, page_words: tuple[str, str]
                   ) -> type[Canvas]:
    """A canvas class that draws header and footer on every page, with the page total."""
    mark_colour = MARK_COLOUR.get(profile, INK)

    class FurnishedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furnish(total)
                super().showPage()
            super().save()

        def _furnish(self, total: int) -> None:
            width, height = PAGE
            self.saveState()
            self.setFillColor(mark_colour)
            self.rect(0, height - 1.15 * cm, width, 1.15 * cm, stroke=0, fill=1)
            self.setFillColor(colors.white)
            self.setFont(f"{FONT}-Bold", 10)
            self.drawCentredString(width / 2, height - 0.72 * cm, marking)
            self.setFillColor(MUTED)
            self.setFont(FONT, 7.5)
            short = running_title if len(running_title) < 110 else running_title[:107] + "…"
            self.drawString(MARGIN, height - 1.6 * cm, short)
            self.setStrokeColor(RULE)
            self.line(MARGIN, 1.45 * cm, width - MARGIN, 1.45 * cm)
            self.drawString(MARGIN, 1.0 * cm, marking)
            self.drawRightString(width - MARGIN, 1.0 * cm,
                                 f"{page_words[0]} {self._pageNumber} {page_words[1]} {total}")
            self.restoreState()

    return FurnishedCanvas


__all__ = ["FONT", "FRAME_WIDTH", "MARGIN", "PAGE", "page_furniture", "register_fonts",
           "styles", "text"]
