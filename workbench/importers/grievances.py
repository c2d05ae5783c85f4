"""Grievance registers (a company's complaints log): one grievance per row, the complainant
matched to an actor (or created at the row's protection level)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from db.models import Grievance
from workbench import dates
from workbench.case import Case
from workbench.importers import datefmt
from workbench.importers.header import PROTECTION_VALUES, fold
from workbench.importers.results import FileResult, ImportOptions
from workbench.importers.table_import import TableSpec, import_table
from workbench.importers.tables import text_value
from workbench.services.actors import add_actor_in, find_actor

FIELDS = ("date", "reference", "channel", "language", "category", "status", "outcome",
          "description", "complainant", "protection")
SYNONYMS = {
    "date": "date", "received": "date", "received_on": "date", "date_received": "date",
    "fecha": "date", "fecha_recepcion": "date",
    "reference": "reference", "ref": "reference", "id": "reference", "code": "reference",
    "referencia": "reference", "codigo": "reference",
    "channel": "channel", "canal": "channel", "via": "channel",
    "language": "language", "idioma": "language", "lengua": "language",
    "category": "category", "type": "category", "categoria": "category", "tipo": "category",
    "status": "status", "estado": "status",
    "outcome": "outcome", "resolution": "outcome", "resultado": "outcome",
    "resolucion": "outcome",
    "description": "description", "summary": "description", "complaint": "description",
    "descripcion": "description", "queja": "description", "reclamo": "description",
    "complainant": "complainant", "name": "complainant", "denunciante": "complainant",
    "reclamante": "complainant", "nombre": "complainant",
    "protection": "protection", "proteccion": "protection",
}


@dataclass(frozen=True)
class GrievanceRow:
    received_on: str
    reference: str
    channel: str
    language: str
    category: str
    status: str
    outcome: str
    description: str
    complainant: str
    protection: str


def check_row(values: dict[str, list[object]], dayfirst: bool | None) -> GrievanceRow:
    try:
        received = datefmt.from_value(values.get("date", [None])[0], dayfirst)
    except (datefmt.AmbiguousDate, dates.DateError) as exc:
        raise ValueError(str(exc)) from None
    protection_raw = text_value(values, "protection")
    protection = PROTECTION_VALUES.get(fold(protection_raw), "") if protection_raw \
        else "pseudonymous"
    if not protection:
        raise ValueError(f"protection '{protection_raw}' is not one of public, pseudonymous, "
                         "withheld")
    row = GrievanceRow(
        received_on=received, reference=text_value(values, "reference"),
        channel=text_value(values, "channel"), language=text_value(values, "language"),
        category=text_value(values, "category"),
        status=text_value(values, "status") or "open", outcome=text_value(values, "outcome"),
        description=text_value(values, "description", "\n"),
        complainant=text_value(values, "complainant"), protection=protection)
    if not (row.description or row.category or row.reference):
        raise ValueError("no description, category or reference")
    return row


def store_rows(session: Session, rows: list[GrievanceRow], evidence_id: int
               ) -> tuple[dict[str, list[int]], list[str]]:
    created: list[int] = []
    grievances: list[int] = []
    for row in rows:
        actor_id = None
        if row.complainant:
            actor = find_actor(session, row.complainant)
            if actor is None:
                actor = add_actor_in(session, row.complainant, protection=row.protection)
                created.append(actor.id)
            actor_id = actor.id
        item = Grievance(reference=row.reference, received_on=row.received_on,
                         channel=row.channel, language=row.language, category=row.category,
                         status=row.status, outcome=row.outcome, description=row.description,
                         complainant_actor_id=actor_id)
        session.add(item)
        session.flush()
        grievances.append(item.id)
    ids = {"grievance": grievances}
    if created:
        ids["actor"] = created
    return ids, []


GRIEVANCES = TableSpec(what="grievance register", synonyms=SYNONYMS, fields=FIELDS,
                       date_fields=("date",), check_row=check_row, store_rows=store_rows)


def import_grievances(case: Case, name: str, data: bytes, *,
                      options: ImportOptions | None = None,
                      path: Path | None = None) -> FileResult:
    return import_table(case, GRIEVANCES, name, data, options=options or ImportOptions(),
                        path=path)
