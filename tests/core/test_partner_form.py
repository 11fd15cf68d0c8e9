"""What a partner form holds (pure: no PDF)."""

from __future__ import annotations

from proposalkit.core.model import Partner


def test_typographic_text_goes_into_the_form_unchanged():
    # The form's field font covers French and the syllabics: ’, «, œ and ᐃᓄᒃᑎᑐᑦ go out
    # as they are; only control characters are left out (a line break stays).
    from proposalkit.core.partner_form import _kept, form_text

    text = "Cellule d’accompagnement — « œuvre » ᐃᓄᒃᑎᑐᑦ"
    assert form_text(text) == text
    assert form_text("a\x07b\nc") == "ab\nc"
    assert _kept("Cellule d’accompagnement", "Cellule d’accompagnement") == \
        "Cellule d’accompagnement"
    assert _kept("Cellule d’accompagnement", "Autre texte") == "Autre texte"


def test_a_description_that_repeats_the_partners_name_is_not_written():
    from proposalkit.core.partner_form import _written

    partner = Partner(name="MRC des Vallons")
    assert not _written("MRC des Vallons", partner)
    assert not _written("  mrc des vallons (en nature) ", partner)
    assert not _written("", partner)
    assert _written("MRC des Vallons : guichet rural", partner)
    assert _written("Prêt d’un local au centre-ville", partner)
