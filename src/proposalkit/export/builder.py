"""Build the dossier once, from the program, the proposal and its findings.

:func:`build_dossier` is the only place that walks the proposal for an export. The
content follows the call: cover, table of contents, applicant, partners and concertation,
governance, every narrative section of the pack in the pack's order, the budget, the
attachments checklist, the attestation and signature, the list of annexes and, while
validation errors remain, an appendix listing them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from proposalkit import __version__
from proposalkit.core.budget import ZERO, BudgetSummary, summarize, year_amounts
from proposalkit.core.checks_dossier import required_attachments
from proposalkit.core.dates import long_date
from proposalkit.core.model import Attachment, Proposal
from proposalkit.core.money import format_money
from proposalkit.core.names import named
from proposalkit.core.pack_sources import case_notes
from proposalkit.core.program import Program
from proposalkit.core.typography import narrow_groups, typeset
from proposalkit.core.validation import Finding, has_errors, today_in
from proposalkit.export.attestation import attestation_blocks
from proposalkit.export.budget_blocks import budget_blocks
from proposalkit.export.financing_blocks import PlanWriter, summary_blocks
from proposalkit.export.ir import (
    AnnexEntry,
    AnnexList,
    AnnexStatus,
    Block,
    BulletList,
    Column,
    Cover,
    Dossier,
    Heading,
    KeyValues,
    Labels,
    PageBreak,
    Paragraph,
    Row,
    Table,
    TableOfContents,
)
from proposalkit.export.plan_blocks import plan_blocks
from proposalkit.export.text import clean, one_line, user_blocks, user_line
from proposalkit.i18n import LANGS, Translator, facts, translator

#: ``progress(fraction, message)``: ``fraction`` goes from 0 to 1. Raising from it
#: abandons the export (nothing is written).
Progress = Callable[[float, str], None]

#: Media types the final package can bind as pages.
PDF_TYPES = frozenset({"application/pdf"})
IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})
_EXTENSIONS = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
               ".jpeg": "image/jpeg"}


def media_type(attachment: Attachment) -> str:
    """The attachment's media type, guessed from its file name when not recorded."""
    if attachment.media_type:
        return attachment.media_type.lower()
    name = attachment.filename.lower()
    return next((t for ext, t in _EXTENSIONS.items() if name.endswith(ext)), "")


def _no_progress(_fraction: float, _message: str) -> None:
    return None


def annex_order(program: Program, proposal: Proposal) -> list[Attachment]:
    """The proposal's attachments in checklist order: the program's kinds in order
    (per-partner kinds partner by partner), then any other attachment."""
    seen: set[str] = set()
    ordered: list[Attachment] = []

    def take(attachment: Attachment | None) -> None:
        if attachment is not None and attachment.id not in seen:
            seen.add(attachment.id)
            ordered.append(attachment)

    for kind in program.attachments:
        if kind.per_partner:
            for partner in proposal.partners:
                take(proposal.attachment(partner.letter_attachment_id))
                for attachment in proposal.attachments:
                    if attachment.kind == kind.id and attachment.partner_id == partner.id:
                        take(attachment)
        for attachment in proposal.attachments:
            if attachment.kind == kind.id:
                take(attachment)
    for attachment in proposal.attachments:
        take(attachment)
    return ordered


