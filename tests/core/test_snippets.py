"""Search snippets: the words found as the index's tokenizer folds them (case, Latin
diacritics), a window around the first match, every match in it marked."""

from __future__ import annotations

from db.snippets import WINDOW_WORDS, pattern, snippet

MARKS = ("[", "]")


def test_accents_and_case_fold_as_the_index_does() -> None:
    found = pattern(["accion", "QUISPE"], prefix_last=False)
    text = "La Acción policial contra Rosa Quispe Mamani en Espinar."
    assert snippet([text], found, MARKS) == ("La [Acción] policial contra Rosa [Quispe] "
                                             "Mamani en Espinar.")


def test_only_the_last_word_is_a_prefix() -> None:
    text = "Los comuneros de Espinar y de Espinoza."
    assert snippet([text], pattern(["espin"], prefix_last=True), MARKS) == \
        "Los comuneros de [Espinar] y de [Espinoza]."
    assert "[" not in snippet([text], pattern(["espin"], prefix_last=False), MARKS)
    assert "[Espinoza]" not in snippet([text], pattern(["espin", "de"], prefix_last=False),
                                       MARKS)


def test_a_long_text_gives_a_window_with_ellipses() -> None:
    words = [f"palabra{i}" for i in range(3000)]
    words[1500] = "Ñahuinlla"
    (before, after) = snippet([" ".join(words)], pattern(["nahuinlla"], True), MARKS).split(
        "[Ñahuinlla]")
    assert before.startswith("…") and after.endswith("…")
    shown = (before + after).strip("…").split()
    assert len(shown) == WINDOW_WORDS - 1 and "palabra1499" in shown and "palabra1501" in shown


def test_the_body_first_then_the_title_then_the_start() -> None:
    found = pattern(["pillone"], prefix_last=True)
    assert snippet(["Sin más detalles.", "Marcha en Pillone"], found, MARKS) == \
        "Marcha en [Pillone]"
    assert snippet(["Sin más detalles.", "Marcha"], found, MARKS) == "Sin más detalles."
    assert snippet(["", "Marcha"], pattern([], True), MARKS) == "Marcha"


def test_marks_are_not_confused_by_text_that_looks_like_them() -> None:
    found = pattern(["yauri"], prefix_last=False)
    assert snippet(["[nota] Yauri, [Yauri]"], found, ("<b>", "</b>")) == \
        "[nota] <b>Yauri</b>, [<b>Yauri</b>]"
