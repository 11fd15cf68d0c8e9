"""A file someone else gave us is read bounded (issue 10, follow-up): a pipe or a device
is refused without waiting on it, a large file without reading it all."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from proposalkit.core.model import MAX_SHORT_TEXT, Attestation
from proposalkit.core.reading import NotRegularFile, TooLarge, read_limited
from proposalkit.errors import ProposalKitError
from proposalkit.export.partner_forms import MAX_FORM_SIZE, read_form_fields


def test_read_limited_reads_a_file_and_refuses_the_rest(tmp_path):
    small = tmp_path / "a.pdf"
    small.write_bytes(b"%PDF-1.4 small")
    assert read_limited(small, 100) == b"%PDF-1.4 small"
    with pytest.raises(TooLarge):
        read_limited(small, 5)
    with pytest.raises(NotRegularFile):
        read_limited(tmp_path, 100)
    with pytest.raises(FileNotFoundError):
        read_limited(tmp_path / "none.pdf", 100)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_device_given_as_a_partner_form_is_refused_at_once(tmp_path):
    pipe = tmp_path / "formulaire.pdf"
    os.mkfifo(pipe)  # open() for reading would wait for a writer forever
    for path in (pipe, Path("/dev/zero")):
        if path.exists():
            with pytest.raises(ProposalKitError) as caught:
                read_form_fields(path)
            assert "\n" not in str(caught.value)


def test_a_partner_form_is_refused_in_one_line_whatever_its_bytes(tmp_path):
    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:
        fh.truncate(MAX_FORM_SIZE + 1)  # sparse: refused before reading
    with pytest.raises(ProposalKitError, match="too large"):
        read_form_fields(big)
    limit = sys.getrecursionlimit()
    deep = tmp_path / "deep.pdf"
    # Nested arrays deeper than the recursion limit: pypdf recurses on them.
    deep.write_bytes(b"%PDF-1.4\n1 0 obj\n" + b"[" * (limit * 4)
                     + b"\nendobj\ntrailer<</Root 1 0 R>>")
    with pytest.raises(ProposalKitError, match="not a readable PDF form"):
        read_form_fields(deep)


def test_an_attestation_is_bounded_like_every_text():
    with pytest.raises(ValueError):
        Attestation(name="x" * (MAX_SHORT_TEXT + 1))
    with pytest.raises(ValueError):
        Attestation(signed_on="9998-06-01")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_given_as_a_program_pack_is_refused_at_once(tmp_path):
    from proposalkit.core.pack_check import check_pack_file

    pipe = tmp_path / "programme.toml"
    os.mkfifo(pipe)
    program, problems = check_pack_file(pipe)
    assert program is None and "not a regular file" in str(problems[0].params)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_file_swapped_for_a_pipe_after_its_check_is_refused_not_waited_on(tmp_path,
                                                                           monkeypatch):
    from proposalkit.storage import add_attachment, read_document
    from proposalkit.storage.errors import StorageError
    from tests.storage.conftest import small_document

    regular = tmp_path / "regular.pdf"
    regular.write_bytes(b"%PDF-1.4")
    pipe = tmp_path / "swapped.pkp"
    os.mkfifo(pipe)
    real_stat = os.stat
    # What the first check saw: a regular file; what is opened next: the pipe.
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: real_stat(regular)
                        if Path(path) == pipe else real_stat(path, *a, **k))
    with pytest.raises(StorageError):
        read_document(pipe)
    with pytest.raises(StorageError):
        add_attachment(small_document(), pipe)
