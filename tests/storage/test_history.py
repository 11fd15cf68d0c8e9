"""Revisions, snapshots and named versions kept in the file (history.json)."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from proposalkit.storage import autosave, read_document, restore_recovery, write_document
from proposalkit.storage.history import (
    MAX_REVISIONS,
    MAX_SNAPSHOTS,
    History,
    add_version,
    advance,
    common_ancestor,
    history_json,
    merge_histories,
    prune,
)
from tests.storage.conftest import example_document

FIXTURES = Path(__file__).parent / "fixtures"


def test_each_save_records_a_revision_and_its_parent(tmp_path):
    path = tmp_path / "p.pkp"
    document = example_document()
    write_document(path, document)
    first = read_document(path).history
    assert first.head and first.proposal_id and len(first.revisions) == 1
    assert first.revisions[0].parent is None and first.revisions[0].saved_at is not None
    document.proposal.applicant.legal_name = "Autre nom"
    write_document(path, document)
    second = read_document(path).history
    assert second.proposal_id == first.proposal_id
    assert second.revision(second.head).parent == first.head
    # The previous revision's content is kept for a later merge; the head's is the file.
    old = second.revision(first.head)
    assert old.snapshot["applicant"]["legal_name"] != "Autre nom"
    assert second.revision(second.head).snapshot is None


def test_saving_unchanged_content_adds_no_revision(tmp_path):
    path = tmp_path / "p.pkp"
    document = example_document()
    write_document(path, document)
    head = document.history.head
    write_document(path, document)
    assert read_document(path).history.head == head
    assert len(read_document(path).history.revisions) == 1


def test_two_copies_of_one_format_1_file_share_their_ancestor(tmp_path):
    one, two = tmp_path / "one.pkp", tmp_path / "two.pkp"
    for copy in (one, two):
        shutil.copyfile(FIXTURES / "format-1-example.pkp", copy)
    a, b = read_document(one), read_document(two)
    assert a.history.head == b.history.head and a.history.proposal_id == b.history.proposal_id
    a.proposal.applicant.legal_name = "A"
    b.proposal.applicant.contact.name = "B"
    write_document(one, a)
    write_document(two, b)
    a, b = read_document(one), read_document(two)
    found = common_ancestor(a.history, b.history, {a.history.head: a.saved,
                                                   b.history.head: b.saved})
    assert found is not None
    ancestor, content = found
    assert ancestor == read_document(FIXTURES / "format-1-example.pkp").history.head
    assert content["applicant"]["legal_name"] not in ("A",)


def test_format_2_fixture_has_its_history():
    document = read_document(FIXTURES / "format-2-example.pkp")
    history = document.history
    assert len(history.revisions) == 3 and [v.name for v in history.versions] == [
        "Envoyé à la MRC"]
    assert history.ancestry(history.head) == [r.id for r in reversed(history.revisions)]
    assert all(r.snapshot is not None for r in history.revisions[:-1])


def test_an_autosaved_copy_keeps_the_head_content(tmp_path, monkeypatch):
    monkeypatch.setenv("PROPOSALKIT_STATE_DIR", str(tmp_path / "state"))
    path = tmp_path / "p.pkp"
    document = example_document()
    write_document(path, document)
    saved_name = document.proposal.applicant.legal_name
    document.proposal.applicant.legal_name = "Travail non enregistré"
    recovery = autosave(document)
    restored = restore_recovery(recovery.key)
    assert restored.proposal.applicant.legal_name == "Travail non enregistré"
    assert restored.history.head == document.history.head
    assert restored.saved["applicant"]["legal_name"] == saved_name
    write_document(path, restored, force=True)
    again = read_document(path).history
    assert again.revision(again.head).parent == document.history.head
    assert again.revision(document.history.head).snapshot["applicant"]["legal_name"] == saved_name


def test_history_is_bounded():
    history = History()
    content = {"text": "x" * 1000}
    saved = None
    for n in range(MAX_REVISIONS + 40):
        current = {"n": n, **content}
        history = advance(history, saved, current)
        saved = current
    assert len(history.revisions) == MAX_REVISIONS
    assert sum(r.snapshot is not None for r in history.revisions) == MAX_SNAPSHOTS
    for n in range(5):
        add_version(history, f"v{n}", {"big": "y" * 5000})
    budget = len(history_json(history)) - 20_000
    prune(history, budget=budget)
    # Revision snapshots go first; the versions stay while that is enough.
    assert sum(r.snapshot is not None for r in history.revisions) < MAX_SNAPSHOTS
    assert len(history.versions) == 5 and len(history_json(history)) <= budget
    bare = History(proposal_id=history.proposal_id, head=history.head,
                   revisions=[r.model_copy(update={"snapshot": None}) for r in history.revisions])
    small = len(history_json(bare)) + 12_000
    prune(history, budget=small)
    assert 0 < len(history.versions) < 5 and len(history_json(history)) <= small
    assert [v.name for v in history.versions] == [f"v{n}" for n in range(5)][-len(
        history.versions):]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=8), st.lists(st.booleans(), max_size=8))
def test_merged_histories_find_the_fork_point(ours_steps, theirs_steps):
    base = advance(History(), None, {"n": "base"})
    fork = base.head
    ours, theirs = base, base.model_copy(deep=True)
    saved_o, saved_t = {"n": "base"}, {"n": "base"}
    for i, _ in enumerate(ours_steps):
        current = {"n": f"o{i}"}
        ours, saved_o = advance(ours, saved_o, current), current
    for i, _ in enumerate(theirs_steps):
        current = {"n": f"t{i}"}
        theirs, saved_t = advance(theirs, saved_t, current), current
    known = {ours.head: saved_o, theirs.head: saved_t}
    found = common_ancestor(ours, theirs, known)
    expected = fork if theirs_steps else theirs.head
    assert found is not None and found[0] == expected
    both = merge_histories(ours, theirs)
    assert {r.id for r in both.revisions} == {r.id for r in ours.revisions} | {
        r.id for r in theirs.revisions}
