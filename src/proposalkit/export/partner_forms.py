"""Partner forms (fillable PDF, AcroForm text fields, no script) and draft letters of
support (DOCX), one per partner, in the proposal's language; and reading a filled form.

The form is drawn with reportlab's ``acroForm`` text fields: they open and fill in any
reader (Acrobat Reader, Preview, Firefox, Chrome) and carry no JavaScript. Its hidden,
read-only fields name the proposal and the partner (see ``core/partner_form.py``).
Reading uses pypdf and accepts a form saved by another program, with or without
regenerated appearance streams. No Qt.
"""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from proposalkit.core.budget import year_amounts
from proposalkit.core.model import Partner, Proposal
from proposalkit.core.money import format_money
from proposalkit.core.names import named
from proposalkit.core.partner_form import (
    ATTEST_DATE,
    ATTEST_FIELDS,
    DESCRIPTION_FIELDS,
    HIDDEN_FIELDS,
    MAX_DESCRIPTION,
    SIGNATURE_FIELD,
    TEXT_FIELDS,
    PartnerFormError,
    amount_field,
    form_values,
)
from proposalkit.core.program import Program
from proposalkit.core.typography import typeset
from proposalkit.core.validation import today_in
from proposalkit.i18n import Translator, facts, translator

if TYPE_CHECKING:
    from proposalkit.core.model import Attachment
    from proposalkit.export.ir import Dossier
    from proposalkit.storage import Document as StorageDocument

#: Largest form file read back (a one-page form is about 20 KB).
MAX_FORM_SIZE = 5_000_000


def form_filename(partner: Partner, suffix: str) -> str:
    """A file name for the partner's form or letter: ``formulaire-mrc-des-vallons.pdf``."""
    plain = unicodedata.normalize("NFKD", partner.name.lower()).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.decode()).strip("-")[:60] or partner.id
    return f"{slug}{suffix}"


