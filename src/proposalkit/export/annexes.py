"""Can this annex be bound into the printable package? Decided when it is attached.

:func:`prepare_annex` turns the bytes of an attached PDF, PNG or JPEG into clean pages
(:mod:`proposalkit.export.sanitize`) in a private :class:`~pypdf.PdfWriter`, or raises
:class:`AnnexError` saying in one line, in French or English, why it cannot be bound.
The package binds those pages; :func:`bind_problem` runs the very same steps when a file
is attached, so that the user learns it then, not on deadline day.

The bytes are untrusted: pypdf, Pillow and reportlab can raise nearly any exception on a
hostile file (a mutation run saw eleven types), run into their own limits
(``LimitReachedError``) or recurse without end. Every step on the bytes therefore sits
behind one boundary that turns *any* failure into an :class:`AnnexError`, the cause
logged. pypdf's own warnings about a file go to our log at debug level, never raw to
the user's terminal.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions
from pypdf.errors import DependencyError, LimitReachedError, PdfReadWarning
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas

from proposalkit.core.model import Attachment
from proposalkit.core.validation import Finding
from proposalkit.errors import ProposalKitError
from proposalkit.export.builder import IMAGE_TYPES, PDF_TYPES
from proposalkit.export.fonts import SANS, register_fonts
from proposalkit.export.sanitize import BadPage, Copier, TooComplex, copy_page
from proposalkit.i18n import N_, Translator

log = logging.getLogger("proposalkit.export")
MAX_PAGES = 500
MAX_PIXELS = 50_000_000
_MARGIN = 36


class _ToOurLog(logging.Handler):
    """pypdf's messages about a file, kept at debug level in our log."""

    def emit(self, record: logging.LogRecord) -> None:
        log.debug("pypdf: %s", record.getMessage())


_pypdf_log = logging.getLogger("pypdf")
_pypdf_log.addHandler(_ToOurLog())
_pypdf_log.propagate = False
warnings.filterwarnings("ignore", module=r"pypdf(\.|$)")
warnings.filterwarnings("ignore", category=PdfReadWarning)
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


class AnnexError(ProposalKitError):
    """An annex that cannot be bound into the printable package; ``code`` names the case
    (``password``, ``no_print``, ``damaged``, ``too_complex``, ``too_many_pages``,
    ``no_pages``, ``bad_page``, ``image_too_large``, ``bad_image``, ``separate``,
    ``missing``). The message names the annex (``name``) and says what to do."""

    code = "annex"

    def __init__(self, template: str, *, code: str, **fields: object) -> None:
        self.code = code
        super().__init__(template, **fields)

    def reason(self, tr: Translator) -> str:
        """Why, in a few words (the annex list's column): "protected by a password"."""
        return tr.gettext(_REASONS[self.code]).format(**self.fields)


def annex_error(code: str, name: str, **fields: object) -> AnnexError:
    """The :class:`AnnexError` of case ``code`` for the annex ``name``."""
    return AnnexError(_TEMPLATES[code], code=code, name=name, **fields)


_TEMPLATES = {
    "password": N_("{name} is protected by a password, so it cannot be bound into the "
                   "printable package: attach a copy without a password, or submit it "
                   "separately."),
    "no_print": N_("{name} does not allow printing (a restriction set by its author), so it "
                   "cannot be bound into the printable package: submit it separately."),
    "damaged": N_("{name} is damaged or is not a valid PDF, so it cannot be bound into the "
                  "printable package: attach a new copy (print it to PDF), or submit it "
                  "separately."),
    "too_complex": N_("{name} is too large or too complex to be bound into the printable "
                      "package: attach a simpler copy (print it to PDF), or submit it "
                      "separately."),
    "too_many_pages": N_("{name} has {pages} pages; an annex bound into the printable "
                         "package may have at most {limit}: submit it separately."),
    "no_pages": N_("{name} has no pages, so there is nothing to bind into the printable "
                   "package."),
    "bad_page": N_("{name} has a page without a usable size, so it cannot be bound into the "
                   "printable package: attach a new copy (print it to PDF)."),
    "image_too_large": N_("{name} is an image of {megapixels} megapixels; an image bound into "
                          "the printable package may have at most {limit}: attach a smaller "
                          "copy."),
    "bad_image": N_("{name} is not a readable image, so it cannot be bound into the "
                    "printable package: attach a new copy."),
    "separate": N_("{name} is a Word document: the printable package cannot bind it, so "
                   "submit it separately (or attach it as a PDF)."),
    "missing": N_("{name} has no file in the proposal: attach it again."),
}


_REASONS = {
    "password": N_("protected by a password"),
    "no_print": N_("printing not allowed by its author"),
    "damaged": N_("damaged, or not a valid PDF"),
    "too_complex": N_("too large or too complex"),
    "too_many_pages": N_("more than {limit} pages"),
    "no_pages": N_("no pages"),
    "bad_page": N_("a page without a usable size"),
    "image_too_large": N_("an image of more than {limit} megapixels"),
    "bad_image": N_("not a readable image"),
    "separate": N_("a Word document"),
    "missing": N_("no file in the proposal"),
}


@dataclass
class PreparedAnnex:
    """The clean pages of one annex, in a writer of their own."""

    writer: PdfWriter

    @property
    def pages(self) -> int:
        """How many pages the annex adds to the package."""
        return len(self.writer.pages)


