"""The word count (the section pages, the word-limit checks) counts runs of non-space
characters that hold a letter or a digit, whatever the text: the same as splitting on
white space and looking at each run, which it does faster."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from proposalkit.core.checks_dossier import count_words


def _by_runs(text: str) -> int:
    return sum(1 for run in text.split() if any(c.isalnum() for c in run))


_TRICKY = st.text(alphabet=st.sampled_from(
    list("ab1_-’'«»—:;%.,!?é2") + [" ", "\n", "\t", "\xa0", "\u202f", "\u2009", "\u3000",
                                    "\x1c", "\u0660", "\u00b2", "\u2164"]), max_size=60)


@given(_TRICKY, st.text(max_size=40))
@example("« Bonjour » — dit-il : l’été 2025 ; 50 %", "")
@example("_ __ a_b", "\u00b2")
def test_words_are_runs_holding_a_letter_or_a_digit(text, other):
    for sample in (text, other, text + " " + other):
        count_words.cache_clear()
        assert count_words(sample) == _by_runs(sample), repr(sample)
