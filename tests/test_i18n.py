"""Every string we show exists in French and English, with the same {fields}."""

from __future__ import annotations

import pytest
from tools.i18n import extract, problems, stray_msgstrs

from proposalkit.i18n import system_language, translator


def test_french_catalog_is_complete_and_consistent():
    assert problems() == []


def test_a_merge_leftover_msgstr_is_found(tmp_path):
    # A union merge of the catalog once left an entry's msgstr after another's: Babel kept
    # the first silently, msgfmt refused the whole catalog.
    po = tmp_path / "x.po"
    po.write_text('msgid "a"\nmsgstr "A"\n\nmsgid "b"\nmsgid_plural "bs"\n'
                  'msgstr[0] "B"\nmsgstr[1] "Bs"\n\nmsgid "c"\nmsgstr "C"\nmsgstr "A"\n',
                  encoding="utf-8")
    assert stray_msgstrs(po) == [11]


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


def test_french_text_uses_the_typographic_apostrophe():
    # Catalog, packs and the example: French elision is written with ’ (tools/apostrophes.py
    # fix repairs what a merge or a hand edit brings back).
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "tools" / "apostrophes.py"
    spec = importlib.util.spec_from_file_location("apostrophes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.problems() == []


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "__dataclass_fields__"):
        for item in vars(value).values():
            yield from _strings(item)


def test_french_dossier_has_no_straight_apostrophe():
    from datetime import date

    from proposalkit.core.example import example_proposal
    from proposalkit.core.program import default_catalog
    from proposalkit.core.validation import validate
    from proposalkit.export import build_dossier

    proposal = example_proposal()
    program = default_catalog().get(proposal.program_id)
    assert program is not None
    dossier = build_dossier(program, proposal, validate(program, proposal, lang="fr"), "fr",
                            today=date(2018, 4, 2))
    texts = list(_strings(dossier.blocks))
    assert any("’" in text for text in texts)
    assert [t for t in texts if "'" in t] == []
