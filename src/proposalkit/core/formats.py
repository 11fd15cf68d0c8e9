"""How a postal code and a phone number are written once the user leaves the field
(no Qt): ``g9n6t5`` becomes ``G9N 6T5`` and ``(819) 555.0142`` becomes ``819 555-0142``,
the forms Canada Post and Québec's style guides use. Text that is not recognizably one
is left exactly as typed, so that validation can say what is wrong with it.
"""

from __future__ import annotations

import re

from proposalkit.i18n import facts

_POSTAL = re.compile(r"^\s*([A-Za-z]\d[A-Za-z])[\s-]*(\d[A-Za-z]\d)\s*$")
#: Ten digits (an optional leading 1), in any usual grouping, then an optional extension.
_PHONE = re.compile(
    r"^\s*(?:\+?1[\s.-]*)?\(?([2-9]\d{2})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})"
    r"\s*(?:(?:,|;)?\s*(?:ext\.?|poste|p\.|x|#)\s*(\d{1,6}))?\s*$", re.IGNORECASE)


def format_postal_code(text: str) -> str:
    """``G9N 6T5`` for a Canadian postal code however typed; other text unchanged."""
    match = _POSTAL.match(text)
    if match is None:
        return text
    return f"{match.group(1)} {match.group(2)}".upper()


def format_phone(text: str, lang: str = "fr") -> str:
    """``819 555-0142`` (with `` poste 12`` or `` ext. 12``) for a North American
    number however typed; other text unchanged."""
    match = _PHONE.match(text)
    if match is None:
        return text
    area, exchange, line, extension = match.groups()
    shown = f"{area} {exchange}-{line}"
    if extension:
        shown += facts(lang).phone_extension + extension
    return shown
