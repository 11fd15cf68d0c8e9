"""Tests for proposalkit.core.money: checking, parsing and formatting CAD amounts."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest
from babel.numbers import format_currency
from hypothesis import example, given
from hypothesis import strategies as st

from proposalkit.core.money import (
    MAX_AMOUNT,
    AmountError,
    check_amount,
    format_amount,
    format_money,
    format_percent,
    format_share,
    parse_amount,
    to_cents,
)

NBSP = "\u00a0"
SPACES = (" ", "\u00a0", "\u202f", "\u2009")  # regular, no-break, narrow no-break, thin

# Any amount a proposal may hold: 0 to one billion, in cents.
amounts = st.integers(0, int(MAX_AMOUNT) * 100).map(lambda cents: Decimal(cents).scaleb(-2))
langs = st.sampled_from(["fr", "en"])


def respace(data: st.DataObject, text: str) -> str:
    """``text`` with each space (Babel's are no-break) replaced by any space variant."""
    return "".join(data.draw(st.sampled_from(SPACES)) if c in SPACES else c for c in text)


def code_of(text: str, lang: str | None = None) -> str:
    with pytest.raises(AmountError) as info:
        parse_amount(text, lang)
    return info.value.code


# -- parse_amount: what people type -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("400 000 $", "400000"),
        ("400000", "400000"),
        ("400,000.00", "400000.00"),
        ("1 234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("$1,234.56", "1234.56"),
        ("400 000,00 $", "400000.00"),
        ("1 234,56$", "1234.56"),
        ("CAD 1234.56", "1234.56"),
        ("1234.56 CAD", "1234.56"),
        ("CAD1234", "1234"),
        ("$ 400 000", "400000"),
        ("400 000 $ CA", "400000"),
        ("400\u00a0000,00\u00a0$", "400000.00"),
        ("400\u202f000,00\u202f$", "400000.00"),
        ("400\u2009000,00 $", "400000.00"),
        ("  \t400 000 $\n", "400000"),
        ("1.234,56", "1234.56"),  # both marks: the last one is the decimal mark
        ("1,234,567", "1234567"),  # several commas in groups of three: English grouping
        ("1,234,567.89", "1234567.89"),
        ("1 234 567", "1234567"),
        ("12,5", "12.5"),  # comma before one or two digits: decimal comma
        ("12,50", "12.50"),
        ("0", "0"),
        ("0,01", "0.01"),
        (".50", "0.50"),
        ("1 000 000 000", "1000000000"),
    ],
)
def test_parse_examples(text: str, expected: str) -> None:
    result = parse_amount(text)
    assert result == Decimal(expected)
    # Exactly as typed: the decimals are kept, never added or rounded.
    assert result.as_tuple() == Decimal(expected).as_tuple()


def test_parse_result_is_exact_decimal() -> None:
    assert parse_amount("1234.56") == Decimal("1234.56")
    assert str(parse_amount("400 000 $")) == "400000"
    assert str(parse_amount("400 000,00 $")) == "400000.00"


@pytest.mark.parametrize("text", ["1,234", "12,345", "999,999", "$1,234", "1,234 $"])
def test_lone_comma_before_three_digits_is_ambiguous_without_language(text: str) -> None:
    assert code_of(text) == "ambiguous"


def test_ambiguity_resolved_by_language() -> None:
    assert parse_amount("1,234", "en") == Decimal("1234")
    assert parse_amount("12,345", "en") == Decimal("12345")
    assert code_of("1,234", "fr") == "too_many_decimals"  # one point two three four
    assert code_of("12,345", "fr") == "too_many_decimals"


