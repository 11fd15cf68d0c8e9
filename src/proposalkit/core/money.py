"""Money: amounts in Canadian dollars as :class:`~decimal.Decimal`, never float.

Three jobs, kept apart:

* :func:`check_amount` is the model's gate: finite, not negative, at most
  :data:`MAX_AMOUNT`, at most cents. It never rounds.
* :func:`parse_amount` reads what people type in fr_CA and en_CA (``400 000 $``,
  ``$1,234.56``, ``1 234,56``...) and refuses, with a reason, what it cannot read
  without guessing: ``1,234`` is one thousand two hundred thirty-four in English and
  one point two three four in French, so without a language it is refused as
  ambiguous rather than read one way.
* :func:`format_money`, :func:`format_amount` and :func:`format_percent` present
  amounts with Babel's CLDR patterns for fr_CA and en_CA; :func:`to_cents` is the one
  place where an amount is rounded (half up), for presentation only.

Every refusal is an :class:`AmountError` with a stable ``code`` and a message in the
user's language that says why.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import cache, lru_cache

from babel import Locale
from babel.numbers import NumberPattern, get_currency_symbol, parse_pattern

from proposalkit.i18n import LANGS, N_, translator

__all__ = [
    "MAX_AMOUNT",
    "AmountError",
    "check_amount",
    "format_amount",
    "format_money",
    "format_percent",
    "format_share",
    "parse_amount",
    "parse_figure",
    "to_cents",
]

MAX_AMOUNT = Decimal("1000000000")
"""One billion dollars: no proposal asks for more, so a larger figure is a typing error."""

CURRENCY = "CAD"
_CENT = Decimal("0.01")
# Quantizing fails when the result has more digits than the context's precision (28 by
# default); a wide private context keeps presentation working for any finite sum.
_WIDE = Context(prec=200, rounding=ROUND_HALF_UP)

_MESSAGES: dict[str, str] = {
    "empty": N_("No amount entered: enter an amount in dollars (for example $400,000)."),
    "not_a_number": N_(
        "“{text}” is not an amount: use digits, with spaces or commas between thousands "
        "and a decimal point (for example $400,000 or 1234.56)."
    ),
    "negative": N_("“{text}” is negative: an amount cannot be less than zero."),
    "too_many_decimals": N_(
        "“{text}” has more than 2 decimal places: amounts are in dollars and cents. "
        "To separate thousands, use spaces (1 234 567)."
    ),
    "ambiguous": N_(
        "“{text}” is ambiguous: the comma could be a thousands separator ({grouped}) "
        "or a decimal comma ({text}). Write {grouped} or {plain}.00 for {grouped} "
        "dollars, or use at most 2 decimals."
    ),
    "too_large": N_("“{text}” is too large: an amount cannot exceed {maximum}."),
    "not_finite": N_("“{text}” is not a finite number: enter an amount in dollars."),
    "bad_grouping": N_(
        "“{text}”: thousands must be grouped by three digits (for example 1 234 567 or 1,234,567)."
    ),
}

_SHOWN_CHARS = 40  # longer input is cut in messages; a pasted paragraph helps nobody


def _shown(text: str) -> str:
    """Typed text as a message quotes it: trimmed, and cut when long."""
    shown = text.strip()
    return shown[: _SHOWN_CHARS - 1] + "…" if len(shown) > _SHOWN_CHARS else shown


class AmountError(ValueError):
    """An amount that is refused, with a stable ``code`` and the ``text`` given.

    ``code`` is one of ``empty``, ``not_a_number``, ``negative``, ``too_many_decimals``,
    ``ambiguous``, ``too_large``, ``not_finite``, ``bad_grouping``. ``str(error)`` is the
    English message; :meth:`message` gives it in French or English.
    """

    def __init__(self, code: str, text: str, **params: str) -> None:
        if code not in _MESSAGES:
            raise ValueError(f"unknown amount error code {code!r}")
        self.code = code
        self.text = text
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """Why the amount is refused, in ``lang`` (``fr`` or ``en``)."""
        shown = _shown(self.text)
        template = translator(lang).gettext(_MESSAGES[self.code])
        return template.format(text=shown, maximum=format_money(MAX_AMOUNT, lang), **self.params)

    def __reduce__(self):  # keep errors picklable (builds may run in another process)
        return (_rebuild_error, (self.code, self.text, self.params))


def _rebuild_error(code: str, text: str, params: dict[str, str]) -> AmountError:
    return AmountError(code, text, **params)


# -- checking ---------------------------------------------------------------------------


def check_amount(value: Decimal | int | str) -> Decimal:
    """``value`` as a Decimal if it is a valid amount, else :class:`AmountError`.

    Accepts a Decimal, an int or a string in Decimal syntax (``"400000.00"``, as files
    store it; use :func:`parse_amount` for what people type). Refuses booleans, floats,
    NaN and infinities, negative amounts (``-0`` included), amounts over
    :data:`MAX_AMOUNT` and more than two decimal places (``1.500`` too: trailing zeros
    count, the exponent is kept as given). Never rounds.
    """
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, str):
        stripped = value.strip()
        # Decimal() also takes underscores and non-ASCII digits: not in our files.
        if not stripped:
            raise AmountError("empty", value)
        if not stripped.isascii() or "_" in stripped:
            raise AmountError("not_a_number", value)
        try:
            number = Decimal(stripped)
        except InvalidOperation:
            raise AmountError("not_a_number", value) from None
    else:
        # bool is an int to Python, and a float cannot hold cents exactly.
        raise AmountError("not_a_number", str(value))
    return _check(number, value if isinstance(value, str) else str(value))


def _check(number: Decimal, text: str) -> Decimal:
    if not number.is_finite():
        raise AmountError("not_finite", text)
    if number.is_signed():
        raise AmountError("negative", text)
    if number > MAX_AMOUNT:
        raise AmountError("too_large", text)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:  # finite here, so it is an int
        raise AmountError("too_many_decimals", text)
    return number


# -- parsing ----------------------------------------------------------------------------

# Spaces people (and Babel) put between thousands; figure space is the typographers' one.
_GROUP_SPACES = str.maketrans(dict.fromkeys("\u00a0\u202f\u2009\u2007", " "))
_MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (word processors)
_CURRENCY_LEFT = re.compile(r"(?:CAD|CAN|CA\$|C\$|\$(?: ?(?:CAD|CAN|CA)\b)?) *", re.IGNORECASE)
_CURRENCY_RIGHT = re.compile(r" *(?:CAD|CAN|CA\$|C\$|\$(?: ?(?:CAD|CAN|CA))?)$", re.IGNORECASE)
_BODY = re.compile(r"[0-9][0-9., ]*|[.,][0-9][0-9., ]*")
_SPACE_RUN = re.compile(r" {2,}")
_GROUP_HEAD = re.compile(r"[1-9][0-9]{0,2}")
_GROUP = re.compile(r"[0-9]{3}")


def parse_amount(text: str, lang: str | None = None) -> Decimal:
    """The amount typed in ``text``, exactly, or :class:`AmountError` saying why not.

    Reads fr_CA and en_CA forms: ``400 000 $``, ``400000``, ``400,000.00``,
    ``1 234,56``, ``$1,234.56``, ``CAD 1234.56``, with regular, no-break, narrow
    no-break or thin spaces between thousands. When both ``,`` and ``.`` appear, the
    last one is the decimal mark. A lone comma before exactly three digits
    (``1,234``) is refused as ambiguous unless ``lang`` says which reading applies:
    ``"en"`` reads thousands, ``"fr"`` a decimal comma (then too many decimals).
    The result keeps the decimals typed (``"400 000,00 $"`` gives ``Decimal("400000.00")``)
    and passes :func:`check_amount`.
    """
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGS} or None")
    if not isinstance(text, str):
        raise TypeError(f"parse_amount takes a str, not {type(text).__name__}")
    body, negative = _strip_affixes(text)
    if not _BODY.fullmatch(body):
        raise AmountError("not_a_number", text)
    integer, fraction = _split_number(_SPACE_RUN.sub(" ", body), text, lang)
    canonical = ("-" if negative else "") + (integer or "0")
    if fraction:
        canonical += "." + fraction
    return _check(Decimal(canonical), text)


#: The largest figure an indicator's baseline or target may hold (in either sign).
MAX_FIGURE = Decimal(10) ** 12
_FIGURE_DECIMALS = 4
#: What the window and the dossier show for a figure not given.
_NOT_GIVEN = frozenset({"—", "–"})


class FigureError(ValueError):
    """Typed text that is not an indicator's figure; :meth:`message` says so in French or
    English."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """Why the figure is refused, in ``lang``."""
        shown = _shown(self.text)
        return translator(lang).gettext(
            N_("“{value}” is not a figure (at most 12 digits and 4 decimals)")).format(
                value=shown)


def parse_figure(text: str, lang: str) -> Decimal | None:
    """An indicator's figure (a count, a sum, a rate) typed in ``lang``, exactly: any
    sign, at most four decimals, thousands grouped as the language writes them
    (``1 234,5`` in French, ``1,234.5`` in English; a lone comma before three digits is
    a thousands separator in English and a decimal comma in French). ``%`` or ``$``
    after it is allowed. None when nothing is typed (or the dash shown for "not
    given"): a figure left empty is not zero. Raises :class:`FigureError`."""
    s = text.translate(_GROUP_SPACES).strip()
    if not s or s in _NOT_GIVEN:
        return None
    negative = s[0] in _MINUS
    body = (s[1:] if negative else s).strip().removesuffix("%").removesuffix("$").rstrip()
    if not _BODY.fullmatch(body):
        raise FigureError(text)
    try:
        integer, fraction = _split_number(_SPACE_RUN.sub(" ", body), text, lang)
    except AmountError:
        raise FigureError(text) from None
    number = Decimal(("-" if negative else "") + (integer or "0")
                     + ("." + fraction if fraction else ""))
    exponent = number.as_tuple().exponent
    if abs(number) > MAX_FIGURE or (isinstance(exponent, int)
                                    and exponent < -_FIGURE_DECIMALS):
        raise FigureError(text)
    return number


def _strip_affixes(text: str) -> tuple[str, bool]:
    """The number's body and whether a minus sign or accounting parentheses wrapped it."""
    s = text.translate(_GROUP_SPACES).strip()
    if not s:
        raise AmountError("empty", text)
    negative = opened = closed = False
    left_currency = right_currency = False
    changed = True
    while changed and s:
        changed = False
        if s[0] in _MINUS:
            negative, s, changed = True, s[1:].lstrip(), True
        elif s[0] == "(" and not opened:
            opened, s, changed = True, s[1:].lstrip(), True
        elif not left_currency and (match := _CURRENCY_LEFT.match(s)):
            left_currency, s, changed = True, s[match.end() :], True
    changed = True
    while changed and s:
        changed = False
        if s[-1] in _MINUS:
            negative, s, changed = True, s[:-1].rstrip(), True
        elif s[-1] == ")" and not closed:
            closed, s, changed = True, s[:-1].rstrip(), True
        elif not right_currency and (match := _CURRENCY_RIGHT.search(s)):
            right_currency, s, changed = True, s[: match.start()], True
    if opened != closed:
        raise AmountError("not_a_number", text)
    return s, negative or opened


def _split_number(body: str, text: str, lang: str | None) -> tuple[str, str]:
    """Integer digits and fraction digits of ``body`` (digits, ``,``, ``.``, spaces)."""
    last_comma, last_dot = body.rfind(","), body.rfind(".")
    if last_comma >= 0 and last_dot >= 0:
        mark, group = (",", ".") if last_comma > last_dot else (".", ",")
        head, tail = body.rsplit(mark, 1)
        if mark in head:
            raise AmountError("bad_grouping", text)
        return _integer(head, group, text), _fraction(tail, text)
    if last_comma < 0 and last_dot < 0:
        return _integer(body, " ", text), ""
    mark = "," if last_comma >= 0 else "."
    if body.count(mark) > 1:  # 1,234,567 or 1.234.567: only grouping reads that way
        return _integer(body, mark, text), ""
    head, tail = body.split(mark)
    if mark == "," and _GROUP.fullmatch(tail) and _GROUP_HEAD.fullmatch(head):
        # 1,234: thousands in English, one point two three four in French.
        if lang is None:
            raise AmountError("ambiguous", text, grouped=f"{head}\u00a0{tail}", plain=head + tail)
        if lang == "en":
            return head + tail, ""
    return _integer(head, " ", text), _fraction(tail, text)


def _integer(part: str, group: str, text: str) -> str:
    """Digits of the integer ``part``, whose thousands may be separated by ``group``."""
    if group != " " and " " in part:
        raise AmountError("bad_grouping", text)  # two kinds of grouping at once
    groups = part.split(group)
    if len(groups) == 1:
        if " " in part:
            raise AmountError("not_a_number", text)
        return part
    if not _GROUP_HEAD.fullmatch(groups[0]) or not all(_GROUP.fullmatch(g) for g in groups[1:]):
        raise AmountError("bad_grouping", text)
    return "".join(groups)


def _fraction(tail: str, text: str) -> str:
    if not tail.isdigit():  # empty (a trailing mark) or spaces after the mark
        raise AmountError("not_a_number", text)
    return tail


# -- formatting -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Formats:
    locale: Locale
    money: NumberPattern
    amount: NumberPattern


@cache
def _formats(lang: str) -> _Formats:
    """Babel's patterns for ``lang``, with the currency symbol already in place.

    Formatting with ``currency="CAD"`` makes Babel look the symbol and the precision up
    on every call (about 25 µs); substituting the symbol once brings a call near 8 µs.
    """
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGS}")
    locale = Locale.parse(translator(lang).locale)
    money = copy.copy(locale.currency_formats["standard"])
    symbol = get_currency_symbol(CURRENCY, locale)
    money.prefix = tuple(p.replace("¤", symbol) for p in money.prefix)
    money.suffix = tuple(s.replace("¤", symbol) for s in money.suffix)
    amount = parse_pattern(money.number_pattern)
    return _Formats(locale, money, amount)


