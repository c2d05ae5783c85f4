"""Timeline tables (an ACLED export, a reviewer's spreadsheet): one event per row, with its
date at its precision, place (and coordinates), category, actors and source, linked to the
table file kept as evidence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from db.models import EvidenceEvent
from db.models.timeline import EVENT_STATUSES
from workbench import dates
from workbench.case import Case
from workbench.importers import datefmt
from workbench.importers.results import FileResult, ImportOptions
from workbench.importers.table_import import TableSpec, import_table
from workbench.importers.tables import number_value, text_value
from workbench.services.actors import add_actor_in, find_actor, find_or_add_place
from workbench.services.events import Role, add_event_in

FIELDS = ("date", "end", "title", "description", "place", "admin_area", "latitude",
          "longitude", "category", "actors", "source", "reference", "tags", "status")
SYNONYMS = {
    "date": "date", "event_date": "date", "fecha": "date", "when": "date", "start": "date",
    "start_date": "date", "fecha_inicio": "date", "datetime": "date",
    "end": "end", "end_date": "end", "fecha_fin": "end", "until": "end", "hasta": "end",
    "title": "title", "event": "title", "titulo": "title", "evento": "title",
    "hecho": "title", "summary": "title", "resumen": "title",
    "description": "description", "notes": "description", "descripcion": "description",
    "details": "description", "detalle": "description",
    "place": "place", "location": "place", "lugar": "place", "localidad": "place",
    "admin1": "admin_area", "region": "admin_area", "departamento": "admin_area",
    "provincia": "admin_area",
    "latitude": "latitude", "lat": "latitude", "latitud": "latitude",
    "longitude": "longitude", "lon": "longitude", "lng": "longitude",
    "longitud": "longitude",
    "category": "category", "event_type": "category", "type": "category",
    "categoria": "category", "tipo": "category",
    "actors": "actors", "actor": "actors", "actor1": "actors", "actor2": "actors",
    "actores": "actors",
    "source": "source", "sources": "source", "fuente": "source", "fuentes": "source",
    "reference": "reference", "ref": "reference", "event_id_cnty": "reference",
    "id": "reference", "referencia": "reference",
    "tags": "tags", "etiquetas": "tags", "status": "status", "estado": "status",
}


@dataclass(frozen=True)
class TimelineRow:
    title: str
    when: str
    description: str
    category: str
    place: str
    admin_area: str
    latitude: float | None
    longitude: float | None
    actors: tuple[str, ...]
    tags: tuple[str, ...]
    status: str
    internal_notes: str


def _when(values: dict[str, list[object]], dayfirst: bool | None) -> str:
    try:
        start = datefmt.from_value(values.get("date", [None])[0], dayfirst)
        end = datefmt.from_value(values.get("end", [None])[0], dayfirst)
        when = f"{start}/{end}" if end and end != start else start
        if when:
            dates.parse(when)
    except (datefmt.AmbiguousDate, dates.DateError) as exc:
        raise ValueError(str(exc)) from None
    return when


def check_row(values: dict[str, list[object]], dayfirst: bool | None) -> TimelineRow:
    when = _when(values, dayfirst)
    latitude = number_value(values, "latitude")
    longitude = number_value(values, "longitude")
    if (latitude is None) != (longitude is None):
        raise ValueError("a latitude needs a longitude (and the other way round)")
    if latitude is not None and longitude is not None and not (
            -90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"coordinates {latitude}, {longitude} are out of range")
    category = text_value(values, "category")
    place = text_value(values, "place", ", ")
    description = text_value(values, "description", "\n")
    title = text_value(values, "title", " ") or (
        f"{category}: {place}" if category and place else
        category or (description[:80] + ("…" if len(description) > 80 else "")))
    if not title.strip():
        raise ValueError("no title, category or description")
    status = text_value(values, "status").lower() or "alleged"
    if status not in EVENT_STATUSES:
        raise ValueError(f"status '{status}' is not one of {', '.join(EVENT_STATUSES)}")
    actors = tuple(dict.fromkeys(a.strip() for v in values.get("actors", [])
                                 for a in str(v).split(";") if a.strip()))
    tags = tuple(t.strip() for v in values.get("tags", []) for t in str(v).replace(
        ";", ",").split(",") if t.strip())
    notes = [f"Source: {text_value(values, 'source')}" if "source" in values else "",
             f"Reference: {text_value(values, 'reference')}" if "reference" in values else ""]
    return TimelineRow(title=title[:500], when=when, description=description,
                       category=category, place=place,
                       admin_area=text_value(values, "admin_area", ", "),
                       latitude=latitude, longitude=longitude, actors=actors, tags=tags,
                       status=status, internal_notes="\n".join(n for n in notes if n))


def store_rows(session: Session, rows: list[TimelineRow], evidence_id: int
               ) -> tuple[dict[str, list[int]], list[str]]:
    events: list[int] = []
    created_actors: list[int] = []
    for row in rows:
        place_id = None
        # Coordinates without a place name still locate the event: the place is named by them.
        name = row.place or (f"{row.latitude:.5f}, {row.longitude:.5f}"
                             if row.latitude is not None and row.longitude is not None else "")
        if name:
            place = find_or_add_place(session, name)
            if place.latitude is None and row.latitude is not None:
                place.latitude, place.longitude = row.latitude, row.longitude
                place.precision = "vicinity"
            if row.admin_area and not place.admin_area:
                place.admin_area = row.admin_area
            place_id = place.id
        roles = []
        for name in row.actors:
            actor = find_actor(session, name)
            if actor is None:
                actor = add_actor_in(session, name)
                created_actors.append(actor.id)
            roles.append(Role(actor.id, "other"))
        event = add_event_in(session, row.title, when=row.when, description=row.description,
                             category=row.category, status=row.status, place_id=place_id,
                             roles=list({r.actor_id: r for r in roles}.values()),
                             tags=list(row.tags), internal_notes=row.internal_notes)
        session.add(EvidenceEvent(evidence_id=evidence_id, event_id=event.id,
                                  stance="supports"))
        events.append(event.id)
    ids = {"event": events}
    if created_actors:
        ids["actor"] = created_actors
    return ids, []


TIMELINE = TableSpec(what="timeline", synonyms=SYNONYMS, fields=FIELDS,
                     date_fields=("date", "end"), check_row=check_row, store_rows=store_rows)


def import_timeline(case: Case, name: str, data: bytes, *,
                    options: ImportOptions | None = None,
                    path: Path | None = None) -> FileResult:
    return import_table(case, TIMELINE, name, data, options=options or ImportOptions(),
                        path=path)