def write_file(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically (temporary file, then replace)."""
    from proposalkit.export.atomic import write_atomically

    write_atomically(target, partial(_write, data))


def _write(data: bytes, fh: BinaryIO) -> None:
    fh.write(data)


def partner_form_pdf(program: Program, proposal: Proposal, proposal_id: str,
                     partner: Partner, *, key: str, today: date | None = None) -> bytes:
    """The fillable PDF form of ``partner``, pre-filled, in the proposal's language
    (``key``: the proposal file's form key, which signs the hidden fields; ``today``
    dates its metadata)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from proposalkit.export.fonts import SANS, register_fonts

    register_fonts()
    tr = translator(proposal.language)
    _ = tr.gettext
    values = form_values(proposal, proposal_id, partner, program.years, proposal.language,
                         key=key)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=True, pageCompression=1,
                    initialFontName=SANS)  # type: ignore[arg-type]  # the stubs say float
    width, height = LETTER
    left, y = 54, height - 56
    inner = width - 2 * left
    # reportlab types x, y, sizes as int from its defaults; points are floats.
    form: Any = canvas.acroForm
    grey = HexColor("#555555")

    def lines(text: str, size: float, color: Any = None, font: str = SANS,
              leading: float = 1.3) -> None:
        # Long titles and sentences wrap: nothing is cut.
        nonlocal y
        canvas.setFont(font, size)
        canvas.setFillColor(color or HexColor("#000000"))
        for line in simpleSplit(text, font, size, inner):
            canvas.drawString(left, y, line)
            y -= size * leading
        canvas.setFillColor(HexColor("#000000"))

    lines(_("Partner form"), 15, font=SANS + "-Bold")
    y -= 4
    title = proposal.metadata.title or proposal.applicant.legal_name
    lines(_("{project} — lead applicant: {lead}").format(
        project=title, lead=proposal.applicant.legal_name), 10)
    lines(_("Please check and complete the fields, then save the form and send it back to "
            "the lead applicant."), 9.5, grey)
    # Identification, read-only and hidden: the proposal, the partner and their check.
    for name in HIDDEN_FIELDS:
        form.textfield(name=name, value=values[name], x=left, y=20, width=10, height=10,
                       fieldFlags="readOnly", annotationFlags="hidden", maxlen=100,
                       borderWidth=0)

    def field(name: str, label: str, x: float, top: float, w: float, maxlen: int = 300,
              h: float = 18, multiline: bool = False) -> None:
        canvas.setFont(SANS, 8.5)
        canvas.drawString(x, top - 9, label)
        form.textfield(name=name, tooltip=label, value="", x=x,
                       y=top - 12 - h, width=w, height=h, maxlen=maxlen,
                       fieldFlags="multiline" if multiline else "", fontName="Helvetica",
                       fontSize=10, borderColor=HexColor("#7a8794"),
                       fillColor=HexColor("#f3f6fa"), borderWidth=0.6)

    def heading(text: str) -> None:
        nonlocal y
        y -= 22
        canvas.setFont(SANS + "-Bold", 11.5)
        canvas.drawString(left, y, text)
        y -= 6

    heading(_("The organization"))
    labels = {name: _(label) for name, _where, label in TEXT_FIELDS}
    half = (inner - 12) / 2
    field("name", labels["name"], left, y, inner)
    y -= 36
    field("role", labels["role"], left, y, inner, maxlen=MAX_DESCRIPTION, h=32,
          multiline=True)
    y -= 50
    field("contact_name", labels["contact_name"], left, y, half)
    field("contact_title", labels["contact_title"], left + half + 12, y, half)
    y -= 36
    field("contact_email", labels["contact_email"], left, y, half)
    field("contact_phone", labels["contact_phone"], left + half + 12, y, half)
    y -= 32
    heading(_("Contribution per project year (CAD)"))
    years = program.years
    column = (inner - 90) / years
    y -= 10
    canvas.setFont(SANS, 9)
    for year in range(years):
        canvas.drawString(left + 90 + year * column, y, _("Year {n}").format(n=year + 1))
    natures = (("cash", _("Cash")), ("in_kind", _("In kind")))
    for nature, label in natures:
        y -= 24
        canvas.setFont(SANS, 9.5)
        canvas.drawString(left, y + 5, label)
        for year in range(years):
            form.textfield(name=amount_field(nature, year),
                           tooltip=f"{label} — " + _("Year {n}").format(n=year + 1),
                           value="",
                           x=left + 90 + year * column, y=y, width=column - 8, height=18,
                           maxlen=40, fontName="Helvetica", fontSize=10,
                           borderColor=HexColor("#7a8794"), fillColor=HexColor("#f3f6fa"),
                           borderWidth=0.6)
    y -= 10
    field(DESCRIPTION_FIELDS["cash"], _("What the cash contribution pays for"), left, y,
          inner, maxlen=MAX_DESCRIPTION, h=32, multiline=True)
    y -= 50
    field(DESCRIPTION_FIELDS["in_kind"], _("What the in-kind contribution is (premises, "
                                            "staff time, equipment…)"), left, y,
          inner, maxlen=MAX_DESCRIPTION, h=32, multiline=True)
    y -= 46
    heading(_("Attestation and signature"))
    y -= 6
    lines(_("I attest that the information above is accurate and that my organization "
            "commits to this contribution."), 9.5)
    third = (inner - 24) / 3
    for index, (name, _key, label) in enumerate(ATTEST_FIELDS):
        field(name, _(label), left + index * (third + 12), y, third)
    field(ATTEST_DATE, _("Date (YYYY-MM-DD)"), left + 2 * (third + 12), y, third)
    y -= 40
    signature = (left, y - 62, inner, 50)
    canvas.setFont(SANS, 8.5)
    canvas.drawString(left, y - 9, _("Signature"))
    canvas.setStrokeColor(HexColor("#7a8794"))
    canvas.setLineWidth(0.6)
    canvas.setDash(3, 2)
    canvas.rect(*signature)
    canvas.setDash()
    canvas.setFont(SANS, 7.5)
    canvas.setFillColor(HexColor("#8a949e"))
    canvas.drawString(left + 6, signature[1] + 6, _(
        "Sign here with your reader's signature tool, or print the form and sign by hand."))
    canvas.setFillColor(HexColor("#777777"))
    canvas.drawString(left, 34, _("Made by proposalkit for {lead:le}; any PDF reader "
                                  "can fill it in.")
                      .format(lead=named(proposal.applicant, proposal.language))[:150])
    canvas.showPage()
    canvas.save()
    from proposalkit.export.form_finish import FormInfo, finish_form

    info = FormInfo(
        title=_("Partner form — {partner}").format(partner=partner.name),
        author=proposal.applicant.legal_name,
        subject=_("Contribution of {partner} to the project {project}").format(
            partner=partner.name, project=title),
        keywords=_("partner form, contribution, letter of support"),
        language_tag=facts(proposal.language).tag,
        made_on=today or today_in(program))
    # reportlab writes field values in Latin-1 only: pypdf sets them, in the field font.
    return finish_form(buffer.getvalue(), values, info, signature, SIGNATURE_FIELD,
                       _("Signature of the authorized person"))


