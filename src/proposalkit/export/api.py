"""One call for the command line and the GUI: validate, build the dossier once, write the
files asked for, and report progress all along."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from proposalkit.core.budget import summarize
from proposalkit.core.program import Program
from proposalkit.core.validation import Finding, has_errors, validate
from proposalkit.errors import ProposalKitError
from proposalkit.export.atomic import Target
from proposalkit.export.builder import Progress, build_dossier
from proposalkit.export.ir import Dossier
from proposalkit.i18n import translator


class FinalExportRefused(ProposalKitError):
    """A final export asked for while validation errors remain; ``errors`` lists them."""

    template = "A final export is refused: the proposal still has errors ({count})."

    def __init__(self, errors: list[Finding]) -> None:
        super().__init__(count=len(errors))
        self.errors = errors


@dataclass
class Written:
    """One file written by :func:`export`."""

    kind: str  # "docx", "pdf" or "package"
    target: Target
    pages: int | None = None
    #: Why an annex was left out of the package (one line each); the file was written.
    problems: tuple[ProposalKitError, ...] = ()


@dataclass
class ExportResult:
    """What :func:`export` did."""

    dossier: Dossier
    findings: list[Finding]
    written: list[Written] = field(default_factory=list)


def export(
    document,  # noqa: ANN001 - proposalkit.storage.Document (proposal + attachments)
    program: Program,
    lang: str | None = None,
    *,
    docx: Target | None = None,
    pdf: Target | None = None,
    package: Target | None = None,
    final: bool = False,
    today: date | None = None,
    deterministic: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """Validate ``document.proposal``, build its dossier in ``lang`` (default: the
    proposal's language) and write each file asked for (paths are written atomically).

    ``final=True`` raises :class:`FinalExportRefused` while validation errors remain
    (nothing is written); without it such a dossier is exported as a draft, marked on
    every page. ``progress(fraction, message)`` gets the overall fraction and a translated
    message; raising from it abandons the export (a file being written is discarded).
    """
    proposal = document.proposal
    lang = lang or proposal.language
    tr = translator(lang)
    _ = tr.gettext
    report = progress or (lambda _f, _m: None)
    summary = summarize(program, proposal)
    findings = validate(program, proposal, today=today, lang=lang, summary=summary)
    if final and has_errors(findings):
        raise FinalExportRefused([f for f in findings if f.severity == "error"])

    phases = [("build", 0.5)] + [(kind, weight) for kind, target, weight in (
        ("pdf", pdf, 1.5), ("docx", docx, 1.0), ("package", package, 2.5)) if target is not None]
    total = sum(weight for _kind, weight in phases)
    starts: dict[str, tuple[float, float]] = {}
    done = 0.0
    for kind, weight in phases:
        starts[kind] = (done / total, weight / total)
        done += weight
    messages = {
        "build": _("Building the dossier"),
        "docx": _("Writing the DOCX file"),
        "pdf": _("Writing the PDF file"),
        "package": _("Assembling the printable package"),
    }

    def phase(kind: str) -> Progress:
        start, span = starts[kind]
        return lambda fraction, _message: report(start + span * fraction, messages[kind])

    dossier = build_dossier(program, proposal, findings, lang, summary=summary, today=today,
                            progress=phase("build"))
    result = ExportResult(dossier, findings)
    # The PDF first: the DOCX takes its pagination (TOC page numbers) from the same build.
    info = None
    # Each writer is imported when asked for: a PDF alone loads neither the DOCX writer nor
    # pypdf (tests/test_cli.py checks).
    if pdf is not None:
        from proposalkit.export.pdf_writer import export_pdf

        info = export_pdf(dossier, pdf, progress=phase("pdf"), deterministic=deterministic)
    if docx is not None:
        from proposalkit.export.docx_writer import export_docx

        export_docx(dossier, docx, progress=phase("docx"), deterministic=deterministic,
                    pagination=info)
        result.written.append(Written("docx", docx))
    if pdf is not None and info is not None:
        result.written.append(Written("pdf", pdf, info.pages))
    if package is not None:
        from proposalkit.export.package import export_package

        packed = export_package(dossier, document, package, progress=phase("package"),
                                deterministic=deterministic)
        result.written.append(Written("package", package, packed.pages, packed.problems))
    report(1.0, _("Export finished"))
    return result