@pytest.mark.parametrize("lang", [None, "fr", "en"])
def test_comma_readings_that_are_never_ambiguous(lang: str | None) -> None:
    assert parse_amount("12,34", lang) == Decimal("12.34")
    assert parse_amount("1,234,567", lang) == Decimal("1234567")
    assert parse_amount("1,234.56", lang) == Decimal("1234.56")
    # Spaces already separate thousands, so the comma is decimal.
    assert code_of("1 234,567", lang) == "too_many_decimals"
    # Four digits before the comma cannot be a thousands group.
    assert code_of("1234,567", lang) == "too_many_decimals"
    # Nor can a leading zero.
    assert code_of("0,500", lang) == "too_many_decimals"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\u00a0\u202f", "empty"),
        ("abc", "not_a_number"),
        ("12abc", "not_a_number"),
        ("1e5", "not_a_number"),
        ("$", "not_a_number"),
        ("5,", "not_a_number"),
        ("4$00", "not_a_number"),
        ("NaN", "not_a_number"),
        ("(5", "not_a_number"),
        ("\u0663", "not_a_number"),  # Arabic-Indic digit three: Decimal() would take it
        ("1_000", "not_a_number"),
        ("-5", "negative"),
        ("\u22125", "negative"),  # the minus sign a word processor puts
        ("-$5", "negative"),
        ("$-5", "negative"),
        ("-400 000,00 $", "negative"),
        ("(5)", "negative"),
        ("(1 234,56 $)", "negative"),
        ("-0", "negative"),
        ("1234.567", "too_many_decimals"),
        ("1,2345", "too_many_decimals"),
        ("1.500", "too_many_decimals"),  # trailing zeros count: 1.500 may mean 1500
        ("1 000 000 000,01", "too_large"),
        ("2 000 000 000 $", "too_large"),
        ("12 34", "bad_grouping"),
        ("1 2345", "bad_grouping"),
        ("1234 567", "bad_grouping"),
        ("1,23,456", "bad_grouping"),
        ("1,234.567.89", "bad_grouping"),
        ("1 234,567.89", "bad_grouping"),  # two kinds of grouping
        ("0 400", "bad_grouping"),
    ],
)
def test_parse_refusals(text: str, code: str) -> None:
    assert code_of(text) == code


def test_parse_error_keeps_the_input() -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(" 12 34 $ ")
    assert info.value.text == " 12 34 $ "
    assert isinstance(info.value, ValueError)


def test_parse_rejects_unknown_language() -> None:
    with pytest.raises(ValueError):
        parse_amount("1", "de")


@given(st.text(alphabet=st.sampled_from("0123456789 ,.$-()CAD\u00a0\u202fx")), langs)
def test_parse_refuses_only_with_amount_error(text: str, lang: str) -> None:
    for which in (None, lang):
        try:
            result = parse_amount(text, which)
        except AmountError as exc:
            assert exc.message("fr") and exc.message("en")
        else:
            assert check_amount(result) is result


# -- round trips ------------------------------------------------------------------------


@given(amounts, langs, st.data())
@example(Decimal("0.00"), "fr", None)
@example(MAX_AMOUNT.quantize(Decimal("0.01")), "en", None)
@example(Decimal("1234.00"), "en", None)
def test_money_round_trip(value: Decimal, lang: str, data: st.DataObject | None) -> None:
    text = format_money(value, lang)
    if data is not None:
        text = respace(data, text)
    assert parse_amount(text) == value


@given(amounts, langs, st.data())
@example(Decimal("0.00"), "en", None)
@example(MAX_AMOUNT.quantize(Decimal("0.01")), "fr", None)
@example(Decimal("1234.00"), "fr", None)
def test_amount_round_trip(value: Decimal, lang: str, data: st.DataObject | None) -> None:
    text = format_amount(value, lang)
    if data is not None:
        text = respace(data, text)
    assert parse_amount(text, lang) == value


@given(st.integers(-(10**15), 10**15).map(lambda c: Decimal(c).scaleb(-2)), langs)
def test_format_money_is_babels_format_currency(value: Decimal, lang: str) -> None:
    locale = "fr_CA" if lang == "fr" else "en_CA"
    assert format_money(value, lang) == format_currency(value, "CAD", locale=locale)


# -- formatting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        ("400000", "400\u00a0000,00\u00a0$", "$400,000.00"),
        ("1234.56", "1\u00a0234,56\u00a0$", "$1,234.56"),
        ("0", "0,00\u00a0$", "$0.00"),
        ("0.5", "0,50\u00a0$", "$0.50"),
        ("1000000000", "1\u00a0000\u00a0000\u00a0000,00\u00a0$", "$1,000,000,000.00"),
        ("0.005", "0,01\u00a0$", "$0.01"),  # half up, not half even
        ("2.675", "2,68\u00a0$", "$2.68"),
    ],
)
def test_format_money(value: str, fr: str, en: str) -> None:
    assert format_money(Decimal(value), "fr") == fr
    assert format_money(Decimal(value), "en") == en


