"""Dates as people read them: French ordinal first day, long forms."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from proposalkit.core.dates import long_date, long_dates_in, long_datetime


def test_first_of_the_month_in_french_is_1er():
    assert long_date(date(2018, 7, 1), "fr_CA") == "1er juillet 2018"
    assert long_date(date(2018, 7, 2), "fr_CA") == "2 juillet 2018"
    assert long_date(date(2018, 7, 11), "fr_CA") == "11 juillet 2018"
    assert long_date(date(2018, 7, 1), "en_CA") == "July 1, 2018"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_only_the_first_day_gets_the_ordinal(day):
    text = long_date(day, "fr_CA")
    assert text.startswith("1er ") == (day.day == 1)
    assert "er" not in long_date(day, "en_CA").split()[1]


def test_long_datetime_and_iso_dates_in_text():
    assert long_datetime(datetime(2018, 4, 1, 14, 5), "fr_CA") == (
        "1er avril 2018 à 14\u00a0h\u00a005")
    assert long_dates_in("Announced 2018-02-05: x", "fr_CA") == "Announced 5 février 2018: x"
    assert long_dates_in("no date 2018-13-45", "en_CA") == "no date 2018-13-45"
