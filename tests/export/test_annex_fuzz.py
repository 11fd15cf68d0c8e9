"""Mutated PDF annexes through the printable package: whatever the bytes, the package is
written, each annex bound or named in a one-line reason, nothing else."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.export import export_package
from proposalkit.export.annexes import AnnexError, prepare_annex
from proposalkit.i18n import translator
from proposalkit.storage import Document
from tests.export.conftest import dossier_of
from tests.export.hostile_pdf import mutate_pdf, pdf_operation

PDF = "application/pdf"


@pytest.fixture(scope="module")
def example():
    proposal = example_proposal()
    return proposal, example_attachments(proposal), dossier_of(proposal)


def _settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


@_settings(300)
@given(st.integers(0, 6), st.lists(pdf_operation, min_size=1, max_size=6))
def test_a_mutated_annex_is_bound_or_refused_with_a_reason(example, which, operations):
    _proposal, files, _dossier = example
    data = mutate_pdf(list(files.values())[which], operations)
    try:
        prepared = prepare_annex(data, PDF, "lettre.pdf")
    except AnnexError as problem:
        message = problem.message(translator("fr"))
        assert problem.code and "lettre.pdf" in message and "\n" not in message
    else:
        assert 1 <= prepared.pages


#: Each of the example's annexes listed this many times in the package below.
COPIES = 3


@pytest.fixture(scope="module")
def example_thrice(example):
    """The example with each of its annexes listed :data:`COPIES` times: a package
    binds as many mutated annexes as three did and lays out its dossier once (the
    dossier's layout is nearly all of a package's time, and not what is fuzzed here)."""
    proposal, files, _dossier = example
    proposal = proposal.model_copy(deep=True)
    originals = list(proposal.attachments)
    copies = {}
    for n in range(1, COPIES):
        for attachment in originals:
            copy = attachment.model_copy(update={
                "id": f"{attachment.id}-{n}", "title": f"{attachment.title} ({n})",
                "reference": f"{attachment.reference}-{n}", "partner_id": None})
            proposal.attachments.append(copy)
            copies[copy.reference] = files[attachment.reference]
    files = {**files, **copies}
    dossier = dossier_of(proposal)
    assert len(dossier.annexes) == COPIES * len(originals) == len(files)
    return proposal, files, dossier


@_settings(30 // COPIES)
@given(st.lists(st.lists(pdf_operation, min_size=1, max_size=4), min_size=8 * COPIES,
                max_size=8 * COPIES))
def test_mutated_annexes_through_the_package(example_thrice, mutations):
    # As many mutated annexes through packages as 30 packages of the example's 8 did.
    proposal, files, dossier = example_thrice
    mutated = {reference: mutate_pdf(data, operations)
               for (reference, data), operations in zip(files.items(), mutations, strict=True)}
    buffer = io.BytesIO()
    info = export_package(dossier, Document(proposal, mutated), buffer, deterministic=True)
    statuses = [entry.status for entry in info.entries]
    assert statuses.count("unreadable") == len(info.problems)
    assert statuses.count("included") == len(info.annexes)
    for problem in info.problems:
        assert isinstance(problem, AnnexError)
        message = problem.message(translator("en"))
        assert "Annexe " in message and "\n" not in message
    assert len(PdfReader(io.BytesIO(buffer.getvalue())).pages) == info.pages


@pytest.fixture(scope="module")
def hostile():
    from tests.export.hostile_pdf import hostile_pdf

    return hostile_pdf()


@_settings(100)
@given(st.lists(pdf_operation, min_size=1, max_size=6))
def test_what_is_bound_of_a_mutated_hostile_annex_is_still_clean(hostile, operations):
    from tests.export.hostile_pdf import active_content

    try:
        prepared = prepare_annex(mutate_pdf(hostile, operations), PDF, "hostile.pdf")
    except AnnexError:
        return
    clean = io.BytesIO()
    prepared.writer.write(clean)
    assert not active_content(clean.getvalue())
