

def test_typographic_text_round_trips_through_a_latin1_form_unchanged():
    # The form's fields hold Latin-1 only: ’ goes out as ', and coming back as the form
    # wrote it, it is no change (the proposal keeps its ’).
    from proposalkit.core.partner_form import _kept, form_text

    assert form_text("Cellule d’accompagnement — œuvre") == "Cellule d'accompagnement - oeuvre"
    assert _kept("Cellule d’accompagnement", "Cellule d'accompagnement") == \
        "Cellule d’accompagnement"
    assert _kept("Cellule d’accompagnement", "Autre texte") == "Autre texte"
