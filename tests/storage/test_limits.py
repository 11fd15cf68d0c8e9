"""Round trip at the limits (issue 18): whatever the writer produces at the limits of
``limits.py``, the reader opens, and save -> open -> save gives the same file content.

A narrative of ordinary pasted text repeated (the review's 11 sections of 99,000
characters) deflates more than 100 times; the old ratio guard refused the saved file.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proposalkit.cli import main
from proposalkit.core.model import (
    MAX_DESCRIPTION,
    MAX_NARRATIVE,
    MAX_SHORT_TEXT,
    CommitteeMember,
    ExpenseLine,
    Partner,
)
from proposalkit.storage import (
    Document,
    add_attachment_bytes,
    autosave,
    list_recoveries,
    read_document,
    write_document,
)
from proposalkit.storage.history import History, Revision, Version, history_json
from proposalkit.storage.limits import (
    HISTORY_BUDGET,
    MAX_ATTACHMENT_SIZE,
    MAX_ATTACHMENTS_TOTAL,
    MAX_HISTORY_JSON,
    MAX_PROPOSAL_JSON,
    MAX_REVISIONS,
    MAX_VERSIONS,
)
from tests.storage.conftest import pdf_bytes, small_document


def _fill_to_limit(document: Document, unit: str) -> None:
    """Every text of the proposal at its limit, and narrative sections of ``unit``
    repeated to :data:`MAX_NARRATIVE` characters until ``proposal.json`` is as close to
    :data:`MAX_PROPOSAL_JSON` as a whole section allows."""
    proposal = document.proposal
    short, description = ("é" * MAX_SHORT_TEXT), ("«" * MAX_DESCRIPTION)
    proposal.applicant.legal_name = short
    proposal.metadata.title = short
    proposal.partners = [Partner(id=f"p{n}", name=short, role=description,
                                 cash=["999999999.99"] * 3) for n in range(40)]
    proposal.budget.expenses = [ExpenseLine(id=f"e{n}", category=short, description=description,
                                            amounts=["1000000000"] * 3) for n in range(300)]
    proposal.governance.members = [CommitteeMember(name=short, organization=short)
                                   for _ in range(30)]
    text = (unit * (MAX_NARRATIVE // len(unit) + 1))[:MAX_NARRATIVE]
    proposal.governance.description = text
    size = len(proposal.model_dump_json().encode("utf-8"))
    per_section = len(json.dumps(text, ensure_ascii=False).encode("utf-8")) + 16
    sections = dict(proposal.sections)
    n = 0
    while size + per_section < MAX_PROPOSAL_JSON:
        sections[f"s{n:04d}"] = text
        size += per_section
        n += 1
    proposal.sections = sections


def _full_history(snapshot: dict) -> History:
    """:data:`MAX_REVISIONS` revisions, each with a snapshot (the writer keeps what fits),
    and :data:`MAX_VERSIONS` named versions of ``snapshot``."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    revisions = [Revision(id=f"r-{n}", parent=f"r-{n - 1}" if n else None,
                          saved_at=start + timedelta(minutes=n), snapshot=snapshot)
                 for n in range(MAX_REVISIONS)]
    versions = [Version(id=f"v-{n}", name="é" * 300, created=start + timedelta(hours=n),
                        revision=f"r-{n}", proposal=snapshot) for n in range(MAX_VERSIONS)]
    return History(proposal_id="p-1", head=revisions[-1].id, revisions=revisions,
                   versions=versions)


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _round_trip(tmp_path, document: Document) -> tuple[int, dict[str, bytes]]:
    first = tmp_path / "first.pkp"
    write_document(first, document)
    reopened = read_document(first)
    assert reopened.proposal == document.proposal
    second = tmp_path / "second.pkp"
    write_document(second, reopened)
    one, two = _members(first), _members(second)
    assert one == two
    assert len(two["history.json"]) <= HISTORY_BUDGET < MAX_HISTORY_JSON
    return first.stat().st_size, two


def test_the_reviews_eleven_pasted_paragraphs_reopen(tmp_path):
    document = small_document()
    paragraph = ("Le projet réunit les partenaires du territoire autour d'un pôle commun. "
                 * 1400)[:99_000]
    document.proposal.sections = {f"s{n}": paragraph for n in range(11)}
    path = tmp_path / "pasted.pkp"
    write_document(path, document)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("proposal.json")
    assert info.file_size > 100 * info.compress_size  # refused by the old guard
    assert read_document(path).proposal == document.proposal


def test_a_proposal_at_every_limit_at_once_round_trips(tmp_path, capsys):
    document = small_document()
    document.attachments.clear()
    document.proposal.attachments = []
    letter = pdf_bytes()
    for n in range(MAX_ATTACHMENTS_TOTAL // MAX_ATTACHMENT_SIZE):
        padded = letter + b"%" + b"0" * (MAX_ATTACHMENT_SIZE - len(letter) - 2) + b"\n"
        add_attachment_bytes(document, padded, f"annexe-{n}.pdf", kind="other")
    _fill_to_limit(document, "Texte collé, répété. ")
    document.history = _full_history({"sections": {"s": "x" * 50_000}})
    size, members = _round_trip(tmp_path, document)
    assert len(members["proposal.json"]) > MAX_PROPOSAL_JSON - MAX_NARRATIVE * 2
    assert sum(len(v) for k, v in members.items()
               if k.startswith("attachments/")) == MAX_ATTACHMENTS_TOTAL
    history = json.loads(members["history.json"])
    assert len(history["revisions"]) == MAX_REVISIONS
    with capsys.disabled():
        print(f"\nlargest file written and reopened: {size:,} bytes "
              f"(proposal.json {len(members['proposal.json']):,}, "
              f"history.json {len(members['history.json']):,})")


def test_recover_restores_an_autosave_at_the_limits(tmp_path, capsys):
    document = small_document()
    _fill_to_limit(document, "aaaa")  # deflates about 1000 times
    recovery = autosave(document)
    assert [r.key for r in list_recoveries(include_all=True)] == [recovery.key]
    target = tmp_path / "restored.pkp"
    assert main(["recover", "--restore", recovery.key, "-o", str(target)]) == 0
    assert read_document(target).proposal == document.proposal


# Units that stress the writer differently: repetitive (ratio ~1000), 4-byte characters,
# characters JSON escapes to 2 or 6 bytes, mixed scripts.
_UNITS = st.one_of(
    st.sampled_from(["a", "\U0001f600", '"\\', "\x01\x1f", "é«»", "\ufffd\u2028"]),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40),
)


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(_UNITS)
def test_save_open_save_is_identical_at_the_text_limits(tmp_path_factory, unit):
    document = small_document()
    _fill_to_limit(document, unit)
    snapshot = document.proposal.model_dump(mode="json")
    document.history = History(proposal_id="p-1", head="r-1", revisions=[
        Revision(id="r-0", snapshot=snapshot), Revision(id="r-1", parent="r-0")])
    _size, members = _round_trip(tmp_path_factory.mktemp("limits"), document)
    assert len(history_json(History.model_validate_json(members["history.json"]))) <= (
        HISTORY_BUDGET)
