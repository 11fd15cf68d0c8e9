"""Merging documents (attachments from both copies) and finding sync conflicted copies."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proposalkit.storage import add_attachment_bytes, read_document, write_document
from proposalkit.storage.merging import conflicted_copies, merge_documents
from tests.storage.conftest import example_document


@pytest.mark.parametrize(("name", "is_copy"), [
    ("Demande (conflicted copy 2026-12-01).pkp", True),
    ("Demande (Jean's conflicted copy 2026-12-01).pkp", True),
    ("Demande (copie en conflit de Jean 2026-12-01).pkp", True),
    ("Demande-DESKTOP-AB12CD.pkp", True),
    ("Demande (1).pkp", True),
    ("Demande finale.pkp", False),
    ("Demande (conflicted copy).docx", False),
    ("Autre (1).pkp", False),
    ("Demande-brouillon.pkp", False),
])
def test_conflicted_copies_of_sync_services(tmp_path, name, is_copy):
    (tmp_path / "Demande.pkp").write_bytes(b"x")
    (tmp_path / name).write_bytes(b"x")
    assert conflicted_copies(tmp_path / "Demande.pkp") == ([tmp_path / name] if is_copy else [])


def test_attachments_added_on_both_sides_keep_their_bytes(tmp_path):
    path = tmp_path / "p.pkp"
    write_document(path, example_document())
    ours, theirs = read_document(path), read_document(path)
    add_attachment_bytes(ours, b"%PDF-1.4 ours", "annexe.pdf", attachment_id="a-ours")
    add_attachment_bytes(theirs, b"%PDF-1.4 theirs", "annexe.pdf", attachment_id="a-theirs")
    outcome = merge_documents(ours, theirs)
    assert outcome.result.clean and outcome.ancestor == ours.history.head
    merged = outcome.document
    contents = {a.id: merged.attachment_bytes(a.id) for a in merged.proposal.attachments}
    assert contents["a-ours"] == b"%PDF-1.4 ours" and contents["a-theirs"] == b"%PDF-1.4 theirs"
    write_document(tmp_path / "m.pkp", merged)
    again = read_document(tmp_path / "m.pkp")
    assert again.attachment_bytes("a-theirs") == b"%PDF-1.4 theirs"


_names = st.text(alphabet="abcdé ", min_size=1, max_size=8)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["name", "email", "amount", "section", "partner"]),
                          _names), max_size=4))
def test_merging_a_saved_copy_with_itself_or_its_ancestor_changes_nothing(tmp_path, edits):
    path = tmp_path / "h.pkp"
    write_document(path, example_document())
    ancestor = read_document(path)
    edited = read_document(path)
    proposal = edited.proposal
    for kind, text in edits:
        if kind == "name":
            proposal.applicant.legal_name = text
        elif kind == "email":
            proposal.applicant.contact.email = text
        elif kind == "amount":
            proposal.budget.expenses[0].amounts[1] += len(text)
        elif kind == "section":
            proposal.sections["context"] += " " + text
        elif proposal.partners:
            proposal.partners.pop()
    write_document(tmp_path / "e.pkp", edited)
    copy = read_document(tmp_path / "e.pkp")
    for ours, theirs in ((copy, copy), (copy, ancestor), (ancestor, copy)):
        outcome = merge_documents(ours, theirs)
        assert outcome.result.clean and outcome.document.proposal == copy.proposal