def test_format_amount() -> None:
    assert format_amount(Decimal("400000"), "fr") == "400\u00a0000,00"
    assert format_amount(Decimal("400000"), "en") == "400,000.00"
    assert format_amount(Decimal("1234.5"), "fr") == "1\u00a0234,50"
    assert format_amount(Decimal("1234.5"), "en") == "1,234.50"
    assert format_amount(7, "en") == "7.00"


def test_format_percent() -> None:
    assert format_percent(Decimal("0.6"), "fr") == "60,0\u00a0%"
    assert format_percent(Decimal("0.6"), "en") == "60.0%"
    assert format_percent(Decimal("0.12345"), "fr", 2) == "12,35\u00a0%"
    assert format_percent(Decimal("0.12345"), "en", 2) == "12.35%"
    assert format_percent(Decimal("0.5"), "en", 0) == "50%"
    assert format_percent(Decimal("0.0005"), "en") == "0.1%"  # half up
    assert format_percent(1, "fr") == "100,0\u00a0%"


def test_formatting_rejects_unknown_language() -> None:
    with pytest.raises(ValueError):
        format_money(Decimal(1), "de")


def test_to_cents_rounds_half_up() -> None:
    assert to_cents(Decimal("0.005")) == Decimal("0.01")
    assert to_cents(Decimal("0.004999")) == Decimal("0.00")
    assert to_cents(Decimal("2.675")) == Decimal("2.68")
    assert to_cents(Decimal("-2.675")) == Decimal("-2.68")
    assert str(to_cents(Decimal("5"))) == "5.00"
    assert to_cents(Decimal("1E+40")) == Decimal("1E+40")  # beyond the default precision
    with pytest.raises(TypeError):
        to_cents(0.1)  # type: ignore[arg-type]


# -- check_amount -----------------------------------------------------------------------


@given(amounts)
def test_check_amount_returns_valid_amounts_unchanged(value: Decimal) -> None:
    assert check_amount(value) is value


def test_check_amount_converts_without_quantizing() -> None:
    assert check_amount(400000) == Decimal("400000")
    assert str(check_amount(400000)) == "400000"
    assert str(check_amount("1234.5")) == "1234.5"
    assert str(check_amount(" 12.50 ")) == "12.50"
    assert check_amount(Decimal("1E+3")) == Decimal(1000)
    assert check_amount(MAX_AMOUNT) == MAX_AMOUNT


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (Decimal("NaN"), "not_finite"),
        (Decimal("sNaN"), "not_finite"),
        (Decimal("Infinity"), "not_finite"),
        (Decimal("-Infinity"), "not_finite"),
        ("nan", "not_finite"),
        ("inf", "not_finite"),
        (Decimal("-0.01"), "negative"),
        (Decimal("-0"), "negative"),
        (-1, "negative"),
        ("-5", "negative"),
        (MAX_AMOUNT + Decimal("0.01"), "too_large"),
        (10**12, "too_large"),
        ("1e10", "too_large"),
        (Decimal("1.234"), "too_many_decimals"),
        (Decimal("1.000"), "too_many_decimals"),
        ("0.001", "too_many_decimals"),
        (True, "not_a_number"),
        (False, "not_a_number"),
        (0.5, "not_a_number"),
        (None, "not_a_number"),
        ("abc", "not_a_number"),
        ("1 234", "not_a_number"),  # typed text goes through parse_amount
        ("1_000", "not_a_number"),
        ("\u0663", "not_a_number"),
        ("", "empty"),
    ],
)
def test_check_amount_refusals(value: object, code: str) -> None:
    with pytest.raises(AmountError) as info:
        check_amount(value)  # type: ignore[arg-type]
    assert info.value.code == code


# -- messages ---------------------------------------------------------------------------

