"""What the model refuses or cleans at its boundary whatever a file says (issue 10):
text longer than its limit, dates out of range, lone surrogates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pydantic import ValidationError

from proposalkit.core.model import (
    MAX_DATE,
    MAX_DESCRIPTION,
    MAX_NARRATIVE,
    MAX_SHORT_TEXT,
    MIN_DATE,
    Budget,
    ExpenseLine,
    Metadata,
    Partner,
    Proposal,
    RevenueLine,
    check_assignment,
    describe_validation_error,
)
from proposalkit.i18n import translator


def _messages(exc: ValidationError) -> tuple[str, str]:
    return (describe_validation_error(exc, translator("fr")),
            describe_validation_error(exc, translator("en")))


def test_the_agreed_limits():
    assert (MAX_SHORT_TEXT, MAX_DESCRIPTION, MAX_NARRATIVE) == (300, 1_000, 100_000)


@pytest.mark.parametrize(("build", "limit"), [
    (lambda text: Partner(name=text), MAX_SHORT_TEXT),
    (lambda text: Proposal(program_id="pri-2018", applicant={"legal_name": text}),
     MAX_SHORT_TEXT),
    (lambda text: ExpenseLine(description=text), MAX_DESCRIPTION),
    (lambda text: RevenueLine(description=text), MAX_DESCRIPTION),
    (lambda text: Partner(role=text), MAX_DESCRIPTION),
    (lambda text: Proposal(program_id="pri-2018", sections={"context": text}), MAX_NARRATIVE),
])
def test_text_up_to_its_limit_and_not_beyond(build, limit):
    build("é" * limit)
    with pytest.raises(ValidationError) as info:
        build("é" * (limit + 1))
    fr, en = _messages(info.value)
    assert f"at most {limit:,} are allowed" in en
    assert "au plus sont permis" in fr and "\n" not in fr


def test_assignment_past_the_limit_is_refused():
    line = ExpenseLine()
    with pytest.raises(ValidationError):
        line.description = "x" * (MAX_DESCRIPTION + 1)
    assert line.description == ""


@pytest.mark.parametrize("value", ["9998-06-01", "0001-01-01", "1989-12-31", "2101-01-01"])
def test_dates_out_of_range_are_refused(value):
    with pytest.raises(ValidationError) as info:
        Budget(start_date=value)
    fr, en = _messages(info.value)
    assert "1990-01-01" in en and "2100-12-31" in en and value in fr


def test_dates_in_range_and_file_times():
    assert Budget(start_date=MIN_DATE).start_date == MIN_DATE
    assert Budget(start_date=MAX_DATE).start_date == MAX_DATE
    with pytest.raises(ValidationError):
        Metadata(created=datetime(9999, 12, 31, 23, 59))
    assert Metadata(created="2018-04-02T10:00:00").created.year == 2018
    assert Budget(start_date=date(2018, 7, 1)).start_date.year == 2018


def test_lone_surrogates_become_replacement_characters_everywhere():
    proposal = Proposal.model_validate({
        "program_id": "pri-2018",
        "applicant": {"legal_name": "a\udfffb", "address": {"city": "\ud800"}},
        "sections": {"con\udc00text": "x\ud83d"},
        "budget": {"expenses": [{"description": "\udfff"}]},
    })
    text = proposal.model_dump_json()  # raised PydanticSerializationError before
    assert "\\ufffd" in text or "\ufffd" in text
    assert proposal.applicant.legal_name == "a\ufffdb"
    assert list(proposal.sections) == ["con\ufffdtext"]
    proposal.applicant.contact.name = "\udfff"
    assert proposal.applicant.contact.name == "\ufffd"


def test_check_assignment_judges_without_changing():
    proposal = Proposal(program_id="pri-2018", sections={"context": "kept"})
    check_assignment(proposal, ("sections", "context"), "fine")
    with pytest.raises(ValidationError):
        check_assignment(proposal, ("sections", "context"), "x" * (MAX_NARRATIVE + 1))
    with pytest.raises(ValidationError):
        check_assignment(proposal, ("budget", "start_date"), date(9998, 6, 1))
    with pytest.raises(ValidationError):
        check_assignment(proposal, ("budget", "expenses"),
                         [{"description": "x" * (MAX_DESCRIPTION + 1)}])
    assert proposal.sections == {"context": "kept"} and proposal.budget.start_date is None
