"""The GUI's door to the export layer (Qt-free): one call to
:func:`proposalkit.export.api.export`, which validates, builds the dossier once and writes
the DOCX, the PDF or the final package, reporting progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from proposalkit.core.program import Program
from proposalkit.errors import ProposalKitError

if TYPE_CHECKING:
    from proposalkit.storage import Document

Progress = Callable[[float, str], None]
KINDS = ("docx", "pdf", "package")


def write(kind: str, program: Program, document: Document, lang: str, target: Path,
          progress: Progress, problems: list[ProposalKitError] | None = None) -> Path:
    """Write ``kind`` (``docx``, ``pdf`` or ``package``) of ``document`` to ``target``;
    ``problems`` (when given) receives why an annex was left out of the package."""
    from proposalkit.export.api import export

    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}")
    path = Path(target)
    result = export(document, program, lang, progress=progress,
                    docx=path if kind == "docx" else None, pdf=path if kind == "pdf" else None,
                    package=path if kind == "package" else None)
    if problems is not None:
        problems.extend(problem for written in result.written for problem in written.problems)
    progress(1.0, "")
    return Path(target)
