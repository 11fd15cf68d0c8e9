"""A proposal and the bytes of its attachments, read from and written to one file.

Interim format: plain JSON (the proposal only), written atomically. The ``.pkp``
container replaces it.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from proposalkit.core.model import Proposal, describe_validation_error
from proposalkit.errors import ProposalFileError


@dataclass
class Document:
    """An open proposal: the model and its attachments' bytes by reference."""

    proposal: Proposal
    attachments: dict[str, bytes] = field(default_factory=dict)


def read_document(path: Path) -> Document:
    """Read a proposal file; raise :class:`ProposalFileError` with a clear message."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise ProposalFileError("{path} is a folder, not a proposal file.", path=path) from None
    except FileNotFoundError:
        raise ProposalFileError("{path} does not exist.", path=path) from None
    except OSError as exc:
        raise ProposalFileError("{path} cannot be read: {reason}", path=path,
                                reason=exc.strerror or exc) from None
    try:
        data = json.loads(raw.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ProposalFileError("{path} is not a proposal file.", path=path) from None
    try:
        proposal = Proposal.model_validate(data)
    except ValidationError as exc:
        raise ProposalFileError("{path} is damaged: {detail}", path=path,
                                detail=lambda tr, exc=exc: describe_validation_error(exc, tr)) from None
    return Document(proposal)


def write_document(path: Path, document: Document) -> None:
    """Write atomically: a temporary file in the same folder, fsync, then replace."""
    path = Path(path)
    data = document.proposal.model_dump_json(indent=2).encode("utf-8")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ProposalFileError("{path} cannot be written: {reason}", path=path,
                                reason=exc.strerror or exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ProposalFileError("{path} cannot be written: {reason}", path=path,
                                reason=exc.strerror or exc) from None
