"""The typography of a language, applied to text on its way out (dossier, letters, preview).

What the user typed is kept as typed in the proposal; :func:`typeset` only makes the
exported copy read as a Québec reader (or Antidote) expects, so that no line of a
dossier starts with « ; », « % », « ! », « ? » or « : », or ends with « « ».

French (Office québécois de la langue française, *Le français au bureau*):

- a narrow no-break space (U+202F) before « ; », « ! », « ? » and inside « » ;
- a no-break space (U+00A0) before « : », and between a number and its unit or sign
  (``30 000 $``, ``12 %``, ``10 h 30``);
- the thousands of a number grouped with narrow no-break spaces (``30 000``).

English: no space before « : », « ; », « ! », « ? ».

A space the user typed where one belongs becomes the right no-break space; where none
was typed, one is added only when the sign ends a word (``Note: voir``), never inside a
web address (``https://``), a time (``10:30``) or a run of signs (``?!``).
"""

from __future__ import annotations

import re

NNBSP = "\u202f"
NBSP = "\u00a0"

# Horizontal spaces that may stand between a word and a sign (not line breaks).
_SP = "[ \u00a0\u202f\u2009\u2007]"
# A word's end before a sign gets a space: a letter, a digit, or a closing mark.
_WORD_END = r"[\w\)\]}»”’'\"…\.%$]"

# Spaces (or none, after the end of a word) before ; ! ?, when the sign ends a word.
_FR_TALL = re.compile(rf"(?:{_SP}+|(?<={_WORD_END}))([;!?]+)(?=\s|$|[)\]»”\"’,.])")
_FR_COLON = re.compile(rf"(?:{_SP}+|(?<={_WORD_END}))(:)(?=\s|$)")
_FR_OPEN = re.compile(rf"«{_SP}*")
_FR_CLOSE = re.compile(rf"{_SP}*»")
# Digits grouped by three with spaces: 30 000, 1 234 567 (not 2019 2020: the head has
# at most three digits and no digit stands before it).
_FR_GROUPS = re.compile(rf"(?<![\d,.])\d{{1,3}}(?:{_SP}\d{{3}})+(?![\d-])")
# A number and its sign or unit: 30 000 $, 12,5 %, 10 h, 10 h 30 (and a catalog's
# « {amount} $ », whose number comes later).
_FR_UNIT = re.compile(rf"(\d|\}}){_SP}+(\$|%|h\b|k\$|M\$)")
_FR_HOUR = re.compile(rf"(\d{NBSP}h){_SP}+(\d\d)\b")
# What the three rules above start from: a digit, or a catalog's « {amount} ».
_FR_NUMBERS = re.compile(r"[\d}]")
_ENTITY = re.compile(r"&#?\w{2,}$")
# English: spaces before : ; ! ? after a word (never a French text's narrow no-break
# space: an English dossier quotes French text as it is typeset).
_EN_SPACE_BEFORE = re.compile(r"(?<=[\w\)\]”\"’']) +([:;!?])(?=\s|$)")


def typeset(text: str, lang: str) -> str:
    """``text`` with the typography of ``lang`` (``fr`` or ``en``); idempotent."""
    if not text:
        return text
    if lang == "fr":
        return typeset_fr(text)
    return _EN_SPACE_BEFORE.sub(r"\1", text)


def typeset_fr(text: str) -> str:
    """French typography: see the module's docstring."""
    # Each rule runs only on a text holding the sign it needs: a scan for a character
    # is much quicker than a pattern tried at every place of a long section.
    if "«" in text:
        text = _FR_OPEN.sub("«" + NNBSP, text)
    if "»" in text:
        text = _FR_CLOSE.sub(NNBSP + "»", text)
    if ";" in text or "!" in text or "?" in text:
        text = _FR_TALL.sub(_tall, text)
    if ":" in text:
        text = _FR_COLON.sub(NBSP + ":", text)
    if _FR_NUMBERS.search(text) is None:
        return text
    text = _FR_GROUPS.sub(lambda m: re.sub(_SP, NNBSP, m.group(0)), text)
    text = _FR_UNIT.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    return _FR_HOUR.sub(lambda m: m.group(1) + NBSP + m.group(2), text)


def _tall(match: re.Match[str]) -> str:
    # « &amp; » or « &#233; » typed as such is a character reference, not a sentence.
    if match.group(1) == ";" and _ENTITY.search(match.string, 0, match.start()):
        return match.group(0)
    return NNBSP + match.group(1)


def narrow_groups(amount: str, lang: str) -> str:
    """An amount we formatted (Babel groups French thousands with U+00A0) with its
    thousands grouped by narrow no-break spaces in French; English is left alone."""
    if lang != "fr":
        return amount
    return re.sub(r"(?<=\d)\u00a0(?=\d{3})", NNBSP, amount)