def _open_pdf(data: bytes, name: str) -> PdfReader:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            decrypted = reader.decrypt("")
        except DependencyError:
            # A cipher pypdf cannot use here: said as a password problem, the cure is
            # the same (a copy without protection).
            raise annex_error("password", name) from None
        if not decrypted:
            raise annex_error("password", name)
        permissions = reader.user_access_permissions
        if permissions is not None and not permissions & UserAccessPermissions.PRINT:
            raise annex_error("no_print", name)
    return reader


def _copy_pages(reader: PdfReader, name: str) -> PreparedAnnex:
    count = len(reader.pages)
    if count == 0:
        raise annex_error("no_pages", name)
    if count > MAX_PAGES:
        raise annex_error("too_many_pages", name, pages=count, limit=MAX_PAGES)
    writer = PdfWriter()
    copier = Copier(writer)
    for page in reader.pages:
        copy_page(copier, page)
    return PreparedAnnex(writer)


def _reencoded(image: Image.Image) -> bytes:
    """The decoded pixels of ``image`` encoded afresh (JPEG stays JPEG, anything else
    becomes PNG), so that only pixels reach the package: reportlab would copy a JPEG's
    bytes as they are, with whatever follows its end marker (a program, a script)."""
    buffer = io.BytesIO()
    if image.format == "JPEG":
        pixels = image if image.mode in ("RGB", "L") else image.convert("RGB")
        pixels.save(buffer, "JPEG", quality=92)
    else:
        keep = image.mode if image.mode in ("RGB", "RGBA", "L", "LA") else "RGBA"
        (image if image.mode == keep else image.convert(keep)).save(buffer, "PNG")
    return buffer.getvalue()


def _image_page(data: bytes, name: str) -> PdfReader:
    """The image fitted on a Letter page turned its way (the package's band above the
    page names it)."""
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise annex_error("image_too_large", name, megapixels=round(width * height / 1e6),
                         limit=MAX_PIXELS // 1_000_000)
        image.load()  # decodes it all: a broken image fails here
        clean = _reencoded(image)
    register_fonts()
    buffer = io.BytesIO()
    page = landscape(LETTER) if width > height else LETTER
    pdf = rl_canvas.Canvas(buffer, pagesize=page, invariant=1,
                           initialFontName=SANS)  # type: ignore[arg-type]  # the stubs say float
    box_w, box_h = page[0] - 2 * _MARGIN, page[1] - 2 * _MARGIN
    scale = min(box_w / width, box_h / height, 1.0)
    w, h = width * scale, height * scale
    pdf.drawImage(ImageReader(io.BytesIO(clean)), (page[0] - w) / 2,
                  _MARGIN + (box_h - h) / 2, w, h, mask="auto")
    pdf.showPage()
    pdf.save()
    return PdfReader(io.BytesIO(buffer.getvalue()))


def prepare_annex(data: bytes | None, media_type: str, name: str) -> PreparedAnnex:
    """The clean pages of an annex named ``name`` (its file name or its title as listed):
    a PDF's pages, or an image on a page of its own. Raises
    :class:`AnnexError` when it cannot be bound, whatever the cause."""
    if data is None:
        raise annex_error("missing", name)
    if media_type not in PDF_TYPES | IMAGE_TYPES:
        raise annex_error("separate", name)
    try:
        if media_type in PDF_TYPES:
            prepared = _copy_pages(_open_pdf(data, name), name)
        else:
            try:
                reader = _image_page(data, name)
            except AnnexError:
                raise
            except Exception as exc:
                log.debug("image %s unreadable: %r", name, exc)
                raise annex_error("bad_image", name) from exc
            prepared = _copy_pages(reader, name)
        # Written once to be sure the copy is whole (every object it holds is ours).
        prepared.writer.write(io.BytesIO())
        return prepared
    except AnnexError:
        raise
    except BadPage as exc:
        raise annex_error("bad_page", name) from exc
    except (TooComplex, LimitReachedError, RecursionError, MemoryError) as exc:
        log.debug("annex %s too complex: %r", name, exc)
        raise annex_error("too_complex", name) from exc
    except Exception as exc:  # the bytes are untrusted: any failure means "damaged"
        log.debug("annex %s damaged: %r", name, exc)
        raise annex_error("damaged", name) from exc


def bind_problem(data: bytes, media_type: str, name: str) -> AnnexError | None:
    """Why the file ``name`` (``data``, of ``media_type``) cannot be bound into the
    printable package, or None when it can: what the package itself would do with it."""
    try:
        prepare_annex(data, media_type, name)
    except AnnexError as problem:
        return problem
    return None


#: What a finding about an annex the package cannot bind is called (a warning: the
#: dossier can still be submitted, with that document sent separately).
UNBINDABLE = "ANNEX-UNBINDABLE"


def bind_findings(attachments: Sequence[Attachment],
                  problem_of: Callable[[Attachment], AnnexError | None],
                  tr: Translator) -> list[Finding]:
    """A warning for each attachment that the printable package cannot bind, saying why;
    ``problem_of`` gives its :func:`bind_problem` (remembered by the caller: a file is
    checked once, not at each validation)."""
    findings = []
    for index, attachment in enumerate(attachments):
        problem = problem_of(attachment)
        if problem is not None:
            findings.append(Finding(UNBINDABLE, "warning", ("attachments", index),
                                    problem.message(tr), "", "proposalkit"))
    return findings
