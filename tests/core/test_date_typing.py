"""A date typed in a table cell (a source's status date): the ways Québec writes one in
either language, what the window shows reads back, and one translated line for the rest."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proposalkit.core.dates import DateError, long_date, parse_day
from proposalkit.core.model import MAX_DATE, MIN_DATE
from proposalkit.i18n import translator

MARCH_15 = date(2018, 3, 15)


@pytest.mark.parametrize("text", [
    "2018-03-15", "2018/03/15", "15/03/2018", "15-03-2018", "15.03.2018", "03/15/2018",
    "15 mars 2018", "15 Mars 2018", "  15  mars   2018 ", "March 15, 2018", "march 15 2018",
    "Mar. 15, 2018", "15 March 2018", "15th March 2018",
])
def test_the_forms_people_write(text):
    assert parse_day(text, "fr_CA") == MARCH_15
    assert parse_day(text, "en_CA") == MARCH_15


@pytest.mark.parametrize(("text", "expected"), [
    ("1er juillet 2018", date(2018, 7, 1)), ("1 juil. 2018", date(2018, 7, 1)),
    ("12 février 2019", date(2019, 2, 12)), ("12 fevrier 2019", date(2019, 2, 12)),
    ("3 févr. 2019", date(2019, 2, 3)), ("20 août 2018", date(2018, 8, 20)),
    ("30 sept. 2018", date(2018, 9, 30)), ("Sept. 30, 2018", date(2018, 9, 30)),
    ("31 déc. 2020", date(2020, 12, 31)), ("April 1st, 2019", date(2019, 4, 1)),
    # Numbers are read day first, as Québec writes them.
    ("04/03/2018", date(2018, 3, 4)),
])
def test_month_names_and_day_first(text, expected):
    assert parse_day(text, "fr_CA") == expected


def test_empty_is_no_date():
    assert parse_day("", "fr_CA") is None
    assert parse_day("   ", "en_CA") is None


@given(st.dates(min_value=MIN_DATE, max_value=MAX_DATE), st.sampled_from(["fr_CA", "en_CA"]))
def test_what_the_window_shows_reads_back(day, locale):
    assert parse_day(long_date(day, locale), locale) == day
    assert parse_day(day.isoformat(), locale) == day


@pytest.mark.parametrize(("text", "fr", "en"), [
    ("hier", "« hier » n’est pas une date : tapez-la sous la forme 2018-03-15, 15/03/2018 "
             "ou 15 mars 2018.",
     "“hier” is not a date: type it as 2018-03-15, 15/03/2018 or March 15, 2018."),
    ("31/02/2018", "« 31/02/2018 » n’est pas un jour du calendrier.",
     "“31/02/2018” is not a day of the calendar."),
    ("15 mars 1850", "« 15 mars 1850 » : la date doit être comprise entre le 1er janvier "
                     "1990 et le 31 décembre 2100.",
     "“15 mars 1850”: the date must fall between January 1, 1990 and December 31, 2100."),
    ("15 brumaire 2018", None, "“15 brumaire 2018” is not a date: type it as 2018-03-15, "
                               "15/03/2018 or March 15, 2018."),
])
def test_refused_dates_say_why_in_one_line(text, fr, en):
    with pytest.raises(DateError) as caught:
        parse_day(text, "fr_CA")
    message_fr = caught.value.message(translator("fr"))
    if fr is not None:
        assert message_fr.replace("\u202f", " ").replace("\u00a0", " ") == fr
    assert caught.value.message(translator("en")) == en
    assert "\n" not in message_fr


@given(st.text(max_size=30))
def test_anything_typed_is_a_date_none_or_a_date_error(text):
    try:
        value = parse_day(text, "fr_CA")
    except DateError as error:
        assert error.message(translator("en"))
    else:
        assert value is None or MIN_DATE <= value <= MAX_DATE
