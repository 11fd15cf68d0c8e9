"""Commands for the consortium's partners: ``partner-forms`` and ``import-partner``.

Added to ``cli.py`` by :func:`add_parsers`; exit codes as everywhere: 0 done, 2 the input
cannot be used (a form for another proposal, a value that is not an amount...).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from proposalkit.cli_copies import program_for as _program
from proposalkit.cli_copies import write_back
from proposalkit.core.names import named
from proposalkit.core.program import Catalog
from proposalkit.errors import ProposalFileError, ProposalKitError
from proposalkit.i18n import Translator

EXIT_OK = 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser,
                tr: Translator) -> None:
    """Add ``partner-forms`` and ``import-partner`` to the command line."""
    _ = tr.gettext
    forms = sub.add_parser("partner-forms", parents=[common],
                           help=_("write a fillable PDF form and a draft letter of support "
                                  "per partner"))
    forms.add_argument("file", type=Path, metavar=_("FILE"))
    forms.add_argument("-o", "--output", required=True, type=Path, metavar=_("FOLDER"),
                       help=_("folder to write the forms to"))
    forms.add_argument("--force", action="store_true", help=_("overwrite existing files"))

    importing = sub.add_parser("import-partner", parents=[common],
                               help=_("bring a filled partner form into the proposal"))
    importing.add_argument("file", type=Path, metavar=_("FILE"))
    importing.add_argument("form", type=Path, metavar=_("FORM"))
    importing.add_argument("-o", "--output", type=Path, metavar=_("OUT"),
                           help=_("proposal file to write (default: FILE itself)"))
    importing.add_argument("--dry-run", action="store_true",
                           help=_("show what would change and write nothing"))
    importing.add_argument("--keep-as-letter", action="store_true",
                           help=_("also join the filled (signed) form to the attachments as "
                                  "the partner's letter of support"))


def _proposal_id(document, tr: Translator) -> str:
    proposal_id = document.history.proposal_id
    if proposal_id is None or document.history.form_key is None:
        raise ProposalFileError("{path} was never saved by this version of proposalkit: save "
                                "it once, then prepare the forms.", path=document.path)
    return proposal_id


def cmd_partner_forms(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.export.partner_forms import (
        form_filename,
        letter_of_support_docx,
        partner_form_pdf,
        write_file,
    )
    from proposalkit.storage import read_document

    _ = tr.gettext
    document = read_document(args.file)
    program = _program(catalog, document.proposal.program_id)
    proposal_id = _proposal_id(document, tr)
    key = document.history.form_key
    assert key is not None  # _proposal_id checked it
    partners = [p for p in document.proposal.partners if p.name.strip()]
    if not partners:
        raise ProposalKitError("The proposal has no named partner: nothing to prepare.")
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProposalFileError("{path} cannot be created: {reason}", path=args.output,
                                reason=exc.strerror or exc) from None
    names = {id(p): form_filename(p, "") for p in partners}
    for partner in partners:
        for suffix in (".pdf", ".docx"):
            target = args.output / (names[id(partner)] + suffix)
            if target.exists() and not args.force:
                raise ProposalFileError("{path} already exists; add --force to replace it.",
                                        path=target)
    for partner in partners:
        pdf = partner_form_pdf(program, document.proposal, proposal_id, partner,
                               key=key)
        docx = letter_of_support_docx(program, document.proposal, partner)
        written = []
        for suffix, data in ((".pdf", pdf), (".docx", docx)):
            written.append(args.output / (names[id(partner)] + suffix))
            write_file(written[-1], data)
        print(_("Wrote the form of {partner:le}, {form}, and its draft letter of support, "
                "{letter}").format(partner=named(partner, tr.lang), form=written[0],
                                   letter=written[1]))
    return EXIT_OK


def cmd_import_partner(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.core.describe import describe_change
    from proposalkit.core.diff import findings_appeared
    from proposalkit.core.partner_form import apply_partner_form, read_partner_form
    from proposalkit.core.validation import format_location
    from proposalkit.export.partner_forms import read_form_fields
    from proposalkit.storage import read_document

    _ = tr.gettext
    document = read_document(args.file)
    program = _program(catalog, document.proposal.program_id)
    fields = read_form_fields(args.form)
    changes = read_partner_form(document.proposal, document.history.proposal_id, fields,
                                program.years, tr, key=document.history.form_key)
    name = named(changes.partner, tr.lang, changes.target)
    if not changes.rows:
        print(_("The form of {partner:le} changes nothing.").format(partner=name))
        if not args.keep_as_letter:
            return EXIT_OK
    else:
        print(_("The form of {partner:le} changes:").format(partner=name))
    for label, now, new in changes.rows:
        print("  " + describe_change(label, now or "—", new or "—", tr))
    updated = apply_partner_form(document.proposal, changes)
    for finding in findings_appeared(program, document.proposal, updated, tr):
        print(_("New finding: {message} ({where})").format(
            message=finding.message, where=format_location(finding.location)))
    if args.keep_as_letter:
        print(_("The form is joined to the attachments as the letter of {partner}.").format(
            partner=name))
    if args.dry_run:
        return EXIT_OK
    document.proposal = updated
    if args.keep_as_letter:
        from proposalkit.export.partner_forms import keep_form_as_letter

        keep_form_as_letter(document, args.form, changes.partner.id, tr)
    output = write_back(document, args.file, args.output)
    print(_("Wrote {path}.").format(path=output))
    return EXIT_OK


COMMANDS = {"partner-forms": cmd_partner_forms, "import-partner": cmd_import_partner}