@cache
def _percent_pattern(lang: str, digits: int) -> NumberPattern:
    pattern = copy.copy(_formats(lang).locale.percent_formats[None])
    pattern.frac_prec = (digits, digits)
    return pattern


def to_cents(value: Decimal | int | str) -> Decimal:
    """``value`` rounded to the cent, half up (0.005 gives 0.01): for presentation only.

    A result of zero is always positive: a minimum met exactly (``-(cap - amount)``) or a
    tiny negative rounding to nothing never shows as ``-0.00``."""
    if isinstance(value, float):
        raise TypeError("money is never a float; pass a Decimal")
    number = Decimal(value)
    if not number.is_finite():
        raise AmountError("not_finite", str(value))
    cents = number.quantize(_CENT, context=_WIDE)
    return abs(cents) if cents.is_zero() else cents


def format_money(value: Decimal | int, lang: str) -> str:
    """``value`` in dollars as fr_CA or en_CA writes it: ``400 000,00 $`` / ``$400,000.00``.

    Always two decimals (rounded half up); the spaces are Babel's no-break spaces.
    """
    formats = _formats(lang)
    return formats.money.apply(to_cents(value), formats.locale)


def format_amount(value: Decimal | int, lang: str) -> str:
    """``value`` without the currency sign (``400 000,00`` / ``400,000.00``), for table cells."""
    formats = _formats(lang)
    return formats.amount.apply(to_cents(value), formats.locale)


