"""The right-of-reply letter: the allegations put to a party, and the date to answer by.

One letter per party, each starting on a new page, with the same page furniture (marking,
page numbers) and embedded font as the report.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from exports.i18n import label
from exports.layout import FRAME_WIDTH, MARGIN, PAGE, page_furniture, styles, text
from exports.model import ReplyLetter
from exports.pdf import CREATOR, grid


def _letter(letter: ReplyLetter) -> list[object]:
    s = styles()

    def L(key: str) -> str:
        return label(letter.lang, key)

    facts = [[Paragraph(text(k), s["small"]), Paragraph(text(v), s["small"])] for k, v in (
        (L("letter_to"), letter.party), (L("letter_date"), letter.dated),
        (L("reference"), letter.reference), (L("letter_re"), letter.case_title),
        (L("response_due"), letter.response_due or "—"))]
    out: list[object] = [Paragraph(text(L("letter_subject")), s["h1"]),
                         grid(facts, [4 * cm, FRAME_WIDTH - 4 * cm], header=False, zebra=False),
                         Spacer(1, 12),
                         Paragraph(text(L("letter_intro").format(party=letter.party)), s["body"])]
    for n, a in enumerate(letter.allegations, 1):
        block = [Paragraph(f"{L('allegation')} {n}. {text(a.title)}", s["h2"]),
                 Paragraph(text(a.text or "—"), s["body"])]
        meta = f"{L('put_on')}: {a.put_on or '—'} · {L('response_due')}: {a.response_due or '—'}"
        if a.responded_on:
            meta += f" · {L('responded')}: {a.responded_on}"
        block.append(Paragraph(text(meta), s["small"]))
        out.append(KeepTogether(block))
    out += [Spacer(1, 10),
            Paragraph(text(L("letter_deadline").format(due=letter.response_due or "—")),
                      s["body"]),
            Paragraph(text(L("letter_close")), s["body"]), Spacer(1, 18),
            Paragraph(text(letter.signatory), s["body"])]
    return out


def render(letters: Sequence[ReplyLetter]) -> bytes:
    if not letters:
        raise ValueError("no allegations have been put to any party")
    first = letters[0]
    story: list[object] = []
    for i, letter in enumerate(letters):
        if i:
            story.append(PageBreak())
        story += _letter(letter)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + 0.3 * cm, bottomMargin=MARGIN,
                            title=label(first.lang, "letter_subject"), author="", subject="",
                            creator=CREATOR, keywords="", invariant=1, lang=first.lang)
    canvas = page_furniture(first.classification, "confidential"
                            if first.classification != "PUBLIC" else "publication",
                            first.case_title, (label(first.lang, "page"),
                                               label(first.lang, "of")))
    doc.build(story, canvasmaker=canvas)
    return out.getvalue()


__all__ = ["render"]
