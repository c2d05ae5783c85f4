"""Words the renderers print, in English and Spanish (the report's ``--lang``)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "confidential": "CONFIDENTIAL", "publication": "PUBLIC",
        "report_kind_confidential": "Confidential report for the review team",
        "report_kind_publication": "Findings report: publication summary",
        "fictional": "Fictional demo case: every person, place and organisation is invented.",
        "generated": "Generated", "reference": "Reference", "period": "Period under review",
        "contents": "Contents", "summary": "Summary", "mandate": "Mandate and methodology",
        "mandate_h": "Mandate", "scope_h": "Scope", "method_h": "Methodology",
        "chronology": "Chronology", "contested": "Contested facts", "findings": "Findings",
        "recommendations": "Recommendations and action plan",
        "grievances": "Grievance mechanism statistics", "evidence": "Evidence register",
        "photos": "Annexed photographs", "page": "Page", "of": "of",
        "interviews": "Interviews", "by_group": "By stakeholder group",
        "by_language": "By language", "by_month": "By month", "by_mode": "By mode",
        "count": "Count", "when": "Date", "event": "Event", "status": "Status",
        "place": "Place", "sources": "Sources", "actors": "Actors", "ref": "Ref.",
        "supporting": "Accounts supporting", "contradicting": "Accounts contradicting",
        "assessment": "Assessment", "events": "Events", "standards": "Standards engaged",
        "evidence_refs": "Evidence", "accounts": "Accounts", "addressee": "Addressed to",
        "priority": "Priority", "due": "Due", "history": "Status history",
        "progress": "Progress", "number": "No.", "kind": "Kind", "title": "Title",
        "date": "Date", "sha256": "SHA-256", "verification": "Verification",
        "custody": "Custody", "source": "Source", "location": "Location",
        "internal": "Internal note", "total": "Total", "category": "Category",
        "channel": "Channel", "language": "Language", "none": "None.",
        "chart_title": "Events on a time axis (bars: date ranges or partial dates; "
                       "hollow marks: approximate or uncertain dates)",
        "graphic": "Graphic content", "no_photos": "No photographs may be annexed.",
        "interviews_held": "{n} interviews were held between {first} and {last}.",
        "documents_photos": "The review examined {docs} documents and {photos} photographs.",
        "summary_events": "The chronology sets out {n} events{span}.",
        "summary_findings": "The review reached {n} findings: {parts}.",
        "summary_recs": "It made {n} recommendations; {done} implemented, {open} open.",
        "summary_grievances": "The grievance mechanism registered {n} grievances.",
        "span": " between {first} and {last}",
        "letter_subject": "Allegations put to you for your response (right of reply)",
        "letter_intro": "In the course of the independent review referred to above, the "
                        "following allegations concerning {party} have come to our attention. "
                        "Before we reach any conclusion, we invite you to respond to each of "
                        "them, with any documents you consider relevant.",
        "letter_deadline": "Please send your response by {due}. Responses received after "
                           "that date may not be reflected in the report.",
        "letter_close": "We will reflect your response fairly in our report.",
        "letter_to": "To", "letter_date": "Date", "letter_re": "Re",
        "allegation": "Allegation", "put_on": "Put on", "response_due": "Response due",
        "responded": "Response received",
    },
    "es": {
        "confidential": "CONFIDENCIAL", "publication": "PÚBLICO",
        "report_kind_confidential": "Informe confidencial para el equipo de revisión",
        "report_kind_publication": "Informe de conclusiones: resumen para publicación",
        "fictional": "Caso de demostración ficticio: todas las personas, lugares y "
                     "organizaciones son inventados.",
        "generated": "Generado", "reference": "Referencia", "period": "Período examinado",
        "contents": "Índice", "summary": "Resumen", "mandate": "Mandato y metodología",
        "mandate_h": "Mandato", "scope_h": "Alcance", "method_h": "Metodología",
        "chronology": "Cronología", "contested": "Hechos controvertidos",
        "findings": "Conclusiones",
        "recommendations": "Recomendaciones y plan de acción",
        "grievances": "Estadísticas del mecanismo de quejas",
        "evidence": "Registro de pruebas", "photos": "Fotografías anexas",
        "page": "Página", "of": "de", "interviews": "Entrevistas",
        "by_group": "Por grupo de interés", "by_language": "Por idioma",
        "by_month": "Por mes", "by_mode": "Por modalidad", "count": "Número",
        "when": "Fecha", "event": "Hecho", "status": "Estado", "place": "Lugar",
        "sources": "Fuentes", "actors": "Actores", "ref": "Ref.",
        "supporting": "Relatos que lo sostienen", "contradicting": "Relatos que lo contradicen",
        "assessment": "Valoración", "events": "Hechos", "standards": "Normas aplicables",
        "evidence_refs": "Pruebas", "accounts": "Relatos", "addressee": "Dirigida a",
        "priority": "Prioridad", "due": "Plazo", "history": "Historial de estado",
        "progress": "Avances", "number": "N.º", "kind": "Tipo", "title": "Título",
        "date": "Fecha", "sha256": "SHA-256", "verification": "Verificación",
        "custody": "Cadena de custodia", "source": "Fuente", "location": "Ubicación",
        "internal": "Nota interna", "total": "Total", "category": "Categoría",
        "channel": "Canal", "language": "Idioma", "none": "Ninguno.",
        "chart_title": "Hechos en un eje temporal (barras: intervalos o fechas parciales; "
                       "marcas huecas: fechas aproximadas o inciertas)",
        "graphic": "Contenido gráfico", "no_photos": "No se pueden anexar fotografías.",
        "interviews_held": "Se realizaron {n} entrevistas entre {first} y {last}.",
        "documents_photos": "La revisión examinó {docs} documentos y {photos} fotografías.",
        "summary_events": "La cronología expone {n} hechos{span}.",
        "summary_findings": "La revisión llegó a {n} conclusiones: {parts}.",
        "summary_recs": "Formuló {n} recomendaciones; {done} implementadas, {open} abiertas.",
        "summary_grievances": "El mecanismo de quejas registró {n} quejas.",
        "span": " entre {first} y {last}",
        "letter_subject": "Alegaciones que se le trasladan para su respuesta (derecho de "
                          "réplica)",
        "letter_intro": "En el curso de la revisión independiente arriba indicada, han llegado "
                        "a nuestro conocimiento las siguientes alegaciones relativas a "
                        "{party}. Antes de llegar a cualquier conclusión, le invitamos a "
                        "responder a cada una de ellas, con los documentos que estime "
                        "pertinentes.",
        "letter_deadline": "Le rogamos que envíe su respuesta a más tardar el {due}. Las "
                           "respuestas recibidas después de esa fecha podrían no reflejarse "
                           "en el informe.",
        "letter_close": "Reflejaremos su respuesta de manera equitativa en nuestro informe.",
        "letter_to": "A", "letter_date": "Fecha", "letter_re": "Asunto",
        "allegation": "Alegación", "put_on": "Trasladada el", "response_due": "Plazo de respuesta",
        "responded": "Respuesta recibida",
    },
}

VALUES: dict[str, dict[str, str]] = {
    "es": {
        "alleged": "alegado", "corroborated": "corroborado", "contested": "controvertido",
        "established": "establecido", "refuted": "refutado",
        "reasonable grounds to believe": "motivos razonables para creer",
        "not substantiated": "no fundamentado", "inconclusive": "no concluyente",
        "proposed": "propuesta", "accepted": "aceptada", "in progress": "en curso",
        "implemented": "implementada", "rejected": "rechazada", "high": "alta",
        "medium": "media", "low": "baja", "supports": "sostiene", "contradicts": "contradice",
        "context": "contexto", "photo": "foto", "document": "documento", "audio": "audio",
        "video": "vídeo", "link": "enlace", "other": "otro", "unverified": "sin verificar",
        "verified": "verificada", "disputed": "disputada", "unverifiable": "no verificable",
        "open": "abierta", "closed": "cerrada", "in person": "en persona",
        "phone": "teléfono", "written": "por escrito",
    },
}


def label(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["en"]).get(key) or LABELS["en"][key]


def value(lang: str, word: str) -> str:
    """A controlled value (status, assessment, kind...) in the report's language."""
    return VALUES.get(lang, {}).get(word, word)


__all__ = ["LABELS", "label", "value"]
