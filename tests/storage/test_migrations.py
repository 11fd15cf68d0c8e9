"""Every past format version opens, through every migration step in order."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proposalkit.core.example import example_proposal
from proposalkit.core.model import Proposal
from proposalkit.core.validation import validate
from proposalkit.storage import FORMAT_VERSION, backup_path, read_document, write_document
from proposalkit.storage.migrations import STEPS, Payload, migrate

FIXTURES = Path(__file__).parent / "fixtures"


def _version_of(path: Path) -> int:
    return int(path.name.split("-")[1])


def test_there_is_a_fixture_and_a_step_for_every_past_version():
    versions = {_version_of(p) for p in FIXTURES.glob("format-*")}
    assert versions == set(range(FORMAT_VERSION + 1))
    assert set(STEPS) == set(range(FORMAT_VERSION))


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("format-*")))
def test_every_fixture_opens_and_saves_in_the_current_format(tmp_path, name):
    source = FIXTURES / name
    copy = tmp_path / name
    shutil.copyfile(source, copy)
    document = read_document(copy)
    assert document.format_version == _version_of(source)
    assert document.migrated == (_version_of(source) < FORMAT_VERSION)
    assert copy.read_bytes() == source.read_bytes()  # reading never rewrites
    write_document(copy, document)
    again = read_document(copy)
    assert again.format_version == FORMAT_VERSION and again.proposal == document.proposal
    assert again.attachments == document.attachments
    # The old file is kept beside the new one, as it was.
    assert backup_path(copy).read_bytes() == source.read_bytes()


def _before_format_6(proposal):
    """``proposal`` without what format 6 added (issue 21's structured parts): what a
    file written before it holds once migrated."""
    proposal.summary = ""
    proposal.activities, proposal.indicators, proposal.declarations = [], [], {}
    proposal.signatory.resolution_number, proposal.signatory.resolution_date = "", None
    for line in proposal.budget.expenses:
        line.justification = ""
    for line in proposal.budget.revenues:
        line.status, line.status_date, line.evidence_id = "", None, None
    return proposal


def _example_before_format_6():
    """The example as it was before its format 6 data (issue 21): none of format 6's
    parts, the federal money described as requested, no agreement attached."""
    proposal = _before_format_6(example_proposal())
    for revenue in proposal.budget.revenues:
        if revenue.id == "rev-federal":
            revenue.description = "Développement économique Canada (demande déposée)"
    proposal.attachments = [a for a in proposal.attachments if a.id != "federal-agreement"]
    return proposal


def test_format_0_example_keeps_everything_but_attachment_bytes():
    document = read_document(FIXTURES / "format-0-example.json")
    # The fixture holds the example as it was written then, with straight apostrophes.
    before = _example_before_format_6()
    expected = type(before).model_validate_json(before.model_dump_json().replace("\u2019", "'"))
    for entry in expected.attachments:
        entry.reference = ""
    assert document.proposal == expected
    assert document.attachments == {}
    # The entries stay (titles, kinds, partners) so that the files can be attached again.
    assert [a.id for a in document.proposal.attachments] == [
        a.id for a in before.attachments]


def test_format_0_new_proposal():
    document = read_document(FIXTURES / "format-0-new.json")
    assert document.proposal.program_id == "rnpri-2018"
    assert document.proposal.language == "en"
    assert document.program_version == ""  # format 0 did not record it


def test_format_1_example_is_the_complete_valid_example(pri):
    document = read_document(FIXTURES / "format-1-example.pkp")
    assert document.program_version == "2018.1" and document.app_version == "0.1.0"
    assert len(document.attachments) == 7
    findings = validate(pri, document.proposal, today=date(2018, 4, 1))
    # Only what the call's later rules ask of format 6's parts (the declarations, the
    # action plan and the indicators it could not hold yet) is missing.
    later = {"PRI-ATTEST", "PRI-PLAN", "PRI-INDICATORS"}
    assert [f for f in findings if f.severity == "error" and f.code not in later] == []
    assert {f.location[0] for f in findings if f.code in later} == {
        "declarations", "signatory", "activities", "indicators"}


def test_migrate_runs_one_step_at_a_time_in_order():
    seen = []

    def step(n):
        def run(payload):
            seen.append(n)
            return Payload(n + 1, {**payload.proposal, f"v{n + 1}": True})
        return run

    steps = {0: step(0), 1: step(1), 2: step(2)}
    result = migrate(Payload(0, {}), target=3, steps=steps)
    assert seen == [0, 1, 2]
    assert result.version == 3 and result.proposal == {"v1": True, "v2": True, "v3": True}
    seen.clear()
    assert migrate(Payload(2, {}), target=3, steps=steps).version == 3 and seen == [2]


def test_migrate_refuses_gaps_skips_and_downgrades():
    with pytest.raises(ValueError):
        migrate(Payload(0, {}), target=2, steps={0: lambda p: Payload(1, {})})
    with pytest.raises(ValueError):
        migrate(Payload(0, {}), target=2, steps={0: lambda p: Payload(2, {})})
    with pytest.raises(ValueError):
        migrate(Payload(3, {}), target=1)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["program_id", "attachments", "sections", "x"]), _json,
                       max_size=4)
       | st.fixed_dictionaries({"attachments": st.lists(
           st.dictionaries(st.sampled_from(["reference", "size", "sha256", "title"]), _json),
           max_size=4)}))
def test_step_0_takes_any_json_object(data):
    result = migrate(Payload(0, data))
    assert result.version == FORMAT_VERSION
    entries = result.proposal.get("attachments")
    if not isinstance(entries, list):
        assert entries == data.get("attachments")  # not ours to fix: validation refuses it
        return
    for entry in entries:
        if isinstance(entry, dict):
            assert entry.get("reference", "") == "" and entry.get("size", 0) == 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=20), st.sampled_from(["", "attachments/a.pdf"]),
                          st.integers(0, 10**6)), max_size=5))
def test_step_0_of_a_valid_proposal_is_valid(entries):
    proposal = example_proposal()
    proposal.attachments = []
    data = proposal.model_dump(mode="json")
    data["attachments"] = [{"title": t, "reference": r, "size": s} for t, r, s in entries]
    migrated = Proposal.model_validate(migrate(Payload(0, data)).proposal)
    assert [a.title for a in migrated.attachments] == [t for t, _, _ in entries]
    assert all(a.reference == "" and a.size == 0 for a in migrated.attachments)


def test_step_2_gives_copies_of_one_file_the_same_form_key(tmp_path):
    # Two copies upgraded apart must accept each other's partner forms.
    keys = set()
    for name in ("a.pkp", "b.pkp"):
        copy = tmp_path / name
        shutil.copyfile(FIXTURES / "format-2-example.pkp", copy)
        document = read_document(copy)
        keys.add(document.history.form_key)
        write_document(copy, document)
        assert read_document(copy).history.form_key == document.history.form_key
    assert len(keys) == 1 and None not in keys


def test_format_2_names_get_their_article_suggested_and_format_5_keeps_the_chosen_one():
    from proposalkit.core.names import named

    old = read_document(FIXTURES / "format-2-example.pkp").proposal
    assert old.applicant.article == "" and all(p.article == "" for p in old.partners)
    assert f"{named(old.applicant, 'fr'):le}" == "le Carrefour Innovation Mauricie"
    chosen = read_document(FIXTURES / "format-5-example.pkp").proposal
    assert chosen.applicant.article == "le"
    assert (chosen.partners[0].article, chosen.partners[0].article_en) == ("la", "none")
    assert f"{named(chosen.partners[0], 'en'):le}" == chosen.partners[0].name
