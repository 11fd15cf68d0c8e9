"""Numbers read from files we did not write, bounded *before* they are converted.

``json.loads(..., parse_float=Decimal)`` turns ``1E+999999999`` into a Decimal cheaply,
but whatever converts it later (pydantic making an ``int`` of a ``size``, ``float()``,
``int()``, formatting) may then need gigabytes and minutes. Every JSON and TOML reader
of proposalkit (proposal, manifest, lock file, recovery, program packs, examples) goes
through :func:`loads_json` or :func:`load_toml`, which refuse a number with too many
digits or too large an exponent with :class:`NumberTooLarge`, in time proportional to
the text.
"""

from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal, InvalidOperation
from typing import IO, Any

#: Most significant digits a number in our files may have (amounts need 13; ids, sizes
#: and timestamps fewer).
MAX_DIGITS = 40
#: Largest power of ten a number in our files may reach, either way (1e-40 .. 1e40).
MAX_EXPONENT = 40
_FLOAT = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


class NumberTooLarge(ValueError):
    """A number in a file has too many digits or too large an exponent."""

    def __init__(self, text: str) -> None:
        shown = text if len(text) <= 24 else text[:21] + "..."
        super().__init__(f"number out of range: {shown}")
        #: The number as written (cut to a length fit for a message).
        self.text = shown


def _check_digits(text: str) -> None:
    digits = sum(c.isdigit() for c in text.split("e")[0].split("E")[0])
    if digits > MAX_DIGITS:
        raise NumberTooLarge(text)


def parse_float(text: str) -> Decimal:
    """A JSON number with a fraction or an exponent as a Decimal, bounded."""
    # Length first: json hands us the digits as one string, whatever its size.
    if len(text) > MAX_DIGITS + 12:
        raise NumberTooLarge(text)
    _check_digits(text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise NumberTooLarge(text) from None
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and (abs(exponent) > MAX_EXPONENT + MAX_DIGITS or (
            number and abs(number.adjusted()) > MAX_EXPONENT)):
        # 0E+999999999 too: it is zero, but printing it with format "f" is not cheap.
        raise NumberTooLarge(text)
    return number


def parse_int(text: str) -> int:
    """A JSON or TOML integer, bounded to :data:`MAX_DIGITS` digits."""
    if len(text) > MAX_DIGITS + 1:
        raise NumberTooLarge(text)
    return int(text)


def loads_json(text: str | bytes) -> Any:
    """``json.loads`` with fractions as Decimal and every number bounded.

    Raises :class:`NumberTooLarge` (a ValueError) for a number out of range, and what
    ``json.loads`` raises for text that is not JSON.
    """
    return json.loads(text, parse_float=parse_float, parse_int=parse_int)


def _toml_float(text: str) -> float:
    # tomllib hands floats over as written (underscores included) and also "inf"/"nan".
    plain = text.replace("_", "")
    if _FLOAT.fullmatch(plain.lstrip("+")):
        parse_float(plain.lstrip("+"))
    return float(plain)


def _check_ints(value: object) -> None:
    # tomllib has no parse_int hook: it converts integers itself (Python refuses more
    # than 4300 digits), so their size is checked once the document is read.
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) >= 10 ** MAX_DIGITS:
            raise NumberTooLarge(str(value)[:24])
    elif isinstance(value, dict):
        for child in value.values():
            _check_ints(child)
    elif isinstance(value, list):
        for child in value:
            _check_ints(child)


def load_toml(fh: IO[bytes]) -> dict[str, Any]:
    """``tomllib.load`` with every number bounded (floats stay floats).

    Raises :class:`NumberTooLarge` for a number out of range, ``tomllib.TOMLDecodeError``
    for text that is not TOML.
    """
    return loads_toml(fh.read().decode("utf-8"))


def loads_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads`` with every number bounded (see :func:`load_toml`)."""
    try:
        data = tomllib.loads(text, parse_float=_toml_float)
    except ValueError as exc:
        if isinstance(exc, (NumberTooLarge, tomllib.TOMLDecodeError)):
            raise
        # An integer of more than 4300 digits: Python's own guard fired.
        raise NumberTooLarge("(4300+ digits)") from None
    _check_ints(data)
    return data
