"""Opening and saving the proposal file: targets 50 ms for the example (7 letters) and
1 s for the stress proposal (2,000 budget lines, 200 partners, 100,000 words, 20 MB of
attachments).

Baselines, measured in the same run on the same bytes: for saving, ``json.dumps`` of the
proposal and a plain ``zipfile`` write of the same members (no checks, no hashes, no
fsync, no backup); for opening, a plain ``zipfile`` read of every member and
``json.loads`` (no checks, no hashes, no validation). A save without fsync is shown too,
since the disk's flush is most of what a safe save costs.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

from benchmarks.harness import Result, best_of, report
from benchmarks.stress import stress_attachments, stress_proposal
from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.storage import Document, read_document, write_document
from proposalkit.storage.document import encode_document


def _plain_save(path: Path, proposal_dict: dict, attachments: dict[str, bytes]) -> None:
    text = json.dumps(proposal_dict).encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("proposal.json", text, zipfile.ZIP_DEFLATED)
        for name, data in attachments.items():
            archive.writestr(name, data, zipfile.ZIP_STORED)


def _plain_open(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist()}
    return json.loads(contents["proposal.json"])


def measure(name: str, document: Document, target: float, repeat: int) -> list[Result]:
    """Time save and open of ``document`` against the plain baselines."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "proposal.pkp"
        plain = Path(folder) / "plain.zip"
        write_document(path, document)  # warm up: program packs, lazy imports
        read_document(path)
        size = path.stat().st_size
        proposal_dict = document.proposal.model_dump(mode="json")

        save = best_of(lambda: write_document(path, document, force=True), repeat=repeat)
        real_fsync = os.fsync
        os.fsync = lambda fd: None
        try:
            no_sync = best_of(lambda: write_document(path, document, force=True), repeat=repeat)
        finally:
            os.fsync = real_fsync
        base_save = best_of(lambda: _plain_save(plain, proposal_dict, document.attachments),
                            repeat=repeat)
        opened = best_of(lambda: read_document(path), repeat=repeat)
        base_open = best_of(lambda: _plain_open(plain), repeat=repeat)
        encode = best_of(lambda: encode_document(document), repeat=repeat)
    label = f"{name} ({size / 1e6:.1f} MB)"
    return [
        Result(f"{label}: save", save, target, "plain zip + json.dumps", base_save),
        Result(f"{label}: save without fsync", no_sync, None, "plain zip + json.dumps",
               base_save),
        Result(f"{label}: encode only (in memory)", encode, None, "plain zip + json.dumps",
               base_save),
        Result(f"{label}: open", opened, target, "plain zip + json.loads", base_open),
    ]


def main() -> bool:
    """Print the figures; True when the targets are met."""
    example = example_proposal()
    results = measure("example", Document(example, example_attachments(example)), 0.050,
                      repeat=7)
    stress = stress_proposal()
    results += measure("stress", Document(stress, stress_attachments(stress)), 1.0, repeat=3)
    return report("storage: open and save of the proposal file", results)


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
