"""The funder's short name in sentences: « Québec », « MEI » or « DEC » take no article in
our French, so a French phrase never puts a bare preposition before it (« demandé à
Québec », « par MEI »): it says « au bailleur de fonds (Québec) » instead, for every
shipped pack, in both languages."""

from __future__ import annotations

import re

import pytest
from tools.i18n import read_catalog

from proposalkit.core.program import default_catalog, shipped_ids
from proposalkit.i18n import translator

#: French words that would need the funder's article after them.
PREPOSITIONS = {"à", "de", "par", "pour", "avec", "sur", "auprès", "envers", "contre"}


def test_no_french_preposition_before_the_funder_s_short_name():
    entries, _dupes = read_catalog()
    bare = []
    for msgid, msgstr in entries.items():
        for text in (msgstr if isinstance(msgstr, tuple) else (msgstr,)):
            for match in re.finditer(r"(\S+)\s\{funder\}", str(text)):
                if match[1].lower() in PREPOSITIONS:
                    bare.append((msgid, text))
    assert bare == []


@pytest.mark.parametrize("program_id", sorted(shipped_ids()))
def test_the_amount_requested_reads_right_with_every_shipped_funder(program_id):
    program = default_catalog().programs[program_id]
    fr, en = translator("fr"), translator("en")
    short_fr, short_en = program.funder_name(fr), program.funder_name(en)
    assert fr.gettext("Amount requested from {funder}").format(funder=short_fr) == (
        f"Montant demandé au bailleur de fonds ({short_fr})")
    assert en.gettext("Amount requested from {funder}").format(funder=short_en) == (
        f"Amount requested from {short_en}")
    aid = fr.gettext("Aid from {funder}").format(funder=short_fr)
    assert aid == f"Aide du bailleur de fonds ({short_fr})"