ALL_CODES = {
    "empty": "",
    "not_a_number": "abc",
    "negative": "-5",
    "too_many_decimals": "1.234",
    "ambiguous": "1,234",
    "too_large": "2 000 000 000",
    "bad_grouping": "12 34",
}


@pytest.mark.parametrize(("code", "text"), sorted(ALL_CODES.items()))
def test_every_parse_message_is_translated_and_names_the_input(code: str, text: str) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    error = info.value
    assert error.code == code
    fr, en = error.message("fr"), error.message("en")
    assert fr != en
    assert str(error) == en
    if text:
        assert f"«\u202f{text}\u202f»" in fr
        assert f"“{text}”" in en


def test_not_finite_message() -> None:
    with pytest.raises(AmountError) as info:
        check_amount(Decimal("NaN"))
    assert info.value.message("en") == ("“NaN” is not a finite number: enter an amount in dollars.")
    assert info.value.message("fr") == (
        "«\u202fNaN\u202f» n’est pas un nombre fini\u00a0: entrez un montant en dollars."
    )


def test_ambiguous_message_explains_both_readings() -> None:
    with pytest.raises(AmountError) as info:
        parse_amount("1,234")
    assert info.value.message("fr") == (
        "«\u202f1,234\u202f» est ambigu\u00a0: la virgule peut séparer les milliers (1\u00a0234) "
        "ou marquer les décimales (1,234). Écrivez 1\u00a0234 ou 1234,00 "
        "pour 1\u00a0234\u00a0$, ou au plus 2 décimales."
    )
    assert str(info.value) == (
        "“1,234” is ambiguous: the comma could be a thousands separator (1\u00a0234) "
        "or a decimal comma (1,234). Write 1\u00a0234 or 1234.00 "
        "for 1\u00a0234 dollars, or use at most 2 decimals."
    )


def test_too_large_message_states_the_maximum() -> None:
    with pytest.raises(AmountError) as info:
        parse_amount("2 000 000 000 $")
    assert info.value.message("fr").endswith(
        "ne peut pas dépasser 1\u00a0000\u00a0000\u00a0000,00\u00a0$."
    )
    assert info.value.message("en").endswith("cannot exceed $1,000,000,000.00.")


def test_long_input_is_shortened_in_messages() -> None:
    with pytest.raises(AmountError) as info:
        parse_amount("x" * 500)
    assert len(info.value.message("en")) < 250
    assert info.value.text == "x" * 500


def test_amount_error_survives_pickling() -> None:
    with pytest.raises(AmountError) as info:
        parse_amount("12,345")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.code, copy.text, str(copy)) == ("ambiguous", "12,345", str(info.value))


@pytest.mark.parametrize(("value", "fr", "en"), [
    ("0.6001", "60,01\u00a0%", "60.01%"),
    ("0.60001", "60,001\u00a0%", "60.001%"),
    ("0.6", "60,00\u00a0%", "60.00%"),
    ("0.544", "54,40\u00a0%", "54.40%"),
    ("0.59999", "59,999\u00a0%", "59.999%"),
    # closer than six decimals can show: rounded away from the limit, never equal to it
    ("0.600000002", "60,000001\u00a0%", "60.000001%"),
    ("0.599999998", "59,999999\u00a0%", "59.999999%"),
])
def test_format_share_makes_a_breach_visible(value: str, fr: str, en: str) -> None:
    assert format_share(Decimal(value), Decimal("0.6"), "fr") == (fr, "60\u00a0%")
    assert format_share(Decimal(value), Decimal("0.6"), "en") == (en, "60%")


def test_format_share_limit_keeps_its_own_decimals() -> None:
    assert format_share(Decimal("0.5"), Decimal("0.625"), "en") == ("50.00%", "62.5%")


@given(st.decimals(min_value=0, max_value=2, places=12),
       st.decimals(min_value=0, max_value=1, places=4))
def test_format_share_never_shows_a_different_share_as_equal(value: Decimal,
                                                             limit: Decimal) -> None:
    shown, _ = format_share(value, limit, "en")
    digits = len(shown.rstrip("%").partition(".")[2])
    assert digits >= 2
    if value != limit:
        assert shown != format_percent(limit, "en", digits)
