"""Every string we show exists in French and English, with the same {fields}."""

from __future__ import annotations

import pytest
from tools.i18n import extract, problems

from proposalkit.i18n import system_language, translator


def test_french_catalog_is_complete_and_consistent():
    assert problems() == []


def test_extraction_finds_messages_from_every_layer():
    places = {place.split(":")[0] for places in extract().values() for place in places}
    assert any("core/checks_budget.py" in p for p in places)
    assert any("cli.py" in p for p in places)


def test_translation_applies():
    assert translator("fr").gettext("The budget has no expenses yet.") != translator("en").gettext(
        "The budget has no expenses yet."
    )
    assert (
        translator("fr").ngettext("(and {n} more problem)", "(and {n} more problems)", 3)
        == "(et {n} autres problèmes)"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("fr_CA.UTF-8", "fr"),
        ("fr_FR", "fr"),
        ("fr", "fr"),
        ("en_CA.UTF-8", "en"),
        ("de_DE", "en"),
    ],
)
def test_system_language(monkeypatch, value, expected):
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", value)
    assert system_language() == expected


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        translator("de")
