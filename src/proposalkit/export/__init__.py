"""Exports: one intermediate document, then DOCX and PDF writers and the final package.

Qt-free. The GUI's preview and print, the command line and the tests all go through:

* :func:`build_dossier` — the dossier (:class:`Dossier`, a list of blocks) built once
  from the program, the proposal, its findings and the output language;
* :func:`export_docx`, :func:`export_pdf`, :func:`export_package` — each writes a dossier
  to a path (atomically) or to a binary file (e.g. ``io.BytesIO`` for a preview);
* :func:`export` — validation, dossier and every file asked for, in one call.

Every function takes ``progress(fraction, message)``; raising from it cancels.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proposalkit.export.api import ExportResult, FinalExportRefused, Written, export
    from proposalkit.export.builder import Progress, annex_order, build_dossier
    from proposalkit.export.docx_writer import export_docx, render_docx
    from proposalkit.export.ir import Dossier
    from proposalkit.export.package import PackageInfo, export_package
    from proposalkit.export.pdf_writer import PdfInfo, export_pdf

# Each name is imported from its module when first used: a PDF export does not load the
# DOCX writer, nor pypdf and cryptography (the package's), and the window starts
# without any of them.
_HOMES = {
    "ExportResult": "api", "FinalExportRefused": "api", "Written": "api", "export": "api",
    "Progress": "builder", "annex_order": "builder", "build_dossier": "builder",
    "export_docx": "docx_writer", "render_docx": "docx_writer", "Dossier": "ir",
    "PackageInfo": "package", "export_package": "package", "PdfInfo": "pdf_writer",
    "export_pdf": "pdf_writer",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value

__all__ = [
    "Dossier",
    "ExportResult",
    "FinalExportRefused",
    "PackageInfo",
    "PdfInfo",
    "Progress",
    "Written",
    "annex_order",
    "build_dossier",
    "export",
    "export_docx",
    "export_package",
    "export_pdf",
    "render_docx",
]