class _Builder:
    def __init__(self, program: Program, proposal: Proposal, findings: list[Finding],
                 tr: Translator, summary: BudgetSummary, today: date, progress: Progress):
        self.program = program
        self.proposal = proposal
        self.findings = findings
        self.tr = tr
        self.summary = summary
        self.today = today
        self.progress = progress
        self.blocks: list[Block] = []
        self.chapter = 0
        self.draft = has_errors(findings)
        self.annexes = self._annexes()
        self.plan = PlanWriter(program, proposal, summary, tr, self.annex_of)

    # -- helpers -------------------------------------------------------------------------

    def chapter_heading(self, title: str, anchor: str) -> None:
        self.chapter += 1
        self.blocks.append(Heading(1, f"{self.chapter}. {title}", anchor))

    def label(self, kind: str, ident: str | None, tr: Translator) -> str:
        """The program's label for ``ident`` (the id itself, cleaned, when unknown: it
        is then user data)."""
        return typeset(one_line(self.program.label(kind, ident or "", tr)), tr.lang)

    def money(self, value) -> str:  # noqa: ANN001 - Decimal
        return narrow_groups(format_money(value, self.tr.lang), self.tr.lang)

    def line(self, text: str | None) -> str:
        """User text on one line, in the typography of the language it was typed in."""
        return user_line(text, self.proposal.language)

    def applicant_name(self) -> str:
        return self.line(self.proposal.applicant.legal_name) or self.tr.gettext(
            "(applicant not named yet)")

    def narrative(self, text: str) -> None:
        parts = user_blocks(text, self.proposal.language)
        if not parts:
            self.blocks.append(Paragraph(self.tr.gettext("(Not written yet.)"), "note"))
        # The applicant's text is in the proposal's language, whatever the dossier's.
        lang = facts(self.proposal.language).tag
        for kind, items in parts:
            self.blocks.append(BulletList(tuple(items), lang) if kind == "bullets"
                               else Paragraph(items[0], lang=lang))

    def _annexes(self) -> tuple[AnnexEntry, ...]:
        entries = []
        for number, attachment in enumerate(annex_order(self.program, self.proposal), 1):
            kind = media_type(attachment)
            status: AnnexStatus
            if not attachment.reference:
                status = "missing"
            elif kind in PDF_TYPES or kind in IMAGE_TYPES:
                status = "included"
            else:
                status = "separate"
            kind_label = (self.label("attachments", attachment.kind, self.tr)
                          if attachment.kind else "")
            partner = self.proposal.partner(attachment.partner_id)
            entries.append(AnnexEntry(
                number=number, title=self._annex_title(attachment, kind_label),
                kind=kind_label or "—",
                filename=one_line(attachment.filename), reference=attachment.reference,
                media_type=kind, status=status, anchor=f"annex-{number}",
                partner=self.line(partner.name) if partner is not None else ""))
        return tuple(entries)

    def _annex_title(self, attachment: Attachment, kind: str) -> str:
        """What the document is, as the list and the package's bands name it: its title;
        without one, its kind (and the partner it comes from); its file name last."""
        title = self.line(attachment.title)
        if title:
            return title
        partner = self.proposal.partner(attachment.partner_id)
        if kind and partner is not None and self.line(partner.name):
            return f"{kind} — {self.line(partner.name)}"
        return kind or self.line(attachment.filename) or "—"

    def annex_of(self, attachment_id: str | None) -> int | None:
        """The annex number of an attachment (None when it is not an annex)."""
        attachment = self.proposal.attachment(attachment_id)
        if attachment is None or not attachment.reference:
            return None
        return next((e.number for e in self.annexes
                     if e.reference == attachment.reference), None)

    # -- chapters ------------------------------------------------------------------------

    def cover(self) -> None:
        _ = self.tr.gettext
        program, summary = self.program, self.summary
        territory = (self.label("territories", self.proposal.territory, self.tr)
                     if self.proposal.territory else "—")
        status = (_("Draft: {what} before submission").format(what=self.left_to_do())
                  if self.draft else _("Final version"))
        facts = (
            (_("Applicant"), self.applicant_name()),
            (_("Territory"), territory),
            (_("Funder"), program.funder(self.tr)),
            (_("Amount requested from {funder} over {years} years").format(
                funder=program.funder_name(self.tr), years=summary.years),
             self.money(summary.funder_total)),
            (_("Total cost of the project"), self.money(summary.expenses_total)),
            (_("Date"), long_date(self.today, self.tr.locale)),
            (_("Status"), status),
        )
        title = self.line(self.proposal.metadata.title) or program.short_name(self.tr)
        # A draft's status stands out again under the facts; a final one is said once.
        self.blocks += [Cover(program.name(self.tr), title, self.applicant_name(), facts,
                              status if self.draft else ""), PageBreak()]
        if program.parts.summary:
            # The page a reader looks for first: right after the cover.
            self.blocks += summary_blocks(program, self.proposal, summary, self.tr, self.plan,
                                          self.applicant_name())
            self.blocks.append(PageBreak())
        self.blocks += [TableOfContents(_("Table of contents")), PageBreak()]

    def applicant(self) -> None:
        _ = self.tr.gettext
        applicant = self.proposal.applicant
        address = applicant.address
        contact = applicant.contact
        established = {True: _("Yes"), False: _("No"), None: _("Not stated")}
        city_line = ""
        if address.city.strip() or address.postal_code.strip():
            city_line = " ".join(p for p in (self.line(address.city),
                                             f"({self.line(address.province)})"
                                             if address.province.strip() else "",
                                             self.line(address.postal_code)) if p)
        contact_lines = [self.line(contact.name), self.line(contact.title),
                         self.line(contact.email), self.line(contact.phone)]
        self.chapter_heading(_("Applicant identification"), "applicant")
        self.blocks.append(KeyValues((
            (_("Legal name"), self.applicant_name()),
            (_("Québec enterprise number (NEQ)"), self.line(applicant.neq) or "—"),
            (_("Legal form"), self.label("legal_forms", applicant.legal_form, self.tr)
             if applicant.legal_form else "—"),
            (_("Main activity"), self.label("main_activities", applicant.main_activity,
                                                    self.tr) if applicant.main_activity else "—"),
            (_("Main establishment in Québec"),
             established[applicant.main_establishment_in_quebec]),
            (_("Address"), "\n".join(p for p in (self.line(address.street), city_line) if p)
             or "—"),
            (_("Contact person"), "\n".join(p for p in contact_lines if p) or "—"),
        )))

    def partners(self) -> None:
        _ = self.tr.gettext
        partners = self.proposal.partners
        years = self.summary.years
        self.chapter_heading(_("Partners and concertation"), "partners")
        if not partners:
            self.blocks.append(Paragraph(_("No partner is named yet."), "note"))
            return
        self.blocks.append(Paragraph(self.tr.ngettext(
            "{n} partner supports the application. Contributions are totals over the {years} "
            "years of the project.",
            "{n} partners support the application. Contributions are totals over the {years} "
            "years of the project.", len(partners)).format(n=len(partners), years=years)))
        rows = []
        cash_total = kind_total = ZERO
        for partner in partners:
            cash = sum(year_amounts(partner.cash, years), ZERO)
            in_kind = sum(year_amounts(partner.in_kind, years), ZERO)
            cash_total += cash
            kind_total += in_kind
            if self.proposal.attachment(partner.letter_attachment_id) is not None:
                letter = _("Received, attached")
            elif partner.letter_received:
                letter = _("Received, not attached")
            else:
                letter = _("Not received")
            rows.append(Row((self.line(partner.name) or "—",
                             self.label("partner_types", partner.type, self.tr)
                             if partner.type else "—",
                             self.line(partner.role) or "—", cash, in_kind, letter)))
        self.blocks.append(Table(
            columns=(Column("left", 2.0), Column("left", 1.3), Column("left", 2.6),
                     Column("right", 1.1, True), Column("right", 1.1, True), Column("left", 1.1)),
            header=((_("Partner"), _("Type"), _("Role"), _("Cash ($)"), _("In kind ($)"),
                     _("Letter of support")),),
            body=tuple(rows),
            totals=(Row((_("Total"), "", "", cash_total, kind_total, ""), "total"),),
            name="partners", caption=_("Partners and their contributions.")))

    def governance(self) -> None:
        _ = self.tr.gettext
        governance = self.proposal.governance
        self.chapter_heading(_("Governance"), "governance")
        if governance.description.strip():
            self.narrative(governance.description)
        if not governance.members:
            self.blocks.append(Paragraph(_("No committee member is named yet."), "note"))
            return
        rows = tuple(Row((self.line(m.name) or "—", self.line(m.organization) or "—",
                          self.label("governance_sectors", m.sector, self.tr)
                          if m.sector else "—")) for m in governance.members)
        self.blocks.append(Table(
            columns=(Column("left", 1.0), Column("left", 1.4), Column("left", 1.2)),
            header=((_("Member"), _("Organization"), _("Sector")),), body=rows,
            name="governance", caption=_("Members of the governance committee.")))

    def sections(self) -> None:
        count = len(self.program.sections)
        for index, section in enumerate(self.program.sections):
            self.chapter_heading(section.title(self.tr), f"section-{section.id}")
            self.narrative(self.proposal.sections.get(section.id, ""))
            self.progress(0.15 + 0.45 * (index + 1) / count, section.title(self.tr))

    def checklist(self) -> None:
        _ = self.tr.gettext
        self.chapter_heading(_("Checklist of attachments"), "checklist")
        rows: list[Row] = []
        yes, no = _("Yes"), _("No")
        entries = {e.reference: e for e in self.annexes}

        def attached(attachment: Attachment) -> str:
            entry = entries.get(attachment.reference)
            if entry is None or entry.status == "missing":
                return _("File missing")
            return _("Attached (annex {n})").format(n=entry.number)

        required = required_attachments(self.program, self.proposal,
                                        self.summary.funder_total)
        for kind in self.program.attachments:
            label = kind.label(self.tr)
            needed = kind.id in required
            if kind.per_partner:
                for partner in self.proposal.partners:
                    name = self.line(partner.name) or "—"
                    letter = self.proposal.attachment(partner.letter_attachment_id)
                    if letter is not None:
                        status = attached(letter)
                    elif partner.letter_received:
                        status = _("Received, not attached")
                    else:
                        status = _("Missing")
                    rows.append(Row((f"{label} — {name}", yes if needed else no, status)))
                continue
            found = [a for a in self.proposal.attachments if a.kind == kind.id and a.reference]
            if found:
                status = "; ".join(attached(a) for a in found)
            else:
                status = _("Missing") if needed else _("Optional, not attached")
            rows.append(Row((label, yes if needed else no, status)))
        if not rows:
            self.blocks.append(Paragraph(_("The program asks for no attachment."), "note"))
            return
        self.blocks.append(Table(
            columns=(Column("left", 3.2), Column("left", 0.8), Column("left", 1.6)),
            header=((_("Document"), _("Required"), _("Status")),), body=tuple(rows),
            name="checklist", caption=_("Attachments the program asks for, and their status.")))

    def attestation(self) -> None:
        _ = self.tr.gettext
        self.chapter_heading(_("Attestation and signature"), "attestation")
        self.blocks += attestation_blocks(
            self.program, self.proposal, self.tr,
            named(self.proposal.applicant, self.tr.lang, self.applicant_name()),
            self.applicant_name())

    def annex_list(self) -> None:
        _ = self.tr.gettext
        self.chapter_heading(_("List of annexes"), "annexes")
        if not self.annexes:
            self.blocks.append(Paragraph(_("No document is attached."), "note"))
            return
        self.blocks.append(AnnexList((_("No."), _("Document"), _("Kind"),
                                      _("In the printable package")), _("Page")))
        if any(e.status != "included" for e in self.annexes):
            self.blocks.append(Paragraph(_(
                "Only PDF files and PNG or JPEG images can be bound into the printable "
                "package; submit the other documents separately, with the package."), "note"))

    def rules_applied(self) -> None:
        """The appendix of the program's rules: each rule's code, what it says and where
        it comes from, an assumption worded as one (the call is silent on it)."""
        _ = self.tr.gettext
        program = self.program

        def text(value: str) -> str:
            # A pack's texts are typed on a keyboard: French prints the typographic
            # apostrophe (« L’Action », not « L'Action »), and every text the language's
            # spacing around signs (no line starts with a colon).
            value = one_line(value)
            return typeset(value.replace("'", "’") if self.tr.lang == "fr" else value,
                           self.tr.lang)

        self.blocks += [
            PageBreak(),
            Heading(1, _("Appendix: rules applied"), "rules-applied"),
            Paragraph(_("The proposal was checked against the rules of {program}, version "
                        "{version} of its program pack. A rule marked as an assumption is "
                        "not stated by the call: the pack's author assumed it.").format(
                program=one_line(program.name(self.tr)), version=one_line(program.version))),
            Table(columns=(Column("left", 1.0), Column("left", 3.0), Column("left", 2.0)),
                  header=((_("Rule"), _("What it says"), _("Source")),),
                  body=tuple(Row((rule.code, text(rule.explanation(self.tr)),
                                  text(" ".join([rule.source_label(self.tr),
                                                 *case_notes(program, rule, self.tr)]))))
                             for rule in program.rules),
                  name="rules-applied",
                  caption=_("The program's rules, in the order of its pack.")),
        ]
        if program.sources:
            # The call's documents the rules cite, with their dates and addresses.
            self.blocks += [
                Heading(2, _("Documents of the call"), "rules-sources"),
                BulletList(tuple(text(source.line(self.tr)) for source in program.sources)),
            ]

    def left_to_do(self) -> str:
        """The errors in the words of the window's status bar and of the command line
        (core.steps.tally): "1 error to correct, 28 items to fill in", not "29 errors"."""
        from proposalkit.core.steps import tally

        counted = tally(self.program, self.proposal, self.findings)
        todo = counted.get("todo", 0)
        wrong = counted.get("error", 0) - todo
        ngettext = self.tr.ngettext
        parts = []
        if wrong:
            parts.append(ngettext("{n} error to correct", "{n} errors to correct",
                                  wrong).format(n=wrong))
        if todo:
            parts.append(ngettext("{n} item to fill in", "{n} items to fill in",
                                  todo).format(n=todo))
        return ", ".join(parts)

    def open_errors(self) -> tuple[str, ...]:
        _ = self.tr.gettext
        errors = [f for f in self.findings if f.severity == "error"]
        if not errors:
            return ()
        self.blocks += [PageBreak(),
                        Heading(1, _("Appendix: errors to correct before submission"),
                                "open-errors"),
                        Paragraph(_("This dossier is a draft: {what} before it can be "
                                    "exported as final; each is listed below.").format(
                            what=self.left_to_do())),
                        # The rule's source in the dossier's language, so a reader can
                        # check where each error comes from.
                        Table(columns=(Column("left", 1.0), Column("left", 2.9),
                                       Column("left", 2.1)),
                              header=((_("Rule"), _("Error"), _("Source")),),
                              body=tuple(Row((f.code, typeset(one_line(f.message), self.tr.lang),
                                                   typeset(one_line(f.source), self.tr.lang)))
                                         for f in errors),
                              name="open-errors")]
        return tuple(typeset(one_line(f.message), self.tr.lang) for f in errors)

    def labels(self) -> Labels:
        _ = self.tr.gettext
        return Labels(
            page=_("Page {page} of {pages}"), draft=_("DRAFT"), final=_("Final version"),
            annexes=_("Annexes"), annex=_("Annex {n}"), continued=_("{label} (continued)"),
            annex_status={
                "included": _("Included"),
                "separate": _("Not included: submit separately"),
                "missing": _("File missing"),
                "unreadable": _("Unreadable: submit separately"),
                "unreadable_because": _("Unreadable ({reason}): submit separately"),
            })


