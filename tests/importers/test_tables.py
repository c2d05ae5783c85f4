"""Timeline and grievance tables: ACLED CSV and XLSX, dates, bad rows, column mapping."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Actor, Event, EvidenceEvent, Grievance, Place
from tests.conftest import corpus
from workbench.importers.grievances import import_grievances
from workbench.importers.results import ImportOptions
from workbench.importers.timeline import import_timeline

HDX = ("hdx-python-utilities", "tests", "fixtures")


def events(case) -> list[tuple]:
    with case.read() as s:
        rows = s.scalars(select(Event).order_by(Event.when_start, Event.id)).all()
        return [(e.title, e.when, e.category, e.description, e.place.name if e.place else "",
                 e.place.latitude if e.place else None,
                 sorted(a.actor.name for a in e.actors)) for e in rows]


def test_acled_csv_and_xlsx_give_the_same_events(tmp_path) -> None:
    from db.keys import FAST_KDF
    from tests.conftest import PASSPHRASE
    from workbench.case import Case

    got = []
    for rel in (("test_data.csv",), ("downloader", "test_data.xlsx")):
        data = corpus(*HDX, *rel).read_bytes()
        with Case.create(tmp_path / f"{rel[-1]}.case", PASSPHRASE, "t", kdf=FAST_KDF) as case:
            result = import_timeline(case, rel[-1], data)
            assert result.status == "imported", result.reason
            assert len(result.ids["event"]) == 4
            got.append(events(case))
    assert got[0] == got[1]
    first = got[0][0]
    assert first[1] == "2001-04-18"
    assert first[0] == "Violence against civilians: Beni Douala"
    assert first[4] == "Beni Douala" and abs(first[5] - 36.61954) < 1e-9
    assert first[6] == ["Civilians (Algeria)", "Police Forces of Algeria (1999-)"]
    assert "quoted" not in got[0][1][3] and "Riots were reported in numerous villages in " \
        "Kabylie, resulting in dozens wounded" in got[0][1][3]  # a NOTES cell with commas


def test_events_link_to_the_table_kept_as_evidence(case) -> None:
    data = corpus(*HDX, "test_data.csv").read_bytes()
    result = import_timeline(case, "acled.csv", data)
    with case.read() as s:
        links = s.scalars(select(EvidenceEvent)).all()
        assert {link.evidence_id for link in links} == set(result.ids["evidence"])
        assert sorted(link.event_id for link in links) == sorted(result.ids["event"])
    again = import_timeline(case, "copy.csv", data)
    assert again.status == "duplicate"


CSV = ("date;title;place;actors;category\n"
       "18/04/2018;Road blocked;Km 12;Comunidad A;protest\n"
       "2018-04-19;Arrests at the gate;Gate 3;\"Policía Nacional; Guard B\";arrest\n"
       "31/02/2018;Impossible day;Km 12;;protest\n"
       "April 2018;Water turned brown;Canal;;water\n")


def test_a_bad_date_names_its_row_and_nothing_is_imported(case) -> None:
    result = import_timeline(case, "t.csv", CSV.encode("cp1252"))
    assert result.status == "rejected"
    assert result.reason.startswith("row 4: '31/02/2018' is not a date: February 2018 has 28")
    assert "--skip-bad-rows" in result.reason
    assert events(case) == []


def test_skip_bad_rows_imports_the_rest_and_lists_what_was_skipped(case) -> None:
    result = import_timeline(case, "t.csv", CSV.encode("cp1252"),
                             options=ImportOptions(skip_bad_rows=True))
    assert result.status == "imported"
    assert len(result.ids["event"]) == 3
    assert any(n.startswith("row 4: ") and n.endswith("skipped") for n in result.notes)
    got = events(case)
    assert [e[1] for e in got] == ["2018-04", "2018-04-18", "2018-04-19"]
    assert got[2][6] == ["Guard B", "Policía Nacional"]  # cp1252 decoded; ';' splits actors


def test_ambiguous_day_month_asks_for_an_option(case) -> None:
    data = b"date,title\n03/04/2018,Meeting\n05/06/2018,Second meeting\n"
    result = import_timeline(case, "a.csv", data)
    assert result.status == "rejected"
    assert "--dayfirst or --monthfirst" in result.reason and "row 2" in result.reason
    result = import_timeline(case, "a.csv", data, options=ImportOptions(dayfirst=False))
    assert result.status == "imported"
    assert [e[1] for e in events(case)] == ["2018-03-04", "2018-05-06"]


def test_one_unambiguous_date_settles_the_order_for_the_file(case) -> None:
    data = b"date,title\n03/04/2018,Meeting\n25/04/2018,Second meeting\n"
    result = import_timeline(case, "b.csv", data)
    assert result.status == "imported", result.reason
    assert [e[1] for e in events(case)] == ["2018-04-03", "2018-04-25"]


def test_column_mapping_by_option(case) -> None:
    data = "Cuándo\tQué pasó\tDónde\n2018-05-01\tMarcha\tPlaza\n".encode()
    rejected = import_timeline(case, "m.tsv", data)
    assert rejected.status == "rejected" and "--map" in rejected.reason
    options = ImportOptions(column_map={"Cuándo": "date", "Qué pasó": "title",
                                        "Dónde": "place"})
    result = import_timeline(case, "m.tsv", data, options=options)
    assert result.status == "imported", result.reason
    assert events(case)[0][:2] == ("Marcha", "2018-05-01")
    with case.read() as s:
        assert s.scalars(select(Place.name)).all() == ["Plaza"]


def test_empty_and_malformed_tables_are_rejected_with_reasons(case) -> None:
    for rel in (("downloader", "test_data.csv"), ("file_hashing", "bad_index.xlsx"),
                ("retriever", "test_hxl.csv")):
        result = import_timeline(case, rel[-1], corpus(*HDX, *rel).read_bytes())
        assert result.status == "rejected" and result.reason, rel


def test_grievance_register(case) -> None:
    data = ("Fecha,Referencia,Canal,Idioma,Categoría,Estado,Resultado,Descripción,"
            "Denunciante,Protección\n"
            "12/03/2019,Q-001,línea quechua,quechua,agua,cerrado,reparado,Agua turbia,"
            "Rosa Quispe,withheld\n"
            "13/03/2019,Q-002,oficina,español,acceso,abierto,,Cerco en el camino,,\n")
    result = import_grievances(case, "quejas.csv", data.encode("utf-8-sig"))
    assert result.status == "imported", result.reason
    with case.read() as s:
        rows = s.scalars(select(Grievance).order_by(Grievance.id)).all()
        assert [(g.reference, g.received_on, g.channel, g.category, g.status) for g in rows] \
            == [("Q-001", "2019-03-12", "línea quechua", "agua", "cerrado"),
                ("Q-002", "2019-03-13", "oficina", "acceso", "abierto")]
        actor = s.get(Actor, rows[0].complainant_actor_id)
        assert actor.name == "Rosa Quispe" and actor.protection == "withheld"
        assert rows[1].complainant_actor_id is None


def test_grievance_with_bad_protection_is_reported_by_row(case) -> None:
    data = b"date,reference,description,complainant,protection\n" \
           b"2019-03-12,Q-1,x,Ana,secret\n"
    result = import_grievances(case, "g.csv", data)
    assert result.status == "rejected" and result.reason.startswith("row 2: protection")


def xlsx(rows: list[list[object]]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_dates_typed_cells_and_the_bad_row_number(case) -> None:
    import datetime as dt

    rows = [["Fecha", "Hecho", "Latitud", "Longitud"],
            [dt.datetime(2018, 4, 3, 14, 5), "Desalojo", -13.5, -71.9],
            [dt.date(2018, 4, 4), "Marcha", "-13,51", "-71,95"],
            [None, None, None, None],
            ["2018-04-05", "Bloqueo", 95.0, -71.9]]
    result = import_timeline(case, "hechos.xlsx", xlsx(rows))
    assert result.status == "rejected"
    assert result.reason.startswith("row 5: coordinates 95.0, -71.9 are out of range")
    result = import_timeline(case, "hechos.xlsx", xlsx(rows[:-1]))
    assert result.status == "imported", result.reason
    got = events(case)
    assert [(e[0], e[1], e[4], e[5]) for e in got] == [
        ("Desalojo", "2018-04-03T14:05", "-13.50000, -71.90000", -13.5),
        ("Marcha", "2018-04-04", "-13.51000, -71.95000", -13.51)]


def test_xlsx_zip_bomb_is_refused(case) -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<c>" + b"0" * 40_000_000 + b"</c>")
    result = import_timeline(case, "bomb.xlsx", out.getvalue())
    assert result.status == "rejected" and "zip bomb" in result.reason
