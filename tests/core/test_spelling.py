"""Spell-check of the texts: the shipped dictionaries through Hunspell, the user's words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proposalkit.core import spelling
from proposalkit.core.spelling import SpellChecker, Spelling, read_user_words

FRENCH = (
    "L’innovation d’affaires du pôle régional : l’organisme accompagne les entreprises de "
    "la Mauricie depuis 2018 (G9N 6T5, OBNL, 1er juillet). C’est-à-dire qu’elle développe "
    "jusqu’à l’automne des projets porte-parole ; va-t-il réussir aujourd’hui ? "
    "Voir https://www.exemple.ca/inovation ou info@pole-innov.ca."
)


@pytest.fixture(scope="module")
def shared():
    """One Hunspell load for the module (the dictionaries take a fraction of a second)."""
    return {lang: spelling.hunspell_backend(lang) for lang in spelling.DICTIONARIES}


@pytest.fixture
def fr(shared, tmp_path):
    """A French checker on the shipped dictionary, with its own user list."""
    return SpellChecker("fr", lambda lang: shared[lang], tmp_path / "words-fr.txt")


@pytest.fixture
def en(shared, tmp_path):
    """An English (Canada) checker on the shipped dictionary."""
    return SpellChecker("en", lambda lang: shared[lang], tmp_path / "words-en.txt")


def test_the_engine_and_both_dictionaries_are_there(shared):
    assert shared["fr"] is not None and shared["en"] is not None
    folder = spelling.dictionaries_dir()
    for name in spelling.DICTIONARIES.values():
        assert (folder / f"{name}.aff").is_file() and (folder / f"{name}.dic").is_file()
    # Their licences travel with them.
    assert (folder / "MPL-2.0.txt").is_file() and (folder / "en_CA-LICENSE.txt").is_file()


def test_correct_french_with_elisions_compounds_numbers_and_addresses_is_not_marked(fr):
    assert fr.misspellings(FRENCH) == []


@pytest.mark.parametrize("word", ["acompagne", "entreprize", "l’inovation", "d’afaires",
                                  "développment"])
def test_french_misspellings_are_marked_where_they_are(fr, word):
    text = f"Le pôle {word} les entreprises."
    (found,) = fr.misspellings(text)
    assert found.word == word
    assert text[found.start:found.start + found.length] == word


@pytest.mark.parametrize(("typo", "right"), [
    ("acompagne", "accompagne"), ("entreprize", "entreprise"),
    ("l’inovation", "l’innovation"), ("developement", "développement"),
])
def test_french_suggestions_contain_the_right_word(fr, typo, right):
    assert right in fr.suggest(typo)
    assert len(fr.suggest(typo)) <= spelling.MAX_SUGGESTIONS


def test_canadian_english_spellings_and_quebec_names(en):
    assert en.misspellings("The colour of the centre in Québec and Montréal, don’t worry.") == []
    assert en.misspellings("SMEs, NGOs and the MEI.") == []
    (found,) = en.misspellings("We recieve support.")
    assert found.word == "recieve"
    assert "receive" in en.suggest("recieve")


def test_a_word_the_dictionary_lacks_is_accepted_once_added_and_kept(tmp_path):
    # Its own engine: adding a word changes the engine's word list too.
    fr = SpellChecker("fr", spelling.hunspell_backend, tmp_path / "words-fr.txt")
    assert [m.word for m in fr.misspellings("Le projet Zorblax avance.")] == ["Zorblax"]
    fr.add("Zorblax")
    assert fr.misspellings("Le projet Zorblax avance ; l’équipe de Zorblax aussi.") == []
    assert (tmp_path / "words-fr.txt").read_text(encoding="utf-8") == "Zorblax\n"
    # Another session (a new checker on the same file) knows it.
    again = SpellChecker("fr", spelling.hunspell_backend, tmp_path / "words-fr.txt")
    assert again.misspellings("Le projet Zorblax avance.") == []
    assert "Zorblax" in again.user_words


def test_a_lower_case_user_word_is_right_at_the_start_of_a_sentence(tmp_path):
    fr = SpellChecker("fr", spelling.hunspell_backend, tmp_path / "words-fr.txt")
    assert [m.word for m in fr.misspellings("Zorblaxien.")] == ["Zorblaxien"]
    fr.add("zorblaxien")
    assert fr.misspellings("Zorblaxien et zorblaxien.") == []


def test_ignored_words_are_accepted_for_the_session_only(fr, shared, tmp_path):
    fr.ignore("Qwrtz")
    assert fr.misspellings("Qwrtz") == []
    assert not (tmp_path / "words-fr.txt").exists()
    again = SpellChecker("fr", lambda lang: shared[lang], tmp_path / "words-fr.txt")
    assert [m.word for m in again.misspellings("Qwrtz")] == ["Qwrtz"]


def test_the_dictionary_is_read_when_a_word_is_first_checked():
    calls = []

    def load(lang):
        calls.append(lang)
        return None

    checkers = Spelling(load)
    checker = checkers.checker("fr")
    assert calls == [] and not checker.loaded
    assert checker.misspellings("Texte sans dictionaire.") == []  # no engine: nothing marked
    assert calls == ["fr"] and checker.loaded
    checker.misspellings("Encore.")
    assert calls == ["fr"]
    assert checkers.checker("fr") is checker


def test_the_user_list_read_is_bounded_and_skips_junk(tmp_path):
    path = tmp_path / "words.txt"
    long_word = "x" * (spelling.MAX_WORD_LENGTH + 1)
    path.write_bytes(b"Zorblax\n\n# remark\ntwo words\nbad\x01\n" + long_word.encode()
                     + b"\n\xff\xfe\n" + "Écoparc\n".encode())
    assert read_user_words(path) == {"Zorblax", "Écoparc"}
    assert read_user_words(tmp_path / "missing.txt") == set()
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"mot\n" * (spelling.MAX_USER_FILE_BYTES // 2))
    assert read_user_words(huge) == {"mot"}


def test_the_user_list_is_written_atomically_and_sorted(tmp_path):
    path = tmp_path / "sub" / "words.txt"
    spelling.write_user_words(path, ["zèbre", "Abitibi", "zèbre"])
    assert path.read_text(encoding="utf-8") == "Abitibi\nzèbre\n"
    assert [p.name for p in path.parent.iterdir()] == ["words.txt"]  # no temporary left


def test_the_user_words_live_in_the_profile(monkeypatch, tmp_path):
    monkeypatch.setenv("PROPOSALKIT_DATA_DIR", str(tmp_path))
    assert spelling.user_words_path("fr") == tmp_path / "spelling" / "words-fr.txt"


def test_a_folder_with_accents_holds_the_dictionaries(tmp_path):
    folder = tmp_path / "Frédéric Côté"
    folder.mkdir()
    for suffix in (".aff", ".dic"):
        source = spelling.dictionaries_dir() / f"en_CA{suffix}"
        (folder / source.name).write_bytes(source.read_bytes())
    engine = spelling.hunspell_backend("en", folder)
    assert engine is not None and engine.spell("colour") and not engine.spell("recieve")


def test_an_unknown_language_or_a_missing_dictionary_means_no_check(tmp_path):
    assert spelling.hunspell_backend("de") is None
    assert spelling.hunspell_backend("fr", tmp_path) is None


class _Words:
    """A stand-in engine knowing a few words (for tests of the text walking only)."""

    known = {"le", "pôle", "aide", "les", "entreprises", "innovation", "l’innovation"}

    def spell(self, word):
        return word.lower() in self.known

    def suggest(self, word):
        return []


_PIECES = ["le", "pôle", "aide", "les", "entreprize", "l’inovation", "zz", "2018", " ", " ",
           "\n", "www.exemple.ca", "a@b.ca", "-", "’", ",", "MEI", "é"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40),
       st.lists(st.sampled_from(_PIECES), max_size=6),
       st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=8))
def test_an_update_after_an_edit_equals_checking_the_whole_text(pieces, inserted, at, cut):
    checker = SpellChecker("fr", lambda lang: _Words(), Path("/nonexistent/words-fr.txt"))
    old = "".join(pieces)
    at = min(at, len(old))
    new = old[:at] + "".join(inserted) + old[at + cut:]
    assert checker.update(old, checker.misspellings(old), new) == checker.misspellings(new)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_a_pipe_as_the_word_list_does_not_block(tmp_path):
    # Issue 18: a FIFO in its place blocked the window on the first section page. A
    # child process bounds the test: a blocked read would hang it, not the suite.
    fifo = tmp_path / "words-fr.txt"
    os.mkfifo(fifo)
    code = ("import sys; from pathlib import Path; "
            "from proposalkit.core.spelling import read_user_words; "
            "print(sorted(read_user_words(Path(sys.argv[1]))))")
    result = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr
