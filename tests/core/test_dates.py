"""Event dates as reviewers know them: exact, partial, approximate, uncertain, ranges."""

from __future__ import annotations

import calendar

import factories
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench import dates
from workbench.case import Case
from workbench.errors import InvalidInput
from workbench.services import events


@pytest.mark.parametrize(
    ("text", "notation", "earliest", "latest", "precision"),
    [
        ("2018", "2018", "2018-01-01T00:00:00", "2018-12-31T23:59:59", "year"),
        ("2018-12", "2018-12", "2018-12-01T00:00:00", "2018-12-31T23:59:59", "month"),
        ("2018-02", "2018-02", "2018-02-01T00:00:00", "2018-02-28T23:59:59", "month"),
        ("2020-02", "2020-02", "2020-02-01T00:00:00", "2020-02-29T23:59:59", "month"),
        ("2018-04-03", "2018-04-03", "2018-04-03T00:00:00", "2018-04-03T23:59:59", "day"),
        ("2018-4-3", "2018-04-03", "2018-04-03T00:00:00", "2018-04-03T23:59:59", "day"),
        ("2018-04-03T14:05", "2018-04-03T14:05", "2018-04-03T14:05:00", "2018-04-03T14:05:59",
         "minute"),
        ("2018-04-03 14:05:09", "2018-04-03T14:05:09", "2018-04-03T14:05:09",
         "2018-04-03T14:05:09", "second"),
        (" 2018-04-03~ ", "2018-04-03~", "2018-04-03T00:00:00", "2018-04-03T23:59:59", "day"),
        ("2018-04-03?", "2018-04-03?", "2018-04-03T00:00:00", "2018-04-03T23:59:59", "day"),
        ("2018-04%", "2018-04%", "2018-04-01T00:00:00", "2018-04-30T23:59:59", "month"),
        ("2018-04-03T14:00/2018-04-03T15:00", "2018-04-03T14:00/2018-04-03T15:00",
         "2018-04-03T14:00:00", "2018-04-03T15:00:59", "minute"),
        ("2018-04/2018-06-15", "2018-04/2018-06-15", "2018-04-01T00:00:00",
         "2018-06-15T23:59:59", "month"),
        ("../2018-05", "../2018-05", None, "2018-05-31T23:59:59", "month"),
        ("2018/..", "2018/..", "2018-01-01T00:00:00", None, "year"),
        ("2018/", "2018/..", "2018-01-01T00:00:00", None, "year"),
    ],
)
def test_parse(text, notation, earliest, latest, precision) -> None:
    parsed = dates.parse(text)
    assert parsed.notation == notation
    assert (parsed.earliest, parsed.latest) == (earliest, latest)
    assert parsed.precision == precision
    assert dates.parse(parsed.notation) == parsed


def test_qualifiers() -> None:
    assert (dates.parse("2018-04-03~").approximate, dates.parse("2018-04-03~").uncertain) == (
        True, False)
    assert (dates.parse("2018-04-03?").approximate, dates.parse("2018-04-03?").uncertain) == (
        False, True)
    assert (dates.parse("2018-04-03%").approximate, dates.parse("2018-04-03%").uncertain) == (
        True, True)
    ranged = dates.parse("2018-04~/2018-06?")
    assert ranged.is_range and ranged.approximate and ranged.uncertain


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the date is empty"),
        ("   ", "the date is empty"),
        ("2018-13", "there is no month 13"),
        ("2018-00", "there is no month 0"),
        ("2019-02-29", "February 2019 has 28 days"),
        ("2018-04-31", "April 2018 has 30 days"),
        ("2018-04-03T24:00", "hour 24 does not exist"),
        ("2018-04-03T14:60", "minute 60 does not exist"),
        ("2018-04-03T14:00:60", "second 60 does not exist"),
        ("yesterday", "is not a date: use forms like 2018"),
        ("03/04/2018", "is not a date"),
        ("18-04-03", "is not a date: use forms like"),
        ("2018-04-03T14", "is not a date: use forms like"),
        ("2018~?", "is not a date"),
        ("2019/2018", "the range ends before it starts"),
        ("2018-04-03T15:00/2018-04-03T14:00", "the range ends before it starts"),
        ("/", "a range needs at least one end"),
        ("../..", "a range needs at least one end"),
    ],
)
def test_clear_error_messages(text: str, message: str) -> None:
    with pytest.raises(dates.DateError, match=message) as info:
        dates.parse(text)
    assert "\n" not in str(info.value)
    if text.strip():
        assert f"'{text.strip()}'" in str(info.value)  # the message quotes what was typed


