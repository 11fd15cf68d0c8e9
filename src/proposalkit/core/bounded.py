"""Numbers read from files we did not write, bounded *before* they are converted.

``json.loads(..., parse_float=Decimal)`` turns ``1E+999999999`` into a Decimal cheaply,
but whatever converts it later (pydantic making an ``int`` of a ``size``, ``float()``,
``int()``, formatting) may then need gigabytes and minutes. Every JSON and TOML reader
of proposalkit (proposal, manifest, lock file, recovery, program packs, examples) goes
through :func:`loads_json` or :func:`load_toml`, which refuse a number with too many
digits or too large an exponent with :class:`NumberTooLarge`, in time proportional to
the text.

Nesting is bounded the same way: :func:`check_depth` scans the text (strings and comments
skipped) and raises :class:`TooDeep` past :data:`MAX_DEPTH` arrays and tables inside one
another, *before* the parser (which recurses, and raises ``RecursionError`` a few hundred
levels down) sees it. What the parser builds is walked without recursion
(:func:`_check_values`), so that dotted TOML keys cannot nest deeper either.
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
#: Arrays and objects (tables) inside one another. Our deepest file, a named version's
#: proposal inside ``history.json``, nests about 10 levels.
MAX_DEPTH = 64
_FLOAT = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


class NumberTooLarge(ValueError):
    """A number in a file has too many digits or too large an exponent."""

    def __init__(self, text: str) -> None:
        shown = text if len(text) <= 24 else text[:21] + "..."
        super().__init__(f"number out of range: {shown}")
        #: The number as written (cut to a length fit for a message).
        self.text = shown


class TooDeep(ValueError):
    """Arrays or objects in a file are nested deeper than :data:`MAX_DEPTH`."""

    def __init__(self) -> None:
        super().__init__(f"nested more than {MAX_DEPTH} levels deep")
        #: The limit, for messages.
        self.limit = MAX_DEPTH


# A string (skipped whole: brackets inside it do not count) or a bracket.
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
# TOML: multi-line and one-line strings of both kinds, comments, brackets.
_TOML_TOKENS = re.compile(
    r'"""[\s\S]*?(?<!\\)"""|\'\'\'[\s\S]*?\'\'\'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\n]*'|#[^\n]*|[\[\]{}]")


def check_depth(text: str | bytes, toml: bool = False) -> None:
    """Raise :class:`TooDeep` when ``text`` (JSON, or TOML) nests arrays and objects
    deeper than :data:`MAX_DEPTH`; in time proportional to the text, without recursion.

    Closing brackets without an opening one are left for the parser to report.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    depth = 0
    for match in (_TOML_TOKENS if toml else _JSON_TOKENS).finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise TooDeep()
        elif token in ("]", "}"):
            depth = max(0, depth - 1)


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

    Raises :class:`NumberTooLarge` (a ValueError) for a number out of range,
    :class:`TooDeep` (a ValueError) for nesting past :data:`MAX_DEPTH`, and what
    ``json.loads`` raises for text that is not JSON.
    """
    check_depth(text)
    return json.loads(text, parse_float=parse_float, parse_int=parse_int)


def _toml_float(text: str) -> float:
    # tomllib hands floats over as written (underscores included) and also "inf"/"nan".
    plain = text.replace("_", "")
    if _FLOAT.fullmatch(plain.lstrip("+")):
        parse_float(plain.lstrip("+"))
    return float(plain)


def _check_values(value: object) -> None:
    # tomllib has no parse_int hook: it converts integers itself (Python refuses more
    # than 4300 digits), so their size is checked once the document is read. Dotted
    # keys nest tables without brackets: the depth is checked here too, without recursion.
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, bool):
            continue
        if isinstance(current, int):
            if abs(current) >= 10 ** MAX_DIGITS:
                raise NumberTooLarge(str(current)[:24])
            continue
        children = (current.values() if isinstance(current, dict)
                    else current if isinstance(current, list) else ())
        if children and depth >= MAX_DEPTH:
            raise TooDeep()
        stack.extend((child, depth + 1) for child in children)


def load_toml(fh: IO[bytes]) -> dict[str, Any]:
    """``tomllib.load`` with every number bounded (floats stay floats).

    Raises :class:`NumberTooLarge` for a number out of range, :class:`TooDeep` for
    nesting past :data:`MAX_DEPTH`, ``tomllib.TOMLDecodeError`` for text that is not TOML.
    """
    return loads_toml(fh.read().decode("utf-8"))


def loads_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads`` with every number bounded (see :func:`load_toml`)."""
    check_depth(text, toml=True)
    try:
        data = tomllib.loads(text, parse_float=_toml_float)
    except RecursionError:
        # The scan above missed a nesting (it cannot know every TOML form): same answer.
        raise TooDeep() from None
    except ValueError as exc:
        if isinstance(exc, (NumberTooLarge, tomllib.TOMLDecodeError)):
            raise
        # An integer of more than 4300 digits: Python's own guard fired.
        raise NumberTooLarge("(4300+ digits)") from None
    _check_values(data)
    return data