def format_count(value: int, lang: str) -> str:
    """A count (words, characters) with the language's thousands separator, as money
    has it: ``2 001`` (no-break space) / ``2,001``."""
    formats = _formats(lang)
    return formats.locale.decimal_formats[None].apply(value, formats.locale)


def format_percent(value: Decimal | int, lang: str, digits: int = 1,
                   rounding: str = ROUND_HALF_UP) -> str:
    """The ratio ``value`` as a percentage: 0.6 gives ``60,0 %`` (fr) or ``60.0%`` (en).

    ``digits`` decimals, rounded half up like money unless ``rounding`` says otherwise.
    """
    if digits < 0:
        raise ValueError("digits must be zero or more")
    number = Decimal(value).quantize(Decimal(1).scaleb(-(digits + 2)), rounding=rounding,
                                     context=_WIDE)
    return _percent_text(number, lang, digits)


@lru_cache(maxsize=4096)
def _percent_text(number: Decimal, lang: str, digits: int) -> str:
    # Babel's formatting is slow next to the rest; a plan of a thousand lines has few
    # distinct shares once rounded.
    return _percent_pattern(lang, digits).apply(number, _formats(lang).locale)


_SHARE_MAX_DIGITS = 6


def format_share(value: Decimal | int, limit: Decimal | int, lang: str) -> tuple[str, str]:
    """A share and the limit it is compared with, as ``(value_text, limit_text)``.

    One way everywhere a share meets its limit (window, findings, command line, dossier):
    two decimals (``60,01 %``), and more when two decimals would make a share that differs
    from its limit read as equal to it (``60,001 %`` against ``60 %``). The limit is shown
    with as few decimals as it needs (``60 %``, ``62,5 %``). A share closer to its limit
    than six decimals can show is rounded away from the limit at the sixth, so that a
    breach by a millionth of a percent still reads as one (``60,000001 %``).
    """
    value, limit = Decimal(value), Decimal(limit)
    limit_digits = 0
    while limit_digits < _SHARE_MAX_DIGITS and (limit * 100) != (limit * 100).quantize(
            Decimal(1).scaleb(-limit_digits), context=_WIDE):
        limit_digits += 1
    digits = 2
    while (digits < _SHARE_MAX_DIGITS and value != limit
           and format_percent(value, lang, digits) == format_percent(limit, lang, digits)):
        digits += 1
    shown = format_percent(value, lang, digits)
    limit_text = format_percent(limit, lang, limit_digits)
    if value != limit and shown == format_percent(limit, lang, digits):
        shown = format_percent(value, lang, digits,
                               ROUND_CEILING if value > limit else ROUND_FLOOR)
    return shown, limit_text
