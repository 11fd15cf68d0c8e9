"""The attestation rule: the call's required declarations ticked, the board resolution
cited (its number, and a date that is not after today)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from proposalkit.core.attestation import unticked_required
from proposalkit.core.validation import validate

TODAY = date(2018, 4, 20)


def attest(program, proposal, lang="fr"):
    return [f for f in validate(program, proposal, today=TODAY, lang=lang)
            if f.code.endswith("-ATTEST")]


def test_every_shipped_pack_asks_for_declarations_with_an_attestation_rule(catalog):
    for program_id in ("pri-2018", "rnpri-2018", "mei-incubation-2022"):
        program = catalog.get(program_id)
        assert [d.id for d in program.declarations if d.required] == [
            "other_aid", "lobbying", "no_debt", "rena"]
        rule = next(r for r in program.rules if r.kind == "attestation")
        assert rule.assumption and rule.resolution and rule.severity == "error"


def test_the_example_is_attested(pri, example):
    assert attest(pri, example) == []
    assert unticked_required(pri, example) == []


def test_a_required_declaration_left_unticked_is_an_error_at_its_box(pri, example):
    del example.declarations["lobbying"]
    example.declarations["rena"] = False
    found = attest(pri, example)
    assert [f.location for f in found] == [("declarations", "lobbying"),
                                           ("declarations", "rena")]
    assert all(f.severity == "error" for f in found)
    assert "registre des lobbyistes" in found[0].message
    assert "L’appel exige cette déclaration" in found[0].message
    english = attest(pri, example, "en")
    assert "lobbyists registry" in english[0].message


def test_an_optional_declaration_may_stay_unticked(pri, example):
    assert "share_with_partners" not in example.declarations
    example.declarations["share_with_partners"] = False
    assert attest(pri, example) == []


def test_the_resolution_needs_its_number_and_date(pri, example):
    example.signatory.resolution_number = "  "
    example.signatory.resolution_date = None
    found = attest(pri, example, "en")
    assert [f.location for f in found] == [("signatory", "resolution_number"),
                                           ("signatory", "resolution_date")]
    assert "number of the board resolution" in found[0].message


@pytest.mark.parametrize("days", [-400, 0, 10])
def test_any_resolution_date_is_accepted(pri, example, days):
    # The board may adopt it after the applicant typed in the meeting's date.
    example.signatory.resolution_date = TODAY + timedelta(days=days)
    assert attest(pri, example) == []


def test_a_pack_without_the_resolution_flag_does_not_ask_for_it(pri, example):
    rules = [r.model_copy(update={"resolution": False}) if r.kind == "attestation" else r
             for r in pri.rules]
    program = pri.model_copy(update={"rules": rules})
    example.signatory.resolution_number = ""
    assert attest(program, example) == []


def test_the_findings_and_the_diff_name_the_declaration_and_the_resolution(pri, example):
    from proposalkit.core.describe import field_name
    from proposalkit.core.diff import diff_proposals, format_diff
    from proposalkit.i18n import translator

    tr = translator("en")
    assert field_name(("declarations", "rena"), tr, pri, example) == (
        "Declarations › The organization is not listed in the Register of enterprise…")
    before = example.model_copy(deep=True)
    example.signatory.resolution_number = "CA-2018-05"
    example.declarations["share_with_partners"] = True
    lines = format_diff(diff_proposals(pri, before, example, tr, today=TODAY), tr)
    assert any("Signatory › board resolution number" in line and "CA-2018-05" in line
               for line in lines), lines
    assert any("Declarations › share_with_partners" in line for line in lines), lines
