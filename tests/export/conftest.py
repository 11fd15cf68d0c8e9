"""Shared fixtures of the export tests: the example, built once per module, and helpers
that read outputs back."""

from __future__ import annotations

import io
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.core.program import load_catalog
from proposalkit.core.validation import validate
from proposalkit.export import build_dossier
from proposalkit.paths import resources_dir
from proposalkit.storage import Document

TODAY = date(2018, 4, 20)
REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "export"
_SPACES = re.compile(r"[ \u00a0\u202f\t\n]+")


def program():
    """The regional hub pack (module-scoped fixtures cannot use the session one)."""
    return load_catalog([resources_dir() / "programs"]).get("pri-2018")


def dossier_of(proposal, lang=None, program_=None):
    """The dossier of ``proposal`` with the fixed test date."""
    prog = program_ or program()
    lang = lang or proposal.language
    return build_dossier(prog, proposal, validate(prog, proposal, today=TODAY, lang=lang),
                         lang, today=TODAY)


def flat(text: str) -> str:
    """Text with every run of spaces (regular, no-break, narrow, line ends) as one space:
    how a figure or a wrapped name is compared once read back."""
    return _SPACES.sub(" ", text)


def pdf_text(data: bytes) -> list[str]:
    """The text of each page, as pypdf extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def outline(data: bytes) -> list[dict]:
    """The PDF outline as ``{"level", "title", "page"}`` items."""
    reader = PdfReader(io.BytesIO(data))
    items: list[dict] = []

    def walk(nodes, level):
        for node in nodes:
            if isinstance(node, list):
                walk(node, level + 1)
            else:
                items.append({"level": level, "title": node.title,
                              "page": reader.get_destination_page_number(node) + 1})

    walk(reader.outline, 0)
    return items


def golden(name: str, actual) -> None:
    """Compare ``actual`` with ``tests/reference/export/<name>.json``; rewrite the file
    instead when ``PROPOSALKIT_UPDATE_GOLDEN=1``."""
    path = REFERENCE / f"{name}.json"
    text = json.dumps(actual, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("PROPOSALKIT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with PROPOSALKIT_UPDATE_GOLDEN=1 once"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text)


@pytest.fixture(scope="module")
def pack():
    """The regional hub pack."""
    return program()


@pytest.fixture(scope="module")
def example_document():
    """The example proposal with its attachments' bytes."""
    proposal = example_proposal()
    return Document(proposal, example_attachments(proposal))


@pytest.fixture(scope="module")
def dossier_fr(example_document):
    """The example's dossier in French (its own language)."""
    return dossier_of(example_document.proposal)


@pytest.fixture(scope="module")
def dossier_en(example_document):
    """The example's dossier in English."""
    return dossier_of(example_document.proposal, "en")