def read_form_fields(path: Path) -> dict[str, str]:
    """The text fields of a filled form (name -> value); :class:`PartnerFormError` when
    the file is not a readable PDF form."""
    from pypdf import PdfReader

    from proposalkit.core.reading import NotRegularFile, TooLarge, read_limited

    try:
        data = read_limited(path, MAX_FORM_SIZE)
    except FileNotFoundError:
        raise PartnerFormError("{path} does not exist.", path=path) from None
    except TooLarge:
        raise PartnerFormError("{path} is too large to be a partner form.", path=path) from None
    except NotRegularFile:
        raise PartnerFormError("{path} is not a readable PDF form.", path=path) from None
    except OSError as exc:
        raise PartnerFormError("{path} cannot be read: {reason}", path=path,
                               reason=exc.strerror or exc) from None
    from proposalkit.export.form_budget import BudgetExceeded, check_streams, time_budget

    try:
        # Bounded before pypdf inflates anything: its object streams may be bombs.
        check_streams(data)
        with time_budget():
            fields = PdfReader(io.BytesIO(data)).get_fields() or {}
    except BudgetExceeded:
        raise PartnerFormError("{path} was refused: reading it would take too long or "
                               "unpack too much to be a partner form.", path=path) from None
    except Exception:  # noqa: BLE001 - someone else's bytes: pypdf may raise nearly anything
        raise PartnerFormError("{path} is not a readable PDF form.", path=path) from None
    values: dict[str, str] = {}
    for name, field in fields.items():
        value = field.get("/V")
        if isinstance(value, dict):  # a signature field, signed: its dictionary
            values[str(name)] = "signed"
            continue
        values[str(name)] = "" if value is None else str(value)
    return values


def keep_form_as_letter(document: StorageDocument, form: Path, partner_id: str,
                        tr: Translator) -> Attachment:
    """Join the filled (signed) ``form`` to ``document`` as the partner's letter of support:
    the partner points at it and its letter counts as received. A letter entry listed
    without its file receives it; otherwise a new entry is added (a letter the partner
    sent besides stays). Raises the storage's ``AttachmentError`` when it cannot be
    joined (too large, not a PDF)."""
    from proposalkit.storage import add_attachment

    proposal = document.proposal
    partner = proposal.partner(partner_id)
    if partner is None:  # read_partner_form checked it: a form for another partner
        raise PartnerFormError("This form is for a partner that is not in this proposal; it "
                               "was not imported.")
    listed = proposal.attachment(partner.letter_attachment_id)
    empty = listed if listed is not None and not listed.reference else None
    entry = add_attachment(document, form, kind="support_letter", partner_id=partner.id,
                           title=tr.gettext("Signed form — {partner}").format(
                               partner=partner.name),
                           attachment_id=empty.id if empty is not None else None)
    partner.letter_attachment_id = entry.id
    partner.letter_received = True
    return entry


def letter_names(proposal: Proposal, partner: Partner, tr: Translator) -> dict[str, Any]:
    """The names a letter of support uses, as its sentences place them (``partner``,
    ``lead``, ``project``): the one place where the letter phrases a name."""
    _ = tr.gettext
    title = proposal.metadata.title.strip() or proposal.applicant.legal_name
    return {"partner": named(partner, proposal.language),
            "lead": named(proposal.applicant, proposal.language),
            "project": _("“{title}”").format(title=title)}


def _after_colon(text: str) -> str:
    """``text`` as it follows a colon: no capital (unless it starts an acronym or a
    name in capitals, « MRC »), and a final period."""
    text = " ".join(text.split()).rstrip(" .;")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text if text.endswith(("!", "?", "…")) else text + "."


