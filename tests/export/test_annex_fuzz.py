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
from tests.storage.test_fuzz import _mutate, _operation

PDF = "application/pdf"
#: PDF-aware changes: a number made huge, negative or fractional, a name swapped for
#: another that matters to a reader, a keyword cut.
_NUMBERS = [b"0", b"-1", b"99999999999", b"1E+999999", b"2147483648", b"0.00001", b"-0"]
_NAMES = [b"/Contents", b"/Resources", b"/Kids", b"/Parent", b"/Pages", b"/Page", b"/Length",
          b"/Filter", b"/FlateDecode", b"/MediaBox", b"/Root", b"/Size", b"/Prev", b"/Type"]
_KEYWORDS = [b"endstream", b"endobj", b"xref", b"trailer", b"startxref", b"obj", b" R"]
_pdf_operation = st.one_of(
    _operation,
    st.tuples(st.just("number"), st.floats(0, 1), st.sampled_from(_NUMBERS)),
    st.tuples(st.just("name"), st.floats(0, 1), st.sampled_from(_NAMES)),
    st.tuples(st.just("keyword"), st.floats(0, 1), st.sampled_from(_KEYWORDS)),
)


def mutate_pdf(data: bytes, operations) -> bytes:
    """``data`` changed by byte operations (as the loader's fuzzing does) and by PDF-aware
    ones that replace the token nearest a position."""
    raw = bytes(data)
    for operation in operations:
        kind, where, value = operation
        if kind not in ("number", "name", "keyword"):
            raw = _mutate(raw, [operation])
            continue
        at = int(where * len(raw))
        tokens = {"number": b"0123456789", "name": b"/", "keyword": b"et"}[kind]
        start = next((i for i in range(at, len(raw)) if raw[i] in tokens), None)
        if start is None:
            continue
        end = start + 1
        while end < len(raw) and raw[end] not in b" \t\r\n/<>[]()%":
            end += 1
        raw = raw[:start] + value + raw[end:]
    return raw


@pytest.fixture(scope="module")
def example():
    proposal = example_proposal()
    return proposal, example_attachments(proposal), dossier_of(proposal)


def _settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


@_settings(300)
@given(st.integers(0, 6), st.lists(_pdf_operation, min_size=1, max_size=6))
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


@_settings(30)
@given(st.lists(st.lists(_pdf_operation, min_size=1, max_size=4), min_size=7, max_size=7))
def test_mutated_annexes_through_the_package(example, mutations):
    proposal, files, dossier = example
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