@pytest.mark.parametrize(
    ("text", "en", "es"),
    [
        ("2018", "2018", "2018"),
        ("2018-12", "December 2018", "diciembre de 2018"),
        ("2018-04-03", "3 April 2018", "3 de abril de 2018"),
        ("2018-04-03T14:05", "3 April 2018, 14:05", "3 de abril de 2018, 14:05"),
        ("2018-04-03~", "around 3 April 2018", "hacia el 3 de abril de 2018"),
        ("2018-04~", "around April 2018", "hacia abril de 2018"),
        ("2018-04-03?", "3 April 2018 (uncertain)", "3 de abril de 2018 (incierto)"),
        ("2018-04-03%", "around 3 April 2018 (uncertain)",
         "hacia el 3 de abril de 2018 (incierto)"),
        ("2018-04-03T14:00/2018-04-03T15:00", "3 April 2018, 14:00–15:00",
         "3 de abril de 2018, 14:00–15:00"),
        ("2018-04/2018-06", "April 2018 – June 2018", "abril de 2018 – junio de 2018"),
        ("../2018-05", "before May 2018", "antes de mayo de 2018"),
        ("2018-05-01/..", "after 1 May 2018", "después de 1 de mayo de 2018"),
        ("", "date unknown", "fecha desconocida"),
    ],
)
def test_display_at_its_precision(text: str, en: str, es: str) -> None:
    assert dates.display(text, "en") == en
    assert dates.display(text, "es") == es


def test_bounds_of_an_unknown_date() -> None:
    assert dates.bounds("") == (None, None)
    assert dates.bounds("  ") == (None, None)


def test_timeline_sorts_by_earliest_bound(case: Case) -> None:
    forms = ["2018-04-03T14:00", "2018", "2018-04~", "2017-12-31T23:59/2018-01-02", "",
             "2018-04-03", "2018-04-02?", "../2018-03"]
    ids = {when: factories.event(case, f"at {when or 'unknown'}", when=when) for when in forms}
    with case.read() as session:
        order = [e.when for e in events.timeline(session)]
    # 2017-12-31 range; 2018 (Jan 1); ../2018-03 sorts by its only bound (end of March);
    # April ~ (Apr 1); Apr 2 ?; Apr 3 (00:00); Apr 3 14:00; unknown last.
    assert order == ["2017-12-31T23:59/2018-01-02", "2018", "../2018-03", "2018-04~",
                     "2018-04-02?", "2018-04-03", "2018-04-03T14:00", ""]
    assert len(ids) == len(forms)


def test_service_rejects_a_bad_date_with_the_message(case: Case) -> None:
    with pytest.raises(InvalidInput, match="February 2019 has 28 days"):
        factories.event(case, "bad", when="2019-02-29")
    with case.read() as session:
        assert events.timeline(session) == []


def test_service_stores_the_normalised_notation(case: Case) -> None:
    event_id = factories.event(case, "x", when=" 2018-4-3~ ")
    row = case.raw_execute("SELECT \"when\", when_start, when_end FROM event WHERE id = :i",
                           i=event_id)[0]
    assert row == ("2018-04-03~", "2018-04-03T00:00:00", "2018-04-03T23:59:59")


# -- properties ----------------------------------------------------------------------------


@st.composite
def moments(draw, after: dates.Moment | None = None) -> dates.Moment:
    year = draw(st.integers(1000, 2999))
    precision = draw(st.sampled_from(dates.PRECISIONS))
    month = day = hour = minute = second = None
    if precision != "year":
        month = draw(st.integers(1, 12))
    if precision in ("day", "minute", "second"):
        day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    if precision in ("minute", "second"):
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    if precision == "second":
        second = draw(st.integers(0, 59))
    return dates.Moment(year, month, day, hour, minute, second,
                        approximate=draw(st.booleans()), uncertain=draw(st.booleans()))


@st.composite
def date_texts(draw) -> str:
    kind = draw(st.sampled_from(["single", "range", "open-start", "open-end"]))
    first = draw(moments())
    if kind == "single":
        return first.notation()
    if kind == "open-start":
        return f"../{first.notation()}"
    if kind == "open-end":
        return f"{first.notation()}/{draw(st.sampled_from(['..', '']))}"
    second = draw(moments())
    if second.latest() < first.earliest():
        first, second = second, first
    if second.latest() < first.earliest():  # neither order is a valid range
        return first.notation()
    return f"{first.notation()}/{second.notation()}"


@given(moments())
def test_any_valid_moment_round_trips(moment: dates.Moment) -> None:
    parsed = dates.parse(moment.notation())
    assert parsed.start == moment
    assert parsed.precision == moment.precision
    assert moment.earliest() <= moment.latest()


@given(date_texts())
def test_any_valid_date_round_trips_and_is_ordered(text: str) -> None:
    parsed = dates.parse(text)
    assert dates.parse(parsed.notation) == parsed
    assert dates.parse(parsed.notation).notation == parsed.notation
    if parsed.earliest is not None and parsed.latest is not None:
        assert parsed.earliest <= parsed.latest
    for lang in ("en", "es"):
        assert parsed.display(lang).strip()


@given(st.text(max_size=40))
def test_arbitrary_text_is_a_date_or_a_clear_date_error(text: str) -> None:
    try:
        parsed = dates.parse(text)
    except dates.DateError as exc:
        assert str(exc)
        assert "\n" not in str(exc)
    else:
        assert parsed.earliest is None or parsed.latest is None \
            or parsed.earliest <= parsed.latest
