"""One table of per-language facts (i18n.LANGUAGES) that the code reads instead of
ternaries on "fr"/"en"."""

from __future__ import annotations

import pytest

from proposalkit.core.formats import format_phone
from proposalkit.i18n import LANGS, LANGUAGES, facts, translator


def test_every_language_has_its_facts():
    assert set(LANGUAGES) == set(LANGS)
    for lang in LANGS:
        row = facts(lang)
        assert row.code == lang and translator(lang).locale == row.locale
        assert row.tag == row.locale.replace("_", "-")
    with pytest.raises(ValueError):
        facts("de")


def test_the_code_reads_the_table():
    assert format_phone("8195550142 x12", "fr").endswith(" poste 12")
    assert format_phone("8195550142 x12", "en").endswith(" ext. 12")
    assert translator("fr").ngettext("{n} word", "{n} words", 0) != translator(
        "en").ngettext("{n} word", "{n} words", 0)
