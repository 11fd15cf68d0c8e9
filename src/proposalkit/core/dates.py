"""Dates as a person reads them, in the interface's language.

Babel's long French date is ``1 juillet 2018``; French writes the first day of a month
as an ordinal, ``1er juillet 2018``. Everything a person reads (window, command line,
dossier) goes through :func:`long_date` so that the rule is applied everywhere.

One style per language: English writes ``October 17, 2022`` (never ``17 October 2022``).
Every time shown (autosaves, versions, locks) is Montréal time, as the program's
deadlines are, whatever the machine's time zone: :func:`in_montreal`.

A date typed in a cell is read by :func:`parse_day` the ways people write one in
Québec, in either language: ``2018-03-15``, ``15/03/2018`` (day first), ``15 mars 2018``,
``1er mars 2018``, ``March 15, 2018``; what :func:`long_date` writes reads back.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_month_names

from proposalkit.core.model import MAX_DATE, MIN_DATE
from proposalkit.i18n import N_, Translator, translator

#: The time zone of every time the application shows.
MONTREAL = ZoneInfo("America/Montreal")

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _is_french(locale: str) -> bool:
    return locale.lower().replace("-", "_").split("_")[0] == "fr"


@lru_cache(maxsize=4096)
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


class DateError(ValueError):
    """A typed date that is refused; :meth:`message` says why in the user's language."""

    def __init__(self, msgid: str, text: str) -> None:
        self.msgid = msgid
        self.text = text
        super().__init__(self.message(translator("en")))

    def message(self, tr: Translator) -> str:
        """Why the date is refused, with an example in the locale's own form."""
        shown = " ".join(self.text.split())[:40]
        return tr.gettext(self.msgid).format(
            text=shown, example=long_date(date(2018, 3, 15), tr.locale),
            first=long_date(_FIRST_DAY, tr.locale), last=long_date(_LAST_DAY, tr.locale))


#: The range a typed date must fall in: the file's.
_FIRST_DAY, _LAST_DAY = MIN_DATE, MAX_DATE

NOT_A_DATE = N_("“{text}” is not a date: type it as 2018-03-15, 15/03/2018 or {example}.")
NO_SUCH_DAY = N_("“{text}” is not a day of the calendar.")
OUT_OF_RANGE = N_("“{text}”: the date must fall between {first} and {last}.")

_NUMERIC = (re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"),
            re.compile(r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})"))
_WORDS = (re.compile(r"(?P<d>\d{1,2})(?:er|st|nd|rd|th)? (?P<month>[a-z]+)\.? (?P<y>\d{4})"),
          re.compile(r"(?P<month>[a-z]+)\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?,? (?P<y>\d{4})"))


def _plain(text: str) -> str:
    """Lower case, without accents, commas as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.replace(",", " ").lower())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


@cache
def _months() -> dict[str, int]:
    """Month names and their abbreviations in French and English (``mars``, ``févr``,
    ``sept``, ``march``…), plain (see :func:`_plain`), to their number."""
    # Short forms the abbreviations miss: « juil. », « fév. », "Sept.".
    names: dict[str, int] = {"juil": 7, "fev": 2, "sept": 9}
    for locale in ("fr_CA", "en_CA"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[_plain(name).rstrip(".")] = number
    return names


def parse_day(text: str, locale: str) -> date | None:
    """The date typed in ``text`` (None when it is empty), the ways Québec writes one in
    either language (see the module's docstring); numbers are read day first, unless
    only the other order makes a date (``03/15/2018``). Raises :class:`DateError`.

    ``locale`` is the interface's (``fr_CA``): the message's example is written its way.
    """
    del locale  # both languages' forms are read whatever the interface's
    plain = _plain(text)
    if not plain:
        return None
    parts: tuple[int, int, int] | None = None
    for pattern in _NUMERIC:
        match = pattern.fullmatch(plain)
        if match:
            year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
            if month > 12 >= day and pattern is _NUMERIC[1]:
                month, day = day, month
            parts = (year, month, day)
            break
    for pattern in _WORDS:
        match = pattern.fullmatch(plain) if parts is None else None
        if match and match["month"] in _months():
            parts = (int(match["y"]), _months()[match["month"]], int(match["d"]))
    if parts is None:
        raise DateError(NOT_A_DATE, text)
    try:
        value = date(*parts)
    except ValueError:
        raise DateError(NO_SUCH_DAY, text) from None
    if not _FIRST_DAY <= value <= _LAST_DAY:
        raise DateError(OUT_OF_RANGE, text)
    return value
