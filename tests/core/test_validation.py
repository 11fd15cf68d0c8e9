"""Validation: each rule kind, on the example and on broken copies of it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from proposalkit.core.model import Attachment, Partner, RevenueLine, empty_proposal
from proposalkit.core.validation import (
    counts,
    email_ok,
    format_location,
    has_errors,
    neq_ok,
    phone_ok,
    postal_code_ok,
    validate,
)

D = Decimal
BEFORE = date(2018, 3, 1)


def codes(findings, severity=None):
    return [f.code for f in findings if severity is None or f.severity == severity]


def test_example_is_clean(pri, example):
    findings = validate(pri, example, today=BEFORE)
    assert findings == []


def test_findings_carry_code_location_message_explanation_source(pri, example):
    example.budget.revenues[0].amounts[1] = D(450000)
    example.budget.revenues[-1].amounts[1] -= D(50000)
    findings = validate(pri, example, today=BEFORE, lang="en")
    cap = next(f for f in findings if f.code == "PRI-CAP-YEAR")
    assert cap.severity == "error"
    assert cap.location == ("budget", "revenues", 0, "amounts", 1)
    assert "$450,000.00" in cap.message and "$400,000.00" in cap.message
    assert "$50,000.00" in cap.message
    assert "at most $400,000" in cap.explanation
    assert "Nouvelliste" in cap.source
    fr = next(
        f for f in validate(pri, example, today=BEFORE, lang="fr") if f.code == "PRI-CAP-YEAR"
    )
    assert "450\xa0000,00\xa0$" in fr.message and "année 2" in fr.message
    assert codes(findings, "error").count("PRI-CAP-TOTAL") == 1
    assert format_location(cap.location) == "budget.revenues[0].amounts[1]"


def test_share_above_sixty_percent(pri, example):
    # Move own revenue to another Québec program: the share passes 60 %.
    own = example.budget.revenues[-1]
    own.source = "quebec_other"
    example.budget.revenues[1].source = "quebec_other"
    findings = validate(pri, example, today=BEFORE, lang="en")
    share = [f for f in findings if f.code == "PRI-SHARE"]
    assert len(share) == 1
    assert "60%" in share[0].message and "press" in share[0].source


def test_share_just_over_the_limit_does_not_read_as_equal_to_it(pri, example):
    # 60 % of the 2 940 000 $ of costs is 1 764 000 $; 294 $ more is 60.01 %.
    example.budget.revenues.append(RevenueLine(source="quebec_other", nature="cash",
                                               amounts=[D(164294), D(0), D(0), D(0)]))
    for lang, share, limit in (("en", "60.01%", "60%"), ("fr", "60,01\xa0%", "60\xa0%")):
        found = next(f for f in validate(pri, example, today=BEFORE, lang=lang)
                     if f.code == "PRI-SHARE")
        assert share in found.message and limit in found.message.replace(share, "")


def test_unbalanced_year_is_reported_to_the_cent(pri, example):
    example.budget.expenses[0].amounts[2] += D("0.01")
    findings = validate(pri, example, today=BEFORE, lang="en")
    balance = [f for f in findings if f.code == "PRI-BALANCE"]
    assert len(balance) == 1
    assert "year 3" in balance[0].message and "$0.01" in balance[0].message


def test_partner_contribution_missing_from_revenues(pri, example):
    example.partners[0].cash[3] = D(60000)
    findings = validate(pri, example, today=BEFORE, lang="en")
    funds = [f for f in findings if f.code == "PRI-PARTNER-FUNDS"]
    assert [f.location for f in funds] == [("partners", 0, "cash", 3)]
    assert "MRC des Vallons" in funds[0].message and "$60,000.00" in funds[0].message


def test_revenue_line_for_a_removed_partner(pri, example):
    example.budget.revenues.append(
        RevenueLine(source="private", amounts=[D(0)] * 4, partner_id="gone")
    )
    assert "PRI-PARTNER-FUNDS" in codes(validate(pri, example, today=BEFORE))


def test_every_partner_needs_a_letter(pri, example):
    example.partners.append(Partner(name="Nouveau partenaire", type="business"))
    example.partners[0].letter_attachment_id = None
    findings = [
        f for f in validate(pri, example, today=BEFORE, lang="fr") if f.code == "PRI-PARTNER-LETTER"
    ]
    assert len(findings) == 2
    assert "reçue" in findings[0].message  # marked received, not attached
    assert "Nouveau partenaire" in findings[1].message


def test_sections_required_and_word_limits(pri, example):
    example.sections["context"] = "   "
    example.sections["sustainability"] = "mot " * 601
    findings = validate(pri, example, today=BEFORE, lang="en")
    assert ("sections", "context") in [f.location for f in findings if f.code == "PRI-SECTION"]
    words = [f for f in findings if f.code == "PRI-WORDS"]
    assert words[0].location == ("sections", "sustainability")
    assert "601 words" in words[0].message and "600" in words[0].message
    example.sections["sustainability"] = "mot " * 600
    assert "PRI-WORDS" not in codes(validate(pri, example, today=BEFORE))


def test_required_attachments(pri, example):
    example.attachments = [a for a in example.attachments if a.kind != "board_resolution"]
    findings = validate(pri, example, today=BEFORE)
    assert [f.location for f in findings if f.code == "PRI-ATTACH"] == [
        ("attachments", "board_resolution")
    ]
    example.attachments.append(Attachment(kind="board_resolution", reference=""))
    assert "PRI-ATTACH" in codes(validate(pri, example, today=BEFORE))


@pytest.mark.parametrize(
    ("field", "value", "location"),
    [
        ("legal_form", "business", ("applicant", "legal_form")),
        ("main_activity", "research", ("applicant", "main_activity")),
        ("main_establishment_in_quebec", False, ("applicant", "main_establishment_in_quebec")),
        ("main_establishment_in_quebec", None, ("applicant", "main_establishment_in_quebec")),
    ],
)
def test_lead_applicant_eligibility(pri, example, field, value, location):
    setattr(example.applicant, field, value)
    findings = validate(pri, example, today=BEFORE)
    assert [f.location for f in findings if f.code == "PRI-LEAD"] == [location]


def test_territory(pri, example):
    example.territory = None
    assert "PRI-TERRITORY" in codes(validate(pri, example, today=BEFORE))
    example.territory = "atlantide"
    assert "PRI-TERRITORY" in codes(validate(pri, example, today=BEFORE))
    example.territory = "iles-de-la-madeleine"
    assert "PRI-TERRITORY" not in codes(validate(pri, example, today=BEFORE))


def test_formats(pri, example):
    example.applicant.neq = "12345"
    example.applicant.address.postal_code = "90210"
    example.applicant.contact.email = "jos@"
    example.applicant.contact.phone = "555-0142"
    findings = [
        f for f in validate(pri, example, today=BEFORE, lang="fr") if f.code == "PRI-FORMAT"
    ]
    assert len(findings) == 4
    assert any("«\u202f90210\u202f»" in f.message for f in findings)


@pytest.mark.parametrize("text", ["1171234567", "117 123 4567"])
def test_neq_ok(text):
    assert neq_ok(text)


@pytest.mark.parametrize("text", ["117123456", "11712345678", "ABCDEFGHIJ"])
def test_neq_bad(text):
    assert not neq_ok(text)


@pytest.mark.parametrize("text", ["G9A 2H1", "g9a2h1", "H2X 1Y4"])
def test_postal_ok(text):
    assert postal_code_ok(text)


@pytest.mark.parametrize("text", ["G9A-2H1", "D9A 2H1", "12345", "G9A 2H"])
def test_postal_bad(text):
    assert not postal_code_ok(text)


@pytest.mark.parametrize(
    "text",
    [
        "819 555-0142",
        "(819) 555-0142",
        "+1 819 555 0142",
        "819.555.0142",
        "819-555-0142 poste 22",
        "8195550142 x12",
    ],
)
def test_phone_ok(text):
    assert phone_ok(text)


@pytest.mark.parametrize("text", ["555-0142", "119 555 0142", "819 555 01423"])
def test_phone_bad(text):
    assert not phone_ok(text)


def test_email():
    assert email_ok("a.b@exemple.qc.ca")
    assert not email_ok("a b@exemple.ca") and not email_ok("ab@exemple")


def test_identity_missing_fields_on_a_blank_proposal(pri):
    findings = validate(pri, empty_proposal(pri), today=BEFORE, lang="en")
    identity = [f.location for f in findings if f.code == "PRI-IDENTITY"]
    assert ("applicant", "neq") in identity and ("signatory", "name") in identity
    assert has_errors(findings)
    assert counts(findings)["error"] == len([f for f in findings if f.severity == "error"])
    assert findings[0].severity == "error"  # errors first


def test_budget_lines_must_have_one_amount_per_year(pri, example):
    example.budget.expenses[0].amounts = example.budget.expenses[0].amounts[:3]
    findings = validate(pri, example, today=BEFORE, lang="en")
    years = [f for f in findings if f.code == "PRI-YEARS"]
    assert years[0].location == ("budget", "expenses", 0)
    assert "3 yearly amounts" in years[0].message


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2018, 3, 1), None),
        (date(2018, 4, 20), "10 jours"),
        (date(2018, 4, 30), "0 jour"),
        (date(2018, 5, 1), "a pris fin"),
    ],
)
def test_deadline(pri, example, today, expected):
    findings = [
        f for f in validate(pri, example, today=today, lang="fr") if f.code == "PRI-DEADLINE"
    ]
    if expected is None:
        assert findings == []
    else:
        assert findings[0].severity == "warning" and expected in findings[0].message
        assert "30 avril 2018" in findings[0].message


def test_validation_is_pure(pri, example):
    before = example.model_dump()
    first = validate(pri, example, today=BEFORE)
    assert validate(pri, example, today=BEFORE) == first
    assert example.model_dump() == before


def test_national_network_caps(catalog, example):
    network = catalog.get("rnpri-2018")
    example.program_id = network.id
    example.territory = "quebec"
    example.budget.revenues[0].amounts = [D(1000000), D(760000), D(0), D(0)]
    findings = validate(network, example, today=BEFORE, lang="en")
    caps = [f for f in findings if f.code == "RN-CAP-YEAR"]
    assert [f.location[-1] for f in caps] == [1]
