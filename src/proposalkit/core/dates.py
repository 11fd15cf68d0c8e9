"""Dates as a person reads them, in the interface's language.

Babel's long French date is ``1 juillet 2018``; French writes the first day of a month
as an ordinal, ``1er juillet 2018``. Everything a person reads (window, command line,
dossier) goes through :func:`long_date` so that the rule is applied everywhere.

One style per language: English writes ``October 17, 2022`` (never ``17 October 2022``).
Every time shown (autosaves, versions, locks) is Montréal time, as the program's
deadlines are, whatever the machine's time zone: :func:`in_montreal`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

#: The time zone of every time the application shows.
MONTREAL = ZoneInfo("America/Montreal")

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _is_french(locale: str) -> bool:
    return locale.lower().replace("-", "_").split("_")[0] == "fr"


def long_date(value: date, locale: str) -> str:
    """``1er juillet 2018`` / ``July 1, 2018`` (Babel ``locale``: ``fr_CA``, ``en_CA``)."""
    text = format_date(value, "long", locale=locale)
    if _is_french(locale) and value.day == 1 and text.startswith("1 "):
        text = "1er " + text[2:]
    return text


def in_montreal(value: datetime | float) -> datetime:
    """``value`` (a POSIX timestamp, or an aware datetime; a naive one is taken as the
    machine's local time) in Montréal time."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, MONTREAL)
    return value.astimezone(MONTREAL)


def short_datetime(value: datetime | float) -> str:
    """``2018-04-20 16:30`` in Montréal time (lists, logs)."""
    return in_montreal(value).strftime("%Y-%m-%d %H:%M")


def short_time(value: datetime, locale: str) -> str:
    """``23 h 59`` / ``11:59 p.m.``: the time as the locale writes it, kept on one line
    (French: no-break spaces around the h, where Babel's are plain)."""
    time = format_time(value, "short", locale=locale)
    return time.replace(" h ", "\u00a0h\u00a0") if _is_french(locale) else time


def long_datetime(value: datetime | float, locale: str) -> str:
    """``1er juillet 2018 à 14 h 05`` / ``July 1, 2018 at 2:05 p.m.``, in Montréal time
    (a timestamp or an aware datetime is converted; see :func:`in_montreal`)."""
    if isinstance(value, int | float) or value.tzinfo is not None:
        value = in_montreal(value)
    time = short_time(value, locale)
    joiner = " à " if _is_french(locale) else " at "
    return long_date(value.date(), locale) + joiner + time


def long_dates_in(text: str, locale: str) -> str:
    """``text`` with every ISO date (``2018-02-05``) written in the long form."""

    def replace(match: re.Match[str]) -> str:
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return match[0]
        return long_date(day, locale)

    return _ISO_DATE.sub(replace, text)


def day_month(value: date, locale: str) -> str:
    """``1er avril`` / ``April 1``: a day of the year without its year."""
    if _is_french(locale):
        text = format_date(value, "d MMMM", locale=locale)
        return "1er " + text[2:] if value.day == 1 and text.startswith("1 ") else text
    return format_date(value, "MMMM d", locale=locale)


def add_months(value: date, months: int) -> date:
    """``value`` moved by whole ``months``; a day past the new month's end becomes its
    last day (31 January + 1 month is 28 or 29 February)."""
    import calendar

    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(value.day, last))


def period_end(start: date, months: int) -> date:
    """The last day of a period of ``months`` months from ``start``: the day before the
    same date ``months`` later (1 April 2023 + 12 months ends on 31 March 2024; 15 November
    2022 + 36 months on 14 November 2025). When that month has no such date, the period
    ends on the month's last day (31 January + 1 month ends on 28 or 29 February; 29
    February 2024 + 12 months on 28 February 2025)."""
    import calendar
    from datetime import timedelta

    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    if start.day > last:
        return date(year, month + 1, last)
    return date(year, month + 1, start.day) - timedelta(days=1)


def full_years(start: date, on: date) -> int:
    """Whole years from ``start`` to ``on`` (an anniversary counts on its day; 29 February
    counts on 28 February in other years)."""
    years = on.year - start.year
    if add_months(start, 12 * years) > on:
        years -= 1
    return years
