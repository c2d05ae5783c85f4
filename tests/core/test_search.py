"""Full-text search: diacritics- and case-insensitive, ranked, with snippets, kept current."""

from __future__ import annotations

import factories
import pytest

from db.models import Event, Evidence, Interview
from workbench.case import Case
from workbench.errors import CaseLocked
from workbench.search import search
from workbench.services import action_plan
from workbench.services.common import delete, update


def _kinds(case: Case, query: str) -> list[tuple[str, int]]:
    return [(h.kind, h.ref) for h in search(case, query)]


@pytest.fixture
def review(case: Case) -> dict[str, int]:
    ids = {}
    ids["interview"] = factories.interview(
        case, "Entrevista a Rosa Quispe",
        notes_text="Vivo en Espinar desde niña. La acción de la policía fue violenta. "
                   "Ñawpa pacha todo era tranquilo.")
    ids["excerpt"] = factories.excerpt(case, ids["interview"],
                                       text="La acción de la policía fue violenta.",
                                       translation="The police action was violent.")
    ids["event"] = factories.event(case, "Desalojo en Alto Huancané",
                                   description="Operativo con gases en la comunidad.",
                                   category="uso de la fuerza")
    ids["evidence"] = factories.evidence_item(
        case, caption="Fotografía del campamento de Tintaya",
        extracted_text="Oficio de la Fiscalía de Chumbivilcas", original_name="oficio.pdf")
    ids["finding"] = factories.finding(case, "Uso excesivo de la fuerza",
                                       statement="Se estableció que hubo heridos en Yauri.")
    ids["recommendation"] = factories.recommendation(
        case, "Mesa de diálogo", text="Instalar una mesa de diálogo con Ccollana.")
    return ids


# Ids without the query text: `-k "not ui"` (how the core tests are run) would otherwise
# deselect every case whose query contains "ui" (Quispe).
DIACRITIC_QUERIES = [
    ("Quispe", "interview"), ("quispe", "interview"), ("QUISPE", "interview"),
    ("Huancané", "event"), ("huancane", "event"),
    ("tintaya", "evidence"), ("chumbivilcas", "evidence"), ("oficio.pdf", "evidence"),
    ("yauri", "finding"), ("ccollana", "recommendation"), ("dialogo", "recommendation"),
    ("nawpa", "interview"), ("ñawpa", "interview"),
]


@pytest.mark.parametrize(("query", "kind"), DIACRITIC_QUERIES,
                         ids=[f"{kind}-{i}" for i, (_, kind) in enumerate(DIACRITIC_QUERIES)])
def test_diacritics_and_case_insensitive(case: Case, review, query: str, kind: str) -> None:
    assert (kind, review[kind]) in _kinds(case, query)


def test_named_examples_from_the_issue(case: Case, review) -> None:
    assert ("interview", review["interview"]) in _kinds(case, "quispe")
    assert ("interview", review["interview"]) in _kinds(case, "espinar")
    assert ("interview", review["interview"]) in _kinds(case, "Espinar")
    found = set(_kinds(case, "accion"))
    assert {("interview", review["interview"]), ("excerpt", review["excerpt"])} <= found
    assert set(_kinds(case, "acción")) == found


def test_search_covers_every_kind(case: Case, review) -> None:
    assert {kind for kind, _ in _kinds(case, "la")} >= {"interview", "excerpt", "event",
                                                         "evidence", "finding"}
    assert _kinds(case, "police action") == [("excerpt", review["excerpt"])]  # translation
    assert _kinds(case, "gases") == [("event", review["event"])]  # description


def test_prefix_and_all_words(case: Case, review) -> None:
    assert ("interview", review["interview"]) in _kinds(case, "espin")
    assert _kinds(case, "fuerza yauri") == [("finding", review["finding"])]
    assert _kinds(case, "fuerza ccollana") == []


def test_the_last_word_is_a_prefix_unless_a_space_follows(case: Case, review) -> None:
    interview = ("interview", review["interview"])
    assert interview in _kinds(case, "quispe espin")  # still being typed
    assert interview not in _kinds(case, "quispe espin ")  # typed: the word "espin"
    assert interview in _kinds(case, "quispe espinar ")
    assert interview not in _kinds(case, "espin quispe")  # earlier words are whole words


def test_title_hits_rank_first(case: Case) -> None:
    body_only = factories.event(case, "Reunión comunal",
                                description="Se habló de Pampacancha. " + "Texto. " * 5)
    in_title = factories.event(case, "Desalojo en Pampacancha", description="Texto. " * 40)
    another_body = factories.finding(case, "Hallazgo",
                                     statement="Pampacancha Pampacancha y más Pampacancha.")
    hits = search(case, "pampacancha")
    assert (hits[0].kind, hits[0].ref) == ("event", in_title)
    assert {(h.kind, h.ref) for h in hits} == {("event", in_title), ("event", body_only),
                                               ("finding", another_body)}
    rest = [h.score for h in hits[1:]]
    assert rest == sorted(rest)  # then by relevance


