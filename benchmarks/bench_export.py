"""Exports: DOCX + PDF of the example under 1 s, of the stress proposal (2,000 budget
lines, 200 partners, 100,000 words) under 10 s; the printable package (dossier + 20 MB of
attachments) measured without a target.

Baseline, measured in the same run on the same DOCX: LibreOffice converting it to PDF
(``soffice --headless --convert-to pdf``, warm profile), the way a user without
proposalkit would get a PDF from the DOCX. Skipped, with a note, when soffice is absent.
Each figure includes validation and the dossier build, as the command line does them.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.harness import Result, best_of, report
from benchmarks.stress import stress_attachments, stress_proposal
from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.core.program import default_catalog
from proposalkit.core.validation import validate
from proposalkit.export import build_dossier, export_package, export_pdf, render_docx

TODAY = date(2018, 4, 20)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


class _Attachments:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.attachments = files


def _docx_and_pdf(proposal) -> bytes:
    program = default_catalog().get(proposal.program_id)
    findings = validate(program, proposal, today=TODAY)
    dossier = build_dossier(program, proposal, findings, today=TODAY)
    # As the app and the command line do it: the DOCX takes the PDF's pagination.
    info = export_pdf(dossier, io.BytesIO())
    return render_docx(dossier, pagination=info)


def _package(proposal, files) -> None:
    program = default_catalog().get(proposal.program_id)
    dossier = build_dossier(program, proposal, validate(program, proposal, today=TODAY),
                            today=TODAY)
    export_package(dossier, _Attachments(files), io.BytesIO())


def libreoffice_seconds(docx: bytes, folder: Path, repeat: int) -> float | None:
    """Best time of LibreOffice converting ``docx`` to PDF (its profile made beforehand)."""
    if SOFFICE is None:
        return None
    source = folder / "dossier.docx"
    source.write_bytes(docx)
    profile = (folder / "profile").as_uri()

    def convert() -> None:
        (folder / "dossier.pdf").unlink(missing_ok=True)
        done = subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(folder), str(source)], capture_output=True, text=True, timeout=600)
        if not (folder / "dossier.pdf").exists():
            raise RuntimeError(f"LibreOffice made no PDF: {done.stdout} {done.stderr}")

    convert()  # first run creates the profile
    return best_of(convert, repeat=repeat)


def main() -> bool:
    """Print the figures; True when the targets are met."""
    results: list[Result] = []
    example = example_proposal()
    docx = _docx_and_pdf(example)  # warm up: fonts, template, Babel
    with tempfile.TemporaryDirectory() as tmp:
        office = libreoffice_seconds(docx, Path(tmp), repeat=3)
        ours = best_of(lambda: _docx_and_pdf(example), repeat=5)
        results.append(Result("example: DOCX + PDF", ours, 1.0, "LibreOffice DOCX->PDF", office))
        example_size = len(docx)
        files = example_attachments(example)
        package = best_of(lambda: _package(example, files), repeat=3)
        results.append(Result(f"example: printable package ({len(files)} annexes)", package,
                              None))

        stress = stress_proposal()
        start = time.perf_counter()
        docx = _docx_and_pdf(stress)
        ours = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        office = libreoffice_seconds(docx, Path(tmp), repeat=1)
    results.append(Result("stress: DOCX + PDF (2,000 lines, 100,000 words)", ours, 10.0,
                          "LibreOffice DOCX->PDF", office))
    files = stress_attachments(stress)
    start = time.perf_counter()
    _package(stress, files)
    results.append(Result("stress: printable package (202 annexes, 20 MB)",
                          time.perf_counter() - start, None))
    if SOFFICE is None:
        print("  (LibreOffice not installed: no baseline ratio)")
    ok = report("export: DOCX, PDF and printable package", results)
    print(f"  DOCX size: example {example_size / 1000:.0f} KB, stress {len(docx) / 1000:.0f} KB")
    return ok


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