def letter_of_support(program: Program, proposal: Proposal, partner: Partner,
                      today: date | None = None) -> Dossier:
    """A draft letter of support from ``partner`` as a dossier (the dossier's styles, page
    and heading), for the partner's letterhead and signature. Amounts appear only where
    they are not zero, in the words of the dossier's budget tables."""
    from proposalkit import __version__
    from proposalkit.core.dates import long_date
    from proposalkit.export.ir import (
        Column,
        Dossier,
        Labels,
        Paragraph,
        Row,
        SignatureBlock,
        Table,
    )

    tr = translator(proposal.language)
    _ = tr.gettext
    names = letter_names(proposal, partner, tr)

    def para(text: str, style: Literal["body", "note", "strong"] = "body") -> Any:
        # The applicant's words (role, title, names) in the language's typography.
        return Paragraph(typeset(text, proposal.language), style)

    years = program.years
    rows = []
    totals: dict[str, Decimal] = {}
    for nature, label in (("cash", _("Cash")), ("in_kind", _("In kind"))):
        amounts = year_amounts(getattr(partner, nature), years)
        totals[nature] = sum(amounts, start=Decimal(0))
        if totals[nature]:
            rows.append(Row((label, *(a if a else "—" for a in amounts), totals[nature])))
    blocks: list[Any] = [
        para(_("[Letterhead of {partner:le}]").format(**names), "note"),
        para(_("[Place], [date]")),
        para(program.name(tr), "strong"),
        para(_("Subject: support of {partner:le} for the project {project}").format(
            **names), "strong"),
        para(_("Madam, Sir,")),
        para(_("{partner:Le} supports the project {project} submitted by {lead:le} and "
                    "takes part in it as a partner: {role}").format(
            **names, role=_after_colon(partner.role) if partner.role.strip()
            else _("[role in the project]"))),
    ]
    money = {nature: format_money(total, proposal.language)
             for nature, total in totals.items()}
    parts = [text.format(amount=money[nature]) for nature, text in
             (("cash", _("{amount} in cash")), ("in_kind", _("{amount} in kind")))
             if totals[nature]]
    if parts:
        blocks.append(para(_(
            "Over the {years} years of the project, {partner:le} commits to contribute "
            "{amounts}, as shown in the proposal's budget.").format(
            years=years, amounts=_("{first} and {second}").format(
                first=parts[0], second=parts[1]) if len(parts) == 2 else parts[0],
            **names)))
        blocks.append(Table(
            columns=(Column("left", 1.6), *(Column("right", 1.0, money=True)
                                             for _year in range(years + 1))),
            header=((_("Contribution ($)"), *(_("Year {n}").format(n=n + 1)
                                              for n in range(years)), _("Total")),),
            body=tuple(rows), name="letter-contribution"))
        blocks.append(para(""))
    blocks += [
        para(_("Please accept, Madam, Sir, our best regards.")),
        SignatureBlock(rows=((_("Name"), partner.attestation.name or partner.contact.name
                              or _("[Name of the signatory]")),
                             (_("Title"), partner.attestation.title or partner.contact.title
                              or _("[Title]"))),
                       blank_lines=(_("Signature"),)),
    ]
    day = today or today_in(program)
    return Dossier(
        lang=proposal.language, language_tag=facts(proposal.language).tag,
        title=_("Letter of support — {partner}").format(**names),
        subject=_("Contribution of {partner} to the project {project}").format(**names),
        author=partner.name, keywords=_("letter of support"), program_id=program.id,
        status="final", date=day, app_version=__version__,
        header_left=partner.name, header_right=program.short_name(tr),
        footer_right=_("Draft letter of support — {date}").format(
            date=long_date(day, tr.locale)),
        labels=Labels(page=_("Page {page} of {pages}"), draft=_("DRAFT"),
                      final=_("Final version"), annexes=_("Annexes"), annex=_("Annex {n}")),
        blocks=tuple(blocks))


def letter_of_support_docx(program: Program, proposal: Proposal, partner: Partner,
                           today: date | None = None) -> bytes:
    """The draft letter of support of ``partner`` as a DOCX on the dossier's template."""
    from proposalkit.export.docx_writer import render_docx

    return render_docx(letter_of_support(program, proposal, partner, today),
                       deterministic=today is not None)
