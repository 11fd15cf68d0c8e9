"""Organization names with their article: suggested, chosen, and in sentences."""

from __future__ import annotations

import pytest

from proposalkit.core.model import Applicant, Partner
from proposalkit.core.names import named, org_name, suggest_article, suggest_article_en
from proposalkit.i18n import translator


@pytest.mark.parametrize(("name", "article"), [
    ("MRC des Vallons", "la"), ("Collège technique de la Batiscan", "le"),
    ("Université du Littoral", "l’"), ("Caisse populaire du Saint-Maurice", "la"),
    ("SADC du Haut-Maurice", "la"), ("Corporation de développement", "la"),
    ("Chambre de commerce", "la"), ("Centre d’entrepreneuriat", "le"),
    ("École de technologie", "l’"), ("Entreprises Nordiques inc.", "les"),
    ("Desjardins", ""), ("Fonds d’amorçage Boréal", "le"), ("", ""),
])
def test_the_article_is_suggested_from_the_first_word(name, article):
    assert suggest_article(name) == article


def test_english_the_is_suggested_for_institutions_and_french_names_with_an_article():
    assert suggest_article_en("University of the North") == "the"
    assert suggest_article_en("MRC des Vallons") == "the"
    assert suggest_article_en("Desjardins") == ""


@pytest.mark.parametrize(("name", "article", "le", "Le", "de", "a"), [
    ("MRC des Vallons", "la", "la MRC des Vallons", "La MRC des Vallons",
     "de la MRC des Vallons", "à la MRC des Vallons"),
    ("Collège de Matane", "le", "le Collège de Matane", "Le Collège de Matane",
     "du Collège de Matane", "au Collège de Matane"),
    ("Université du Littoral", "l’", "l’Université du Littoral", "L’Université du Littoral",
     "de l’Université du Littoral", "à l’Université du Littoral"),
    ("Serres du Fjord", "les", "les Serres du Fjord", "Les Serres du Fjord",
     "des Serres du Fjord", "aux Serres du Fjord"),
    ("Emploi-Québec", "", "Emploi-Québec", "Emploi-Québec", "d’Emploi-Québec",
     "à Emploi-Québec"),
    ("Desjardins", "", "Desjardins", "Desjardins", "de Desjardins", "à Desjardins"),
])
def test_french_forms(name, article, le, Le, de, a):  # noqa: N803 - the spec's own name
    org = org_name(name, article or "none", None, "fr")
    assert (f"{org}", f"{org:le}", f"{org:Le}", f"{org:de}", f"{org:à}") == (
        name, le, Le, de, a)


def test_english_forms_and_the_chosen_article_wins_over_the_suggestion():
    org = org_name("University of the North", None, None, "en")
    assert (f"{org:le}", f"{org:Le}", f"{org:de}") == (
        "the University of the North", "The University of the North",
        "of the University of the North")
    assert f"{org_name('MRC des Vallons', 'le', 'none', 'en'):Le}" == "MRC des Vallons"
    assert f"{org_name('MRC des Vallons', 'le', '', 'fr'):de}" == "du MRC des Vallons"


def test_model_fields_default_to_the_suggestion_and_refuse_other_articles():
    partner = Partner(name="Collège de Matane")
    assert partner.article == "" and f"{named(partner, 'fr'):de}" == "du Collège de Matane"
    applicant = Applicant(legal_name="Corporation X", article="la", article_en="none")
    assert f"{named(applicant, 'en'):le}" == "Corporation X"
    with pytest.raises(ValueError):
        Partner(name="X", article="lo")


def test_catalog_sentences_take_the_article_in_both_languages():
    org = org_name("MRC des Vallons", None, None, "fr")
    fr = translator("fr").gettext("There is no letter of support from {partner:le}.")
    assert fr.format(partner=org) == "Il n’y a pas de lettre d’appui de la MRC des Vallons."
    en_org = org_name("MRC des Vallons", None, None, "en")
    assert translator("en").gettext("There is no letter of support from {partner:le}.").format(
        partner=en_org) == "There is no letter of support from the MRC des Vallons."
