"""The findings report as PDF (ReportLab platypus), from the report model only.

Cover with the classification marking, contents, then the sections of DOMAIN.md; the
marking is in every page header, pages are numbered "n of N", and every section and
subsection is a PDF bookmark. No author or reviewer name goes into the metadata.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from exports import charts
from exports.i18n import label, value
from exports.layout import (
    ACCENT,
    FRAME_WIDTH,
    MARGIN,
    MARK_COLOUR,
    PAGE,
    RULE,
    SHADE,
    page_furniture,
    styles,
    text,
)
from exports.model import Account, Count, Report

CREATOR = "Incident Investigation Workbench"


# Images go into the PDF as binary streams, not ASCII85 text: without ReportLab's optional
# C accelerator the pure-Python ASCII85 encoder took a third of a photo report's rendering
# time, and the leak guard spent as long decoding it again (PDFs are also 20% smaller).
rl_config.useA85 = 0


class ReportDoc(BaseDocTemplate):
    """Turns headings into bookmarks and contents entries as they are laid out."""

    def __init__(self, out: io.BytesIO, **kwargs: Any) -> None:
        super().__init__(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + 0.3 * cm, bottomMargin=MARGIN, **kwargs)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._seq = 0

    def beforeDocument(self) -> None:
        self._seq = 0  # every pass must name the bookmarks alike, or contents never settle

    def afterFlowable(self, flowable: Flowable) -> None:
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        title = flowable.getPlainText()
        self._seq += 1
        key = f"s{self._seq}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        if level <= 1:
            self.notify("TOCEntry", (level, title, self.page, key))


class JpegImage(Flowable):
    """A JPEG placed as is (DCTDecode passthrough), never decoded.

    ReportLab's Image flowable and drawImage(ImageReader) decode every picture to RGB to
    name it, which for a few hundred photos costs gigabytes; this registers the JPEG bytes
    the core produced directly as an image XObject (the same calls drawImage makes).
    """

    def __init__(self, jpeg: bytes, width: float, height: float) -> None:
        super().__init__()
        self.jpeg, self.width, self.height = jpeg, width, height

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv: Any = self.canv
        name = hashlib.sha256(self.jpeg).hexdigest()[:32]
        reg_name = canv._doc.getXObjectName(name)
        if canv._doc.idToObject.get(reg_name) is None:
            xobject = PDFImageXObject(name)
            xobject.loadImageFromJPEG(io.BytesIO(self.jpeg))
            xobject.name = name
            canv._setXObjects(xobject)
            canv._doc.Reference(xobject, reg_name)
            canv._doc.addForm(name, xobject)
        canv._currentPageHasImages = 1
        canv.saveState()
        canv.scale(self.width, self.height)
        canv._code.append(f"/{reg_name} Do")
        canv.restoreState()
        canv._formsinuse.append(name)  # so the page's resources name it


def heading(words: str, style: Any, level: int) -> Paragraph:
    p = Paragraph(text(words), style)
    p.outline_level = level
    return p


def grid(rows: list[list[Any]], widths: Sequence[float], *, header: bool = True,
         zebra: bool = True) -> Table:
    t = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), ACCENT))
    if zebra:
        for r in range(2 if header else 1, len(rows), 2):
            style.append(("BACKGROUND", (0, r), (-1, r), SHADE))
    t.setStyle(TableStyle(style))
    return t


class _Writer:
    def __init__(self, report: Report) -> None:
        self.r = report
        self.s = styles()
        self.lang = report.lang

    def L(self, key: str) -> str:
        return label(self.lang, key)

    def V(self, word: str) -> str:
        return value(self.lang, word)

    def p(self, words: str, style: str = "body") -> Paragraph:
        return Paragraph(text(words), self.s[style])

    def cells(self, *values: str, style: str = "cell") -> list[Paragraph]:
        return [Paragraph(text(v), self.s[style]) for v in values]

    def head(self, *values: str) -> list[Paragraph]:
        return self.cells(*values, style="cellhead")

    def section(self, key: str) -> list[Flowable]:
        return [CondPageBreak(5 * cm), heading(self.L(key), self.s["h1"], 0)]

    # -- cover and contents ---------------------------------------------------------

    def cover(self) -> list[Flowable]:
        r = self.r
        band = Table([[Paragraph(text(r.classification), self.s["mark"])]],
                     colWidths=[FRAME_WIDTH], rowHeights=[1.1 * cm])
        band.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), MARK_COLOUR[r.profile]),
                                  ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        facts = [[self.p(self.L("reference"), "small"), self.p(r.reference or "—", "small")],
                 [self.p(self.L("period"), "small"), self.p(r.period or "—", "small")],
                 [self.p(self.L("generated"), "small"), self.p(r.generated_on, "small")]]
        out: list[Flowable] = [Spacer(1, 2.2 * cm), band, Spacer(1, 2.2 * cm),
                               self.p(r.title, "title"),
                               self.p(self.L(f"report_kind_{r.profile}"), "subtitle"),
                               grid(facts, [5 * cm, FRAME_WIDTH - 5 * cm], header=False,
                                    zebra=False)]
        if r.is_demo:
            out += [Spacer(1, 1 * cm), self.p(self.L("fictional"), "note")]
        toc = TableOfContents()
        toc.levelStyles = [self.s["body"], self.s["small"]]
        toc.dotsMinLevel = 0
        out += [PageBreak(), heading(self.L("contents"), self.s["h1"], 0), toc, PageBreak()]
        return out

    # -- sections -------------------------------------------------------------------

    def summary(self) -> list[Flowable]:
        return self.section("summary") + [self.p(line) for line in self.r.summary]

    def mandate(self) -> list[Flowable]:
        r, m = self.r, self.r.methodology
        out = self.section("mandate")
        out += [heading(self.L("mandate_h"), self.s["h2"], 1), self.p(r.mandate or "—")]
        if r.scope:
            out += [heading(self.L("scope_h"), self.s["h2"], 1), self.p(r.scope)]
        out += [heading(self.L("method_h"), self.s["h2"], 1)]
        if m.interviews:
            out.append(self.p(self.L("interviews_held").format(
                n=m.interviews, first=m.first_interview, last=m.last_interview)))
        out.append(self.p(self.L("documents_photos").format(docs=m.documents, photos=m.photos)))
        tables = [self.count_table(self.L(k), counts) for k, counts in
                  (("by_group", m.by_group), ("by_language", m.by_language),
                   ("by_month", m.by_month), ("by_mode", m.by_mode)) if counts]
        half = (FRAME_WIDTH - 0.6 * cm) / 2
        pairs = [tables[i:i + 2] + [""] * (2 - len(tables[i:i + 2]))
                 for i in range(0, len(tables), 2)]
        if pairs:
            layout = Table(pairs, colWidths=[half + 0.3 * cm, half + 0.3 * cm], hAlign="LEFT")
            layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
            out.append(layout)
        return out

    def count_table(self, title: str, counts: Sequence[Count]) -> Table:
        half = (FRAME_WIDTH - 0.6 * cm) / 2
        rows = [self.head(title, self.L("count"))]
        rows += [self.cells(c.label, str(c.count)) for c in counts]
        return grid(rows, [half - 1.6 * cm, 1.6 * cm])

    def chronology(self) -> list[Flowable]:
        out = self.section("chronology")
        if not self.r.chronology:
            return [*out, self.p(self.L("none"))]
        chart = charts.chronology_chart(self.r.chronology, FRAME_WIDTH)
        if chart is not None:
            out += [KeepTogether([chart, Spacer(1, 3), charts.legend(self.lang),
                                  self.p(self.L("chart_title"), "caption")])]
        rows = [self.head(self.L("ref"), self.L("when"), self.L("event"), self.L("status"),
                          self.L("sources"))]
        for e in self.r.chronology:
            body = f"<b>{text(e.title)}</b>"
            if e.description:
                body += f"<br/>{text(e.description)}"
            extra = [x for x in (e.place, ", ".join(e.actors)) if x]
            if extra:
                body += f"<br/><font color='#616e7c'>{text(' · '.join(extra))}</font>"
            if e.internal_notes:
                body += (f"<br/><font color='#8a4b00'><i>{self.L('internal')}: "
                         f"{text(e.internal_notes)}</i></font>")
            sources = ", ".join(f"{s.label} ({self.V(s.stance)})" for s in e.sources)
            rows.append([self.p(e.ref, "cell"), self.p(e.when, "cell"),
                         Paragraph(body, self.s["cell"]), self.p(self.V(e.status), "cell"),
                         self.p(sources or "—", "cell")])
        out.append(grid(rows, [1.2 * cm, 2.6 * cm, 7.6 * cm, 2.3 * cm, 3.3 * cm]))
        return out

    def accounts(self, accounts: Sequence[Account]) -> list[Flowable]:
        out: list[Flowable] = []
        for a in accounts:
            out.append(Paragraph(f"“{text(a.text)}”", self.s["quote"]))
            if a.translation:
                out.append(Paragraph(f"[{text(a.translation)}]", self.s["quote"]))
            out.append(Paragraph(f"— {text(a.source)}", self.s["small"]))
            out.append(Spacer(1, 4))
        return out or [self.p("—", "cell")]

    def contested(self) -> list[Flowable]:
        out = self.section("contested")
        if not self.r.contested:
            return [*out, self.p(self.L("none"))]
        half = FRAME_WIDTH / 2
        for c in self.r.contested:
            rows = [self.head(self.L("supporting"), self.L("contradicting")),
                    [self.accounts(c.supporting), self.accounts(c.contradicting)]]
            out += [heading(f"{c.ref} · {c.when}: {c.title}", self.s["h2"], 1),
                    grid(rows, [half, half], zebra=False), Spacer(1, 6)]
        return out

    def findings(self) -> list[Flowable]:
        out = self.section("findings")
        if not self.r.findings:
            return [*out, self.p(self.L("none"))]
        for f in self.r.findings:
            out += [heading(f"{f.number}. {f.title}", self.s["h2"], 1), self.p(f.statement)]
            facts = [(self.L("assessment"), self.V(f.assessment)),
                     (self.L("events"), ", ".join(f.events) or "—"),
                     (self.L("evidence_refs"), ", ".join(f.evidence) or "—"),
                     (self.L("standards"), "\n".join(f.standards) or "—")]
            rows = [self.cells(k, v) for k, v in facts]
            out.append(grid(rows, [3.5 * cm, FRAME_WIDTH - 3.5 * cm], header=False))
            if f.accounts:
                out += [Spacer(1, 4), *self.accounts(f.accounts)]
            if f.internal_notes:
                out.append(self.p(f"{self.L('internal')}: {f.internal_notes}", "note"))
        return out

    def recommendations(self) -> list[Flowable]:
        out = self.section("recommendations")
        if not self.r.recommendations:
            return [*out, self.p(self.L("none"))]
        rows = [self.head(self.L("number"), self.L("title"), self.L("addressee"),
                          self.L("priority"), self.L("status"), self.L("due"))]
        for r in self.r.recommendations:
            rows.append(self.cells(str(r.number), r.title, r.addressee or "—",
                                   self.V(r.priority), self.V(r.status), r.due_on or "—"))
        out.append(grid(rows, [0.9 * cm, 6.1 * cm, 3.9 * cm, 1.6 * cm, 2.5 * cm, 2.0 * cm]))
        for r in self.r.recommendations:
            out += [heading(f"{r.number}. {r.title}", self.s["h2"], 1), self.p(r.text)]
            steps = [f"{h.on}: {self.V(h.status)}" + (f" ({h.note})" if h.note else "")
                     for h in r.history]
            if steps:
                out.append(self.p(f"{self.L('history')}: " + "; ".join(steps), "small"))
            for note in r.progress:
                out.append(self.p(f"{self.L('progress')} {note.on}: {note.note}", "small"))
        return out

    def grievances(self) -> list[Flowable]:
        g = self.r.grievances
        out = self.section("grievances")
        out.append(self.p(f"{self.L('total')}: {g.total}"))
        tables = [self.count_table(self.L(k), counts) for k, counts in
                  (("status", g.by_status), ("category", g.by_category),
                   ("channel", g.by_channel), ("language", g.by_language)) if counts]
        half = (FRAME_WIDTH - 0.6 * cm) / 2
        pairs = [tables[i:i + 2] + [""] * (2 - len(tables[i:i + 2]))
                 for i in range(0, len(tables), 2)]
        if pairs:
            layout = Table(pairs, colWidths=[half + 0.3 * cm] * 2, hAlign="LEFT")
            layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
            out.append(layout)
        return out

    def evidence(self) -> list[Flowable]:
        out = self.section("evidence")
        if not self.r.evidence:
            return [*out, self.p(self.L("none"))]
        rows = [self.head(self.L("number"), self.L("kind"), self.L("title"), self.L("date"),
                          self.L("sha256"))]
        for e in self.r.evidence:
            title = e.title
            if self.r.profile == "confidential":
                more = [x for x in (e.source, e.location, self.V(e.verification)) if x]
                title += "\n" + " · ".join(more)
                if e.custody:
                    title += "\n" + "\n".join(
                        f"{c.at} {c.action}" + (f" ({c.who})" if c.who else "")
                        for c in e.custody)
                if e.internal_notes:
                    title += f"\n{self.L('internal')}: {e.internal_notes}"
            rows.append([self.p(e.number, "cell"), self.p(self.V(e.kind), "cell"),
                         self.p(title, "cell"), self.p(e.date or "—", "cell"),
                         self.p(f"{e.sha256[:32]}\n{e.sha256[32:]}", "mono")])
        out.append(grid(rows, [1.5 * cm, 1.7 * cm, 7.2 * cm, 2.4 * cm, 4.2 * cm]))
        return out

    def photos(self) -> list[Flowable]:
        out = [PageBreak(), heading(self.L("photos"), self.s["h1"], 0)]
        if not self.r.photos:
            return [*out, self.p(self.L("no_photos"))]
        max_w, max_h = FRAME_WIDTH, 10.5 * cm
        for photo in self.r.photos:
            scale = min(max_w / photo.width, max_h / photo.height)
            image = JpegImage(photo.jpeg, photo.width * scale, photo.height * scale)
            image.hAlign = "CENTER"
            caption = f"<b>{text(photo.number)}</b> · {text(photo.caption)}"
            if photo.graphic:
                caption += f" <i>({self.L('graphic')})</i>"
            out.append(KeepTogether([image, Paragraph(caption, self.s["caption"])]))
        return out

    def story(self) -> list[Flowable]:
        return [*self.cover(), *self.summary(), *self.mandate(), *self.chronology(),
                *self.contested(), *self.findings(), *self.recommendations(),
                *self.grievances(), *self.evidence(), *self.photos()]


def render_flowables(report: Report) -> list[Flowable]:
    return _Writer(report).story()


def render(report: Report) -> bytes:
    """The report as PDF bytes (unencrypted; the core may encrypt after its scan)."""
    writer = _Writer(report)
    out = io.BytesIO()
    marking = writer.L(report.profile) if report.profile == "publication" \
        else report.classification
    doc = ReportDoc(out, title=report.title, author="", subject="", creator=CREATOR,
                    keywords="", invariant=1, lang=report.lang)
    canvas = page_furniture(marking, report.profile, report.title,
                            (writer.L("page"), writer.L("of")))
    doc.multiBuild(writer.story(), canvasmaker=canvas)
    return out.getvalue()


__all__ = ["colors", "render", "render_flowables"]
