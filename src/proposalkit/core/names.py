"""Organization names with their article, for the sentences we write around them.

French introduces most organization names with an article: « la MRC des Vallons »,
« le Collège de Matane », « l’Université du Littoral », « les Serres du Fjord »; and
the preposition merges with it: « de la MRC », « du Collège », « de l’Université »,
« des Serres », « au Collège ». English needs "the" before some (the University of X).
The applicant and each partner store how their name is introduced (``article`` for
French, ``article_en`` for English; ``none`` when it takes none); while the user has not
chosen (``""``), the article is suggested from the name's first word
(:func:`suggest_article`), so that it follows a renamed organization.

A catalog string asks for the form it needs with a format spec on the name's field,
so that the field's name stays the same in both languages:

========= ======================== ==========================
spec      French                   English
========= ======================== ==========================
(none)    MRC des Vallons          MRC des Vallons
``le``    la MRC des Vallons       the MRC des Vallons
``Le``    La MRC des Vallons       The MRC des Vallons
``de``    de la MRC des Vallons    of the MRC des Vallons
``à``     à la MRC des Vallons     to the MRC des Vallons
========= ======================== ==========================

(« {partner:de} » in French where the English says « of {partner:le} »). No Qt.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

#: What the model stores: ``""`` for "as suggested by the name", ``none`` for no article.
FrArticle = Literal["", "le", "la", "l’", "les", "none"]
EnArticle = Literal["", "the", "none"]
#: The articles a user can choose, "none" included.
FR_ARTICLES: tuple[FrArticle, ...] = ("la", "le", "l’", "les", "none")
EN_ARTICLES: tuple[EnArticle, ...] = ("the", "none")

# The first word of a name (lower case, without accents) and the article it takes.
_FEMININE = {
    "mrc", "caisse", "sadc", "corporation", "chambre", "ville", "municipalite", "societe",
    "federation", "fondation", "cooperative", "table", "commission", "cdc", "communaute",
    "banque", "maison", "fabrique", "direction", "compagnie", "regie", "station", "cite",
    "clinique", "coop", "conference", "fiducie", "cdec",
    "sdeo", "zone", "technopole", "grappe", "place", "cooperation", "mutuelle",
}
_MASCULINE = {
    "college", "centre", "cegep", "conseil", "comite", "carrefour", "regroupement",
    "reseau", "fonds", "groupe", "pole", "ministere", "cld", "service", "syndicat",
    "bureau", "club", "parc", "port", "consortium", "cabinet", "laboratoire",
    "secretariat", "musee", "cfp", "cisss", "ciusss", "conservatoire", "creneau",
    "chantier", "village", "quartier", "technocentre", "cercle", "collectif", "mouvement",
    "departement",
}
_ELIDED = {
    "universite", "institut", "office", "organisme", "association", "agence", "alliance",
    "union", "ecole", "hopital", "incubateur", "observatoire", "academie", "ordre",
    "atelier", "espace", "entreprise", "etablissement", "orchestre", "usine", "uqar",
    "uqac", "uqtr", "uqam", "uqo", "uqat", "aeroport", "hotel",
}
_PLURAL = {
    "entreprises", "editions", "productions", "industries", "ateliers", "amis", "serres",
    "fermes", "services", "laboratoires", "constructions", "technologies", "solutions",
    "jardins", "forges", "chantiers", "habitations", "residences", "cooperatives",
}
# English first words that take "the" (French names that take an article take it too).
_THE = {
    "university", "college", "city", "town", "municipality", "chamber", "centre",
    "center", "council", "board", "institute", "office", "fund", "foundation", "society",
    "association", "federation", "network", "ministry", "department", "government",
    "regional", "national", "canadian", "quebec", "agency", "alliance", "union", "school",
    "hospital", "group", "committee", "bank", "corporation", "company", "museum",
}
_VOWELS = set("aeiouyh")


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _first_word(name: str) -> str:
    words = name.strip().replace("’", " ").replace("'", " ").replace("-", " ").split()
    return _plain(words[0]) if words else ""


def suggest_article(name: str) -> str:
    """The article French puts before ``name``, guessed from its first word
    (MRC → la, Collège → le, Université → l’, Entreprises → les; a name it does not
    know, often a company's own, takes none)."""
    first = _first_word(name)
    if first in _PLURAL:
        return "les"
    if first in _ELIDED:
        return "l’"
    if first in _FEMININE:
        return "la"
    if first in _MASCULINE:
        return "le"
    return ""


def suggest_article_en(name: str) -> str:
    """Whether English puts "the" before ``name`` (the University of X, the MRC des
    Vallons), from its first word."""
    first = _first_word(name)
    return "the" if first in _THE or suggest_article(name) else ""


def _starts_with_vowel(text: str) -> bool:
    return bool(text) and _plain(text[0]) in _VOWELS


@dataclass(frozen=True)
class OrgName:
    """An organization's name and its article in one language, formatted by the spec
    of the field that holds it (see the module's docstring)."""

    name: str
    article: str
    lang: str

    def __str__(self) -> str:
        return self.name

    def __format__(self, spec: str) -> str:
        if not spec:
            return self.name
        if spec in ("le", "Le"):
            text = self.with_article()
            return text[:1].upper() + text[1:] if spec == "Le" else text
        if spec in ("de", "à"):
            return self.with_preposition(spec)
        raise ValueError(f"unknown name form {spec!r}")

    def with_article(self) -> str:
        """``la MRC des Vallons``, ``l’Université du Littoral``, ``the University``."""
        if not self.article or not self.name:
            return self.name
        if self.article == "l’":
            return "l’" + self.name
        return f"{self.article} {self.name}"

    def with_preposition(self, preposition: str) -> str:
        """``de``: de la MRC, du Collège, de l’Université, des Serres, d’Emploi-Québec;
        ``à``: à la MRC, au Collège, à l’Université, aux Serres (English: of, to)."""
        if self.lang != "fr":
            return f"{'of' if preposition == 'de' else 'to'} {self.with_article()}".rstrip()
        if preposition == "de":
            merged = {"le": "du", "les": "des"}
            if self.article in merged:
                return f"{merged[self.article]} {self.name}"
            if not self.article and _starts_with_vowel(self.name):
                return "d’" + self.name
            return "de " + self.with_article()
        merged = {"le": "au", "les": "aux"}
        if self.article in merged:
            return f"{merged[self.article]} {self.name}"
        return "à " + self.with_article()


def org_name(name: str, article: str | None, article_en: str | None, lang: str) -> OrgName:
    """The :class:`OrgName` of ``name`` in ``lang``: the article chosen for it (``none``:
    no article), or the one suggested while none is chosen (``""`` or None)."""
    chosen = article if lang == "fr" else article_en
    if not chosen:
        chosen = suggest_article(name) if lang == "fr" else suggest_article_en(name)
    return OrgName(name.strip(), "" if chosen == "none" else chosen, lang)


def named(organization: object, lang: str, name: str | None = None) -> OrgName:
    """The :class:`OrgName` of an applicant (``legal_name``) or partner (``name``) in
    ``lang``; ``name`` replaces the stored one (a default such as « Partenaire 2 »)."""
    stored = getattr(organization, "legal_name", None)
    if stored is None:
        stored = getattr(organization, "name", "")
    return org_name(name if name is not None else stored,
                    getattr(organization, "article", None),
                    getattr(organization, "article_en", None), lang)
