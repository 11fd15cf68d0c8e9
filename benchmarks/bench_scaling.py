"""Scaling: no operation may grow faster than the proposal.

Proposals of 100, 1,000 and 5,000 budget lines (1,000 words of text), and of 1,000,
10,000 and 100,000 words (100 budget lines), are validated, saved, opened and exported
(DOCX, PDF, printable package). For each operation the growth exponent between the two
largest sizes, ``log(t2 / t1) / log(n2 / n1)``, must be at most 1.15 (1 is linear; a
quadratic step shows as 2). Times are CPU seconds of this process (the best of a few
runs), which a loaded machine disturbs less than the wall clock. Each run starts with
the export's bounded caches of text widths, font runs and amounts empty, as the first
export of a session does: warm, a small proposal's words all fit in them and a large
one's cannot, and the exponent would measure the caches' size instead of the work's
growth (1.22 for the PDF on 2026-12-07, against about 0.9 cold). The cell edit is
measured by ``python -m benchmarks gui``.
"""

from __future__ import annotations

import gc
import io
import math
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from benchmarks.stress import stress_attachments, stress_proposal, word_count
from proposalkit.core.program import default_catalog
from proposalkit.core.validation import validate
from proposalkit.export import build_dossier, export_package, export_pdf, render_docx
from proposalkit.export.fonts import font_runs
from proposalkit.export.ir import amount_text
from proposalkit.export.layout import text_width
from proposalkit.export.pdf_lines import word_width
from proposalkit.storage import Document, read_document, write_document

TODAY = date(2018, 4, 20)
TARGET = 1.15
LINES = (100, 1000, 5000)
WORDS = (1000, 10_000, 100_000)
PARTNERS = 20
OPERATIONS = ("validate", "save", "open", "DOCX", "PDF", "package")


def cpu_best_of(func: Callable[[], object], repeat: int) -> float:
    """The least CPU time (seconds) of ``repeat`` calls of ``func``."""
    times = []
    for _ in range(repeat):
        for cached in (text_width, font_runs, amount_text, word_width):
            cached.cache_clear()
        gc.collect()
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return min(times)


class _Attachments:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.attachments = files


def measure(proposal, repeat: int) -> dict[str, float]:  # noqa: ANN001 - a Proposal
    """CPU seconds of each operation on ``proposal``."""
    program = default_catalog().get(proposal.program_id)
    files = stress_attachments(proposal, total_bytes=1_000_000)
    findings = validate(program, proposal, today=TODAY)
    dossier = build_dossier(program, proposal, findings, today=TODAY)
    out: dict[str, float] = {}
    out["validate"] = cpu_best_of(lambda: validate(program, proposal, today=TODAY), repeat)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "proposal.pkp"
        document = Document(proposal, files)
        out["save"] = cpu_best_of(lambda: write_document(path, document, force=True), repeat)
        out["open"] = cpu_best_of(lambda: read_document(path), repeat)
    pagination = export_pdf(dossier, io.BytesIO())  # the DOCX takes the PDF's pages
    out["DOCX"] = cpu_best_of(lambda: render_docx(dossier, pagination=pagination), repeat)
    out["PDF"] = cpu_best_of(lambda: export_pdf(dossier, io.BytesIO()), repeat)
    out["package"] = cpu_best_of(
        lambda: export_package(dossier, _Attachments(files), io.BytesIO()), repeat)
    return out


def exponent(small: float, large: float, n_small: float, n_large: float) -> float:
    """The growth exponent between two sizes."""
    return math.log(large / small) / math.log(n_large / n_small)


def _series(title: str, sizes: list[int], label: str,
            proposals: list, repeats: list[int]) -> bool:  # noqa: ANN001
    figures = [measure(p, r) for p, r in zip(proposals, repeats, strict=True)]
    print(f"  {title}")
    print("    " + f"{'':<10}" + "".join(f"{f'{n:,} {label}':>16}" for n in sizes)
          + f"{'exponent':>11}")
    ok = True
    for op in OPERATIONS:
        times = [f[op] for f in figures]
        value = exponent(times[-2], times[-1], sizes[-2], sizes[-1])
        good = value <= TARGET
        ok = ok and good
        print("    " + f"{op:<10}" + "".join(f"{t * 1000:13.1f} ms" for t in times)
              + f"{value:9.2f} {'OK' if good else 'OVER'}")
    return ok


def main() -> bool:
    """Print the scaling table; True when every exponent is at most 1.15."""
    print(f"== scaling: growth exponent between the two largest sizes (target <= {TARGET})")
    measure(stress_proposal(lines=100, partners=PARTNERS, words=1000), 1)  # warm up
    lines = [stress_proposal(lines=n, partners=PARTNERS, words=1000) for n in LINES]
    ok = _series("budget lines (1,000 words)", list(LINES), "lines", lines, [3, 3, 2])
    texts = [stress_proposal(lines=100, partners=PARTNERS, words=n) for n in WORDS]
    words = [word_count(p) for p in texts]
    ok = _series("words of text (100 budget lines)", words, "words", texts,
                 [3, 3, 2]) and ok
    return ok


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