def build_dossier(
    program: Program,
    proposal: Proposal,
    findings: list[Finding],
    lang: str | None = None,
    *,
    summary: BudgetSummary | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> Dossier:
    """The dossier of ``proposal`` in ``lang`` (default: the proposal's language).

    ``findings`` come from :func:`proposalkit.core.validation.validate`, in the same
    language: while they hold errors the dossier is a draft that lists them. ``today`` is
    the date printed on the cover (default: today in the call's time zone; pass a fixed
    date for reproducible output). ``progress(fraction, message)`` is called as the
    chapters are built.
    """
    lang = lang or proposal.language
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGS}")
    tr = translator(lang)
    _ = tr.gettext
    report = progress or _no_progress
    summary = summary if summary is not None else summarize(program, proposal)
    today = today if today is not None else today_in(program)
    builder = _Builder(program, proposal, findings, tr, summary, today, report)
    report(0.0, _("Cover and identification"))
    builder.cover()
    builder.applicant()
    builder.partners()
    builder.governance()
    report(0.15, _("Narrative sections"))
    builder.sections()
    plan, chapters = plan_blocks(program, proposal, tr, builder.chapter + 1)
    builder.blocks += plan
    builder.chapter += chapters
    builder.blocks += budget_blocks(program, proposal, summary, tr, builder.chapter + 1,
                                    lambda message: report(0.75, message),
                                    builder.plan if program.parts.financing_plan else None)
    builder.chapter += 1
    report(0.85, _("Attachments and attestation"))
    builder.checklist()
    builder.attestation()
    builder.annex_list()
    builder.rules_applied()
    errors = builder.open_errors()
    applicant = builder.applicant_name()
    short = program.short_name(tr)
    date_text = long_date(today, tr.locale)
    dossier = Dossier(
        lang=lang,
        language_tag=facts(lang).tag,
        title=(typeset(clean(proposal.metadata.title).strip(), proposal.language)
               or f"{short} — {applicant}"),
        subject=program.name(tr),
        author=applicant,
        keywords=", ".join(p for p in (program.id, program.short_name(tr), proposal.territory
                                       or "") if p),
        program_id=program.id,
        status="draft" if builder.draft else "final",
        date=today,
        app_version=__version__,
        header_left=applicant,
        header_right=short,
        footer_right=f"{_('DRAFT') if builder.draft else _('Final version')} — {date_text}",
        labels=builder.labels(),
        blocks=tuple(builder.blocks),
        annexes=builder.annexes,
        open_errors=errors,
    )
    report(1.0, _("Dossier ready"))
    return dossier
