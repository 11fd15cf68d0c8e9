"""The typography pass on text going out: French no-break spaces, English tight signs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proposalkit.core.typography import narrow_groups, typeset

N = "\u202f"  # narrow no-break space
B = "\u00a0"  # no-break space

CASES = [
    # (language, as typed, as exported)
    ("fr", "Lieu (dont 30 000 $ prêtés par la MRC)", f"Lieu (dont 30{N}000{B}$ prêtés par la MRC)"),
    ("fr", "Pourquoi ? Parce que ; voilà !", f"Pourquoi{N}? Parce que{N}; voilà{N}!"),
    ("fr", "Pourquoi? Parce que; voilà!", f"Pourquoi{N}? Parce que{N}; voilà{N}!"),
    ("fr", "Note: voir « le plan »", f"Note{B}: voir «{N}le plan{N}»"),
    ("fr", "Note : voir «le plan»", f"Note{B}: voir «{N}le plan{N}»"),
    ("fr", "à 10 h 30, 12,5 %", f"à 10{B}h{B}30, 12,5{B}%"),
    ("fr", "1 234 567,89 $", f"1{N}234{N}567,89{B}$"),
    ("fr", "Quoi?!", f"Quoi{N}?!"),
    ("fr", "R&D; &amp; &#233; ok", f"R&D{N}; &amp; &#233; ok"),
    # Left alone: web addresses, times, phone numbers, years side by side.
    ("fr", "https://pole.ca/a?b=1 à 10:30", "https://pole.ca/a?b=1 à 10:30"),
    ("fr", "819 555-0123", "819 555-0123"),
    ("fr", "en 2019 2020", "en 2019 2020"),
    ("fr", "", ""),
    ("en", "Hello : world ; yes ! really ?", "Hello: world; yes! really?"),
    ("en", "Cost: $30,000 (10 %)", "Cost: $30,000 (10 %)"),
    # An English dossier quotes French text as it was set.
    ("en", f"Quoi{N}? «{N}mot{N}»", f"Quoi{N}? «{N}mot{N}»"),
]


@pytest.mark.parametrize(("lang", "typed", "exported"), CASES)
def test_typeset(lang, typed, exported):
    assert typeset(typed, lang) == exported
    assert typeset(exported, lang) == exported  # idempotent


def test_amounts_we_write_group_thousands_with_narrow_spaces():
    assert narrow_groups(f"1{B}234{B}567,00{B}$", "fr") == f"1{N}234{N}567,00{B}$"
    assert narrow_groups("$1,234,567.00", "en") == "$1,234,567.00"


def test_french_catalog_is_typeset():
    from proposalkit.core.typography import typeset_fr
    from proposalkit.i18n import _messages

    wrong = [text for text in _messages("fr").values() if typeset_fr(text) != text]
    assert wrong == []


def _every_rule(text: str) -> str:
    # typeset_fr as it was before it skipped the rules whose sign a text lacks.
    from proposalkit.core import typography as t

    text = t._FR_OPEN.sub("«" + t.NNBSP, text)
    text = t._FR_CLOSE.sub(t.NNBSP + "»", text)
    text = t._FR_TALL.sub(t._tall, text)
    text = t._FR_COLON.sub(t.NBSP + ":", text)
    text = t._FR_GROUPS.sub(lambda m: re.sub(t._SP, t.NNBSP, m.group(0)), text)
    text = t._FR_UNIT.sub(lambda m: m.group(1) + t.NBSP + m.group(2), text)
    return t._FR_HOUR.sub(lambda m: m.group(1) + t.NBSP + m.group(2), text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["mot", " ", "\u00a0", "\u202f", ";", "!", "?", ":", "«", "»",
                                 "30", "000", "1", "$", "%", "h", "k$", "{amount}", "&amp",
                                 "٣", "https", "//", ",", ".", "-", "\n"]),
                max_size=16).map("".join))
def test_skipping_the_rules_a_text_does_not_need_changes_nothing(text):
    from proposalkit.core.typography import typeset_fr

    assert typeset_fr(text) == _every_rule(text)
