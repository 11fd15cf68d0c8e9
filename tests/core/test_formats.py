"""Postal codes and phone numbers written the usual way once a field is left."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from proposalkit.core.formats import format_phone, format_postal_code
from proposalkit.core.validation import phone_ok, postal_code_ok


def test_postal_codes_however_typed():
    for typed in ("g9n6t5", "G9N 6T5", " g9n-6t5 ", "G9N  6t5"):
        assert format_postal_code(typed) == "G9N 6T5"
    for other in ("", "G9N", "123456", "G9N 6T5 X", "Trois-Rivières"):
        assert format_postal_code(other) == other


def test_phone_numbers_however_typed():
    for typed in ("8195550142", "(819) 555-0142", "819.555.0142", "1-819-555-0142",
                  "+1 819 555 0142", "819 555-0142"):
        assert format_phone(typed) == "819 555-0142"
    assert format_phone("819 555 0142 poste 12") == "819 555-0142 poste 12"
    assert format_phone("819-555-0142 ext. 7", "en") == "819 555-0142 ext. 7"
    assert phone_ok(format_phone("8195550142 poste 12"))
    assert phone_ok(format_phone("8195550142x7", "en"))
    for other in ("", "555-0142", "819 555 014", "téléphone"):
        assert format_phone(other) == other


@given(st.text(max_size=20))
def test_formatting_never_makes_a_valid_value_invalid_and_is_stable(text):
    for fmt, ok in ((format_postal_code, postal_code_ok), (format_phone, phone_ok)):
        shown = fmt(text)
        assert fmt(shown) == shown
        if ok(text):
            assert ok(shown)