def test_title_hits_rank_first_over_many_body_hits(case: Case) -> None:
    titled = [factories.event(case, f"Marcha en Espinar {i}", description="Texto. " * 30)
              for i in range(3)]
    for _ in range(3):
        factories.finding(case, "Hallazgo", statement="Espinar, Espinar, Espinar.")
    hits = search(case, "espinar")
    assert {(h.kind, h.ref) for h in hits[:3]} == {("event", i) for i in titled}
    assert {h.kind for h in hits[3:]} == {"finding"}


def test_snippets_contain_the_match(case: Case, review) -> None:
    (hit,) = [h for h in search(case, "espinar") if h.kind == "interview"]
    assert "[Espinar]" in hit.snippet
    assert hit.title == "Entrevista a Rosa Quispe"
    (hit,) = search(case, "chumbivilcas")
    assert "[Chumbivilcas]" in hit.snippet
    assert hit.title.startswith("E-0001")
    (hit,) = search(case, "yauri", marks=("<b>", "</b>"))
    assert "<b>Yauri</b>" in hit.snippet


def test_deleted_items_disappear(case: Case, review) -> None:
    delete(case, Event, review["event"], "delete event")
    assert _kinds(case, "huancane") == []
    delete(case, Evidence, review["evidence"], "delete evidence")
    assert _kinds(case, "tintaya") == []


def test_cascaded_deletes_leave_the_index_too(case: Case, review) -> None:
    # Deleting an interview deletes its excerpts through the foreign key (ON DELETE CASCADE).
    assert ("excerpt", review["excerpt"]) in _kinds(case, "violenta")
    delete(case, Interview, review["interview"], "delete interview")
    assert _kinds(case, "violenta") == []
    assert _kinds(case, "police") == []


def test_edits_are_reindexed(case: Case, review) -> None:
    update(case, Event, review["event"], "edit event", title="Desalojo en Pillone")
    assert _kinds(case, "huancane") == []
    assert _kinds(case, "pillone") == [("event", review["event"])]
    action_plan.set_status(case, review["recommendation"], "accepted")
    assert _kinds(case, "ccollana") == [("recommendation", review["recommendation"])]


ODD_QUERIES = ['"', "'", "AND", "OR NOT", "NEAR(", "*", "-quispe", "^", "quispe\"*) OR (",
               "title:quispe", "", "   ", "()", "x" * 500, "; DROP TABLE event; --"]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=[f"odd-{i}" for i in range(len(ODD_QUERIES))])
def test_odd_queries_never_fail(case: Case, review, query: str) -> None:
    hits = search(case, query)
    assert isinstance(hits, list)


def test_limit(case: Case) -> None:
    for i in range(7):
        factories.event(case, f"Marcha número {i} en Espinar")
    assert len(search(case, "espinar", limit=5)) == 5
    assert len(search(case, "espinar", limit=50)) == 7


def test_rows_outside_the_index_are_not_found(case: Case) -> None:
    # Actor names (witnesses) are not in the full-text index: no accidental exposure there.
    factories.actor(case, "Wilfredo Ccama")
    assert _kinds(case, "ccama") == []


def test_snippet_of_a_title_only_hit_shows_the_match(case: Case) -> None:
    factories.event(case, "Marcha en Pillone", description="Sin más detalles.")
    (hit,) = search(case, "pillone")
    assert "[Pillone]" in hit.snippet


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_decomposed_text_and_queries(case: Case, form: str) -> None:
    # Text pasted from some systems arrives decomposed (letter + combining accent).
    import unicodedata

    stored = factories.event(case, unicodedata.normalize(form, "Acción en Ñuñoa"))
    other = factories.event(case, "Reunión en Nazca")
    for query in ("accion", "acción", "ñuñoa", "nunoa", "ÑUÑOA"):
        for qform in ("NFC", "NFD"):
            hits = _kinds(case, unicodedata.normalize(qform, query))
            assert hits == [("event", stored)], (query, qform, hits)
    assert ("event", other) not in _kinds(case, unicodedata.normalize("NFD", "acción"))


def test_the_ranking_connection_sees_what_is_committed_and_closes_on_lock(case: Case) -> None:
    factories.event(case, "Marcha en Pillone")
    assert _kinds(case, "pillone")
    with case.batch():  # not committed yet: not found; committed: found
        factories.event(case, "Bloqueo en Pillone")
        assert len(_kinds(case, "pillone")) == 1
    assert len(_kinds(case, "pillone")) == 2
    case.close()
    with pytest.raises(CaseLocked):
        search(case, "pillone")
