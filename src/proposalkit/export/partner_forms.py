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
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from proposalkit.core.budget import year_amounts
from proposalkit.core.model import Partner, Proposal
from proposalkit.core.money import format_money
from proposalkit.core.names import named
from proposalkit.core.partner_form import (
    ATTEST_DATE,
    ATTEST_FIELDS,
    DESCRIPTION_FIELDS,
    FORM_FIELD,
    PARTNER_FIELD,
    PROPOSAL_FIELD,
    TEXT_FIELDS,
    PartnerFormError,
    amount_field,
    form_text,
    form_values,
)
from proposalkit.core.program import Program
from proposalkit.i18n import Translator, translator

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
                     partner: Partner) -> bytes:
    """The fillable PDF form of ``partner``, pre-filled, in the proposal's language."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

    from proposalkit.export.fonts import SANS, register_fonts

    register_fonts()
    tr = translator(proposal.language)
    _ = tr.gettext
    values = form_values(proposal, proposal_id, partner, program.years, proposal.language)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=True, pageCompression=1)
    canvas.setTitle(_("Partner form — {partner}").format(partner=partner.name))
    canvas.setCreator("proposalkit")
    width, height = LETTER
    left, y = 54, height - 60
    # reportlab types x, y, sizes as int from its defaults; points are floats.
    form: Any = canvas.acroForm
    canvas.setFont(SANS + "-Bold", 15)
    canvas.drawString(left, y, _("Partner form"))
    y -= 20
    canvas.setFont(SANS, 10)
    title = proposal.metadata.title or proposal.applicant.legal_name
    canvas.drawString(left, y, _("{project} — lead applicant: {lead}").format(
        project=title, lead=proposal.applicant.legal_name)[:110])
    y -= 14
    canvas.setFillColor(HexColor("#555555"))
    canvas.drawString(left, y, _("Please check and complete the fields, then save the form "
                                 "and send it back to the lead applicant.")[:120])
    canvas.setFillColor(HexColor("#000000"))
    # Identification, read-only and hidden: the proposal and the partner.
    for name in (FORM_FIELD, PROPOSAL_FIELD, PARTNER_FIELD):
        form.textfield(name=name, value=values[name], x=left, y=20, width=10, height=10,
                       fieldFlags="readOnly", annotationFlags="hidden", maxlen=100,
                       borderWidth=0)

    def field(name: str, label: str, x: float, y: float, w: float, maxlen: int = 300,
              h: float = 18) -> None:
        canvas.setFont(SANS, 8.5)
        canvas.drawString(x, y + h + 3, label)
        form.textfield(name=name, tooltip=form_text(label), value=values.get(name, ""), x=x, y=y,
                       width=w, height=h, maxlen=maxlen, fontName="Helvetica", fontSize=10,
                       borderColor=HexColor("#7a8794"), fillColor=HexColor("#f3f6fa"),
                       borderWidth=0.6)

    def heading(text: str, y: float) -> None:
        canvas.setFont(SANS + "-Bold", 11.5)
        canvas.drawString(left, y, text)

    y -= 34
    heading(_("The organization"), y)
    y -= 36
    labels = {name: _(label) for name, _where, label in TEXT_FIELDS}
    field("name", labels["name"], left, y, width - 2 * left)
    y -= 40
    field("role", labels["role"], left, y, width - 2 * left)
    y -= 40
    half = (width - 2 * left - 12) / 2
    field("contact_name", labels["contact_name"], left, y, half)
    field("contact_title", labels["contact_title"], left + half + 12, y, half)
    y -= 40
    field("contact_email", labels["contact_email"], left, y, half)
    field("contact_phone", labels["contact_phone"], left + half + 12, y, half)
    y -= 34
    heading(_("Contribution per project year (CAD)"), y)
    years = program.years
    column = (width - 2 * left - 90) / years
    y -= 20
    canvas.setFont(SANS, 9)
    for year in range(years):
        canvas.drawString(left + 90 + year * column, y, _("Year {n}").format(n=year + 1))
    natures = (("cash", _("Cash")), ("in_kind", _("In kind")))
    for nature, label in natures:
        y -= 26
        canvas.setFont(SANS, 9.5)
        canvas.drawString(left, y + 5, label)
        for year in range(years):
            form.textfield(name=amount_field(nature, year),
                           tooltip=f"{label} — " + _("Year {n}").format(n=year + 1),
                           value=values[amount_field(nature, year)],
                           x=left + 90 + year * column, y=y, width=column - 8, height=18,
                           maxlen=40, fontName="Helvetica", fontSize=10,
                           borderColor=HexColor("#7a8794"), fillColor=HexColor("#f3f6fa"),
                           borderWidth=0.6)
    y -= 44
    field(DESCRIPTION_FIELDS["cash"], _("What the cash contribution pays for"), left, y,
          width - 2 * left, maxlen=1000)
    y -= 40
    field(DESCRIPTION_FIELDS["in_kind"], _("What the in-kind contribution is (premises, "
                                            "staff time, equipment…)"), left, y,
          width - 2 * left, maxlen=1000)
    y -= 34
    heading(_("Attestation"), y)
    y -= 16
    canvas.setFont(SANS, 9.5)
    canvas.drawString(left, y, _("I attest that the information above is accurate and that "
                                 "my organization commits to this contribution.")[:125])
    y -= 40
    third = (width - 2 * left - 24) / 3
    for index, (name, _key, label) in enumerate(ATTEST_FIELDS):
        field(name, _(label), left + index * (third + 12), y, third)
    field(ATTEST_DATE, _("Date (YYYY-MM-DD)"), left + 2 * (third + 12), y, third)
    canvas.setFont(SANS, 7.5)
    canvas.setFillColor(HexColor("#777777"))
    canvas.drawString(left, 40, _("Made by proposalkit for {lead:le}; any PDF reader "
                                  "can fill it in.")
                      .format(lead=named(proposal.applicant, proposal.language))[:150])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


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
    try:
        fields = PdfReader(io.BytesIO(data)).get_fields() or {}
    except Exception:  # noqa: BLE001 - someone else's bytes: pypdf may raise nearly anything

        raise PartnerFormError("{path} is not a readable PDF form.", path=path) from None
    values: dict[str, str] = {}
    for name, field in fields.items():
        value = field.get("/V")
        values[str(name)] = "" if value is None else str(value)
    return values


def letter_of_support_docx(program: Program, proposal: Proposal, partner: Partner) -> bytes:
    """A draft letter of support from ``partner`` (DOCX), for its letterhead and signature."""
    from docx import Document as WordDocument
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr: Translator = translator(proposal.language)
    _ = tr.gettext
    money = lambda v: format_money(v, proposal.language)  # noqa: E731
    cash = sum(year_amounts(partner.cash, program.years), start=0)
    in_kind = sum(year_amounts(partner.in_kind, program.years), start=0)
    project = proposal.metadata.title or proposal.applicant.legal_name
    org = named(partner, proposal.language)
    document = WordDocument()
    document.core_properties.title = _("Letter of support — {partner}").format(
        partner=partner.name)
    document.core_properties.author = partner.name
    # Word checks the spelling in the letter's language.
    document.core_properties.language = "fr-CA" if proposal.language == "fr" else "en-CA"
    properties = document.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), document.core_properties.language)
    properties.append(lang)
    document.add_paragraph(_("[Letterhead of {partner:le}]").format(partner=org))
    document.add_paragraph(_("[Place], [date]"))
    document.add_paragraph(program.name(tr))
    document.add_paragraph(_("Subject: support of {partner:le} for the project {project}").format(
        partner=org, project=project))
    document.add_paragraph(_("Madam, Sir,"))
    document.add_paragraph(_(
        "{partner:Le} supports the project {project} submitted by {lead:le} and takes part in "
        "it as a partner: {role}").format(partner=org, project=project,
                                         lead=named(proposal.applicant, proposal.language),
                                      role=partner.role or _("[role in the project]")))
    if cash or in_kind:
        document.add_paragraph(_(
            "Over the {years} years of the project, {partner:le} commits to contribute "
            "{cash} in cash and {in_kind} in kind, as shown in the proposal's "
            "budget.").format(years=program.years, partner=org, cash=money(cash),
                              in_kind=money(in_kind)))
        table = document.add_table(rows=3, cols=program.years + 1)
        table.style = "Table Grid"
        table.cell(0, 0).text = ""
        for year in range(program.years):
            table.cell(0, year + 1).text = _("Year {n}").format(n=year + 1)
        for row, (label, amounts) in enumerate(((_("Cash"), partner.cash),
                                                (_("In kind"), partner.in_kind)), 1):
            table.cell(row, 0).text = label
            for year, amount in enumerate(year_amounts(amounts, program.years)):
                table.cell(row, year + 1).text = money(amount)
        document.add_paragraph("")
    document.add_paragraph(_("Please accept, Madam, Sir, our best regards."))
    document.add_paragraph("")
    document.add_paragraph(partner.attestation.name or partner.contact.name
                           or _("[Name of the signatory]"))
    document.add_paragraph(partner.attestation.title or partner.contact.title
                           or _("[Title]"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
