"""Documents: kept as evidence with their text searchable; every import is audited."""

from __future__ import annotations

import io

from sqlalchemy import select

from db.models import AuditEntry, CustodyEntry, Evidence
from tests.conftest import corpus
from tests.importers.helpers import docx_bytes, paragraphs, photo_from_the_future
from workbench.importers.documents import import_document
from workbench.importers.photos import import_photo
from workbench.search import search


def letter_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawString(72, 720, "Minera Andina responds: the canal was cleaned on 12 April.")
    c.save()
    return out.getvalue()


def test_response_letter_is_searchable_evidence(case) -> None:
    result = import_document(case, "respuesta_empresa.pdf", letter_pdf())
    assert result.status == "imported", result.reason
    with case.read() as s:
        item = s.get(Evidence, result.ids["evidence"][0])
        assert item.kind == "document" and item.media_type == "application/pdf"
        assert "canal was cleaned" in item.extracted_text
    hits = search(case, "cleaned")
    assert [h.kind for h in hits] == ["evidence"]


def test_docx_odt_and_txt_documents(case) -> None:
    odt = corpus("pandoc-tests", "test", "odt", "odt", "footnote.odt")
    for name, data, word in (("carta.docx", docx_bytes(paragraphs("Estimada comisión")),
                              "comisión"),
                             (odt.name, odt.read_bytes(), "Footnote"),
                             ("nota.txt", "Señora Quispe".encode("cp1252"), "Quispe")):
        result = import_document(case, name, data)
        assert result.status == "imported", result.reason
        with case.read() as s:
            assert word in s.get(Evidence, result.ids["evidence"][0]).extracted_text


def test_scanned_pdf_is_rejected_and_nothing_is_stored(case) -> None:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.rect(50, 50, 300, 300, fill=1)
    c.save()
    result = import_document(case, "scan.pdf", out.getvalue())
    assert result.status == "rejected" and "no text layer (scanned?)" in result.reason
    assert result.line() == "scan.pdf: rejected: " + result.reason
    with case.read() as s:
        assert s.scalars(select(Evidence)).all() == []


def test_each_file_is_one_audit_entry_and_a_custody_entry(case) -> None:
    with case.read() as s:
        before = len(s.scalars(select(AuditEntry.seq)).all())
    photo = corpus("exif-samples", "jpg", "Canon_40D.jpg").read_bytes()
    import_photo(case, "/card/DCIM/Canon_40D.jpg", photo)
    import_document(case, "letter.pdf", letter_pdf())
    import_photo(case, "again.jpg", photo)  # a duplicate writes nothing
    with case.read() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()[before:]
        assert [e.action for e in entries] == ["import photo Canon_40D.jpg",
                                               "import document letter.pdf"]
        assert s.scalars(select(CustodyEntry.action)).all() == ["imported", "imported"]


def test_every_importer_reports_the_same_bytes_as_a_duplicate(case) -> None:
    from workbench.importers.batch import IMPORTERS

    samples = {
        "notes": ("n.txt", b"title: A\n\nText of the notes."),
        "photos": ("p.jpg", corpus("exif-samples", "jpg", "Canon_40D.jpg").read_bytes()),
        "documents": ("d.pdf", letter_pdf()),
        "timeline": ("t.csv", b"date,title\n2018-04-03,March\n"),
        "grievances": ("g.csv", b"date,reference,description\n2019-01-02,Q-1,Water\n"),
    }
    assert set(samples) == set(IMPORTERS)
    for kind, (name, data) in samples.items():
        first = IMPORTERS[kind](case, name, data)
        assert first.status == "imported", (kind, first.reason)
        again = IMPORTERS[kind](case, f"copy of {name}", data)
        assert again.status == "duplicate", kind
        assert again.ids["evidence"] == first.ids["evidence"]


def test_photo_metadata_notes_are_stored_with_the_evidence(case) -> None:
    result = import_photo(case, "wwl.jpg", photo_from_the_future())
    with case.read() as s:
        item = s.get(Evidence, result.ids["evidence"][0])
        assert item.captured_at is None
        assert "in the future" in item.metadata_notes
        assert item.camera_make == "WWL"
