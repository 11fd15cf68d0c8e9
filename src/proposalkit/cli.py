"""The command line: a thin layer over core, storage and export.

Exit codes: 0 success, 1 the proposal has errors (or a final export was refused), 2 the
input cannot be used (one line on stderr, in the chosen language, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from proposalkit.errors import ProgramNotFound, ProposalFileError, ProposalKitError
from proposalkit.i18n import LANGS, N_, Translator, system_language, translator

if TYPE_CHECKING:
    # The model and the packs load in the commands that use them: opening the window
    # (no command) must not wait for them before its first paint (gui/app.py).
    from proposalkit.core.program import Catalog, Program

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one translated line and exits 2."""

    tr: Translator

    def error(self, message: str) -> NoReturn:  # noqa: D102 - argparse hook
        self.print_usage(sys.stderr)
        line = self.tr.gettext("{prog}: error: {message}").format(prog=self.prog, message=message)
        self.exit(EXIT_INPUT, line + "\n")


#: What argparse itself says (it looks its words up through ``argparse._`` each time), so
#: that help, usage and usage errors speak the user's language too.
_ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("expected one argument"),
    N_("expected at least one argument"), N_("expected at most one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
)


def _speak_argparse(tr: Translator) -> None:
    argparse._ = tr.gettext  # type: ignore[attr-defined]


def _explicit_lang(argv: Sequence[str]) -> str | None:
    """The ``--lang`` given anywhere on the line (before or after the command), if any."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGS:
            return argv[index + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGS:
            return arg[7:]
    return None


def _pre_lang(argv: Sequence[str]) -> str:
    # The help text itself is translated, so --lang is read before parsing.
    return _explicit_lang(argv) or system_language()


def build_parser(tr: Translator) -> argparse.ArgumentParser:
    """The argument parser, with help in ``tr``'s language."""
    from proposalkit import __version__  # importlib.metadata: not on the window's path

    _ = tr.gettext
    _Parser.tr = tr
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=LANGS, help=_("language of messages (fr or en)"))
    # The usage names both forms: a command, or none at all (the app, on FILE if given).
    indent = " " * len(_("usage: "))
    parser = _Parser(
        prog="proposalkit",
        parents=[common],
        usage=_("proposalkit [--lang fr|en] [--quit-after-show] [FILE]") + "\n" + indent
        + _("proposalkit [--lang fr|en] COMMAND …"),
        description=_("Prepare a funding proposal for a Québec call for proposals."),
        epilog=_("Without a command, proposalkit opens the app, on FILE (a .pkp proposal) if "
                 "one is given."),
    )
    parser.add_argument("--version", action="version", version=f"proposalkit {__version__}",
                        help=_("show the version number and exit"))
    parser.add_argument("--quit-after-show", action="store_true",
                        help=_("open the window, paint it once and quit; with a FILE, "
                               "first show each of its steps (exit 1 on any error)"))
    # prog: the subcommands' own usage starts with the program's name, not with the
    # two-line usage above.
    sub = parser.add_subparsers(dest="command", metavar=_("command"), prog="proposalkit")

    shots = sub.add_parser("screenshots", parents=[common],
                           help=_("render each main screen of the example to PNG"))
    shots.add_argument("folder", type=Path, metavar=_("FOLDER"))

    programs = sub.add_parser("programs", parents=[common], help=_("list the program packs"))
    programs.add_argument("--json", action="store_true", help=_("print JSON"))

    writes = _Parser(add_help=False)
    writes.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE"),
                        help=_("proposal file to write"))
    writes.add_argument("--force", action="store_true", help=_("overwrite an existing file"))

    new = sub.add_parser("new", parents=[common, writes], help=_("write an empty proposal"))
    new.add_argument("--program", required=True, metavar="ID", help=_("program pack id"))
    new.add_argument(
        "--language",
        choices=LANGS,
        default=None,
        help=_("language of the proposal (default: the message language)"),
    )
    example = sub.add_parser(
        "example", parents=[common, writes], help=_("write the complete example proposal")
    )
    example.add_argument("--program", default=None, metavar="ID",
                         help=_("the program of the example (default: pri-2018)"))

    pack = sub.add_parser("pack", parents=[common], help=_("check program packs, or print "
                                                          "the pack format's JSON Schema"))
    pack_sub = pack.add_subparsers(dest="pack_command", metavar=_("command"), required=True)
    pack_check = pack_sub.add_parser("check", parents=[common],
                                     help=_("check pack files: every problem, with its line"))
    pack_check.add_argument("files", nargs="+", type=Path, metavar=_("FILE"))
    pack_sub.add_parser("schema", parents=[common],
                        help=_("print the JSON Schema of the pack format"))

    check = sub.add_parser(
        "validate", parents=[common], help=_("check a proposal against its program's rules")
    )
    check.add_argument("file", type=Path, metavar=_("FILE"))
    check.add_argument("--json", action="store_true", help=_("print JSON"))
    check.add_argument(
        "--today", default=None, metavar="YYYY-MM-DD", help=_("check the deadline as of this date")
    )

    exporting = sub.add_parser(
        "export",
        help=_("write the dossier as DOCX, PDF and a printable package (PDF with annexes)"))
    # SUPPRESS: a --lang given before the command still counts (argparse would otherwise
    # reset it to the subcommand's default).
    exporting.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS,
                           help=_("language of the dossier (default: the proposal's) and "
                                  "of the messages"))
    exporting.add_argument("file", type=Path, metavar=_("FILE"))
    exporting.add_argument("--docx", type=Path, metavar=_("OUT"), help=_("DOCX file to write"))
    exporting.add_argument("--pdf", type=Path, metavar=_("OUT"), help=_("PDF file to write"))
    exporting.add_argument("--package", type=Path, metavar=_("OUT"),
                           help=_("printable package to write: the PDF dossier and its annexes"))
    exporting.add_argument("--final", action="store_true",
                           help=_("refuse (exit 1) while validation errors remain"))
    exporting.add_argument("--force", action="store_true",
                           help=_("write an output even when its name does not end in its "
                                  "format's extension"))

    recover = sub.add_parser("recover", parents=[common],
                             help=_("list, restore or discard autosaved work"))
    action = recover.add_mutually_exclusive_group(required=True)
    action.add_argument("--list", action="store_true",
                        help=_("list the autosaved recoveries newer than their file"))
    action.add_argument("--restore", metavar=_("KEY"),
                        help=_("write the recovery KEY to a proposal file, then discard it"))
    action.add_argument("--discard", metavar=_("KEY"), help=_("delete the recovery KEY"))
    recover.add_argument("--all", action="store_true",
                         help=_("with --list: also the recoveries older than their file"))
    recover.add_argument("-o", "--output", type=Path, metavar=_("FILE"),
                         help=_("with --restore: file to write (default: its original file)"))
    recover.add_argument("--force", action="store_true", help=_("overwrite an existing file"))
    # copies; the budget to and from a spreadsheet; one field; JSON; partner forms
    from proposalkit import cli_budget, cli_copies, cli_json, cli_partners, cli_set

    cli_copies.add_parsers(sub, common, tr)
    cli_budget.add_parsers(sub, common, tr)
    cli_partners.add_parsers(sub, common, tr)
    cli_json.add_parsers(sub, common, tr)
    cli_set.add_parsers(sub, common, tr)
    return parser


def _program(catalog: Catalog, program_id: str) -> Program:
    program = catalog.get(program_id)
    if program is None:
        known = ", ".join(sorted(catalog.programs)) or "-"
        raise ProgramNotFound(
            "Unknown program {program}; installed programs: {known}.",
            program=program_id,
            known=known,
        )
    return program


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise ProposalFileError("{path} already exists; add --force to replace it.", path=path)
    from proposalkit.storage import EXTENSION

    # "new -o dossier.pdf" would write a proposal file that every reader of PDFs refuses.
    if path.suffix.lower() != EXTENSION and not force:
        raise ProposalFileError("{path} does not end in .pkp, the extension of proposal "
                                "files; add --force to write it anyway.", path=path)


def cmd_programs(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.core.money import format_money
    from proposalkit.core.program import format_deadline

    _ = tr.gettext
    if args.json:
        data = [
            {
                "id": p.id,
                "name": p.name(tr),
                "deadline": p.deadline_local.isoformat(),
                "years": p.years,
                "funder_per_year": [str(c) for c in p.caps.funder_per_year],
                "funder_total": str(p.caps.funder_total),
                "funder_share_max": str(p.caps.funder_share_max),
            }
            for p in catalog.programs.values()
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    for program in catalog.programs.values():
        caps = " / ".join(format_money(c, tr.lang) for c in program.caps.funder_per_year)
        print(f"{program.id}\t{program.name(tr)}")
        print(
            "\t"
            + _("deadline: {date}; {years} years; cap per year: {caps}; total: {total}").format(
                date=format_deadline(program, tr),
                years=program.years,
                caps=caps,
                total=format_money(program.caps.funder_total, tr.lang),
            )
        )
    return EXIT_OK


def cmd_new(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.core.model import empty_proposal
    from proposalkit.storage import Document, check_unlocked, write_document

    program = _program(catalog, args.program)
    _refuse_overwrite(args.output, args.force)
    proposal = empty_proposal(program, args.language or tr.lang)
    check_unlocked(args.output)
    write_document(args.output, Document(proposal))
    print(
        tr.gettext("Wrote {path} ({program}).").format(path=args.output, program=program.name(tr))
    )
    return EXIT_OK


def cmd_example(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.core.example import EXAMPLE_PROGRAM, EXAMPLE_PROGRAMS, example_for
    from proposalkit.storage import Document, check_unlocked, write_document

    program_id = args.program or EXAMPLE_PROGRAM
    found = example_for(program_id)
    if found is None:
        raise ProgramNotFound("The program {program} has no example; examples exist for: "
                              "{known}.", program=program_id, known=", ".join(EXAMPLE_PROGRAMS))
    proposal, attachments = found
    _program(catalog, proposal.program_id)
    _refuse_overwrite(args.output, args.force)
    check_unlocked(args.output)
    write_document(args.output, Document(proposal, attachments))
    print(
        tr.gettext("Wrote {path} ({program}).").format(
            path=args.output, program=proposal.applicant.legal_name
        )
    )
    return EXIT_OK


def _parse_today(text: str | None):
    from proposalkit.cli_copies import parse_date

    return None if text is None else parse_date(text)


def _read(read_document, path: Path, tr: Translator):  # noqa: ANN001, ANN202 - storage's
    """``read_document(path)``, saying on stderr what reading corrected (an attachment's
    name that disagreed with its content)."""
    document = read_document(path)
    for notice in document.notices:
        print(f"proposalkit: {notice.message(tr)}", file=sys.stderr)
    return document


def cmd_validate(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.core.budget import summarize
    from proposalkit.core.program import version_notice
    from proposalkit.core.steps import tally as count_findings
    from proposalkit.core.steps import tally_text
    from proposalkit.core.validation import format_location, has_errors, validate
    from proposalkit.storage import read_document

    today = _parse_today(args.today)
    document = _read(read_document, args.file, tr)
    program = _program(catalog, document.proposal.program_id)
    summary = summarize(program, document.proposal)
    findings = validate(program, document.proposal, today=today, lang=tr.lang, summary=summary)
    tally = count_findings(program, document.proposal, findings)
    notice = version_notice(program, document.program_version, tr)
    if notice and not args.json:
        print(tr.gettext("note") + ": " + notice, file=sys.stderr)
    if args.json:
        print(
            json.dumps(
                {
                    "file": str(args.file),
                    "program": program.id,
                    "program_version": program.version,
                    "written_for_version": document.program_version,
                    "version_notice": notice,
                    "counts": tally,
                    "findings": [f.as_dict() for f in findings],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        labels = {
            "error": tr.gettext("ERROR"),
            "warning": tr.gettext("WARNING"),
            "info": tr.gettext("INFO"),
        }
        for finding in findings:
            print(
                f"{labels[finding.severity]}\t{finding.code}\t{format_location(finding.location)}"
                f"\t{finding.message}"
            )
        # The same count, in the same words, as the window's status bar.
        print(tally_text(tally, tr))
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def cmd_recover(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:

    from proposalkit.core.dates import long_datetime
    from proposalkit.storage import (
        check_unlocked,
        discard_recovery,
        list_recoveries,
        restore_recovery,
        write_document,
    )

    _ = tr.gettext
    if args.list:
        found = list_recoveries(include_all=args.all)
        if not found:
            print(_("No autosaved work to recover."))
        for item in found:
            original = str(item.original) if item.original else _("(never saved)")
            saved = long_datetime(item.saved_at, tr.locale)  # Montréal time
            print(f"{item.key}\t{saved}\t{original}\t{item.title}")
        return EXIT_OK
    if args.discard:
        if not discard_recovery(args.discard):
            raise ProposalFileError("There is no recovery named {key}.", key=args.discard)
        print(_("Discarded the recovery {key}.").format(key=args.discard))
        return EXIT_OK
    document = restore_recovery(args.restore)
    output = args.output or document.path
    if output is None:
        raise ProposalFileError("The recovery {key} was never saved to a file; name one with "
                                "-o FILE.", key=args.restore)
    if args.output is not None:
        _refuse_overwrite(output, args.force)
    check_unlocked(output)
    # Over its original file only if that file is still the one the lost session had
    # open (the previous version is kept as a backup); --force skips the check.
    write_document(output, document, force=args.force)
    discard_recovery(args.restore)
    print(_("Restored the recovery {key} to {path}.").format(key=args.restore, path=output))
    return EXIT_OK


#: The extension each export's file name must end in (the package is a PDF too).
EXPORT_SUFFIXES = {"docx": ".docx", "pdf": ".pdf", "package": ".pdf"}


def cmd_export(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.core.validation import format_location
    from proposalkit.export import FinalExportRefused, export
    from proposalkit.storage import read_document

    _ = tr.gettext
    outputs = {"docx": args.docx, "pdf": args.pdf, "package": args.package}
    if not any(outputs.values()):
        raise ProposalKitError("Nothing to write: add --docx, --pdf or --package.")
    kinds = {"docx": _("DOCX dossier"), "pdf": _("PDF dossier"),
             "package": _("printable package")}
    for kind, path in outputs.items():
        if path is not None and path.resolve() == args.file.resolve():
            raise ProposalFileError("{path} is the proposal itself: choose another output file.",
                                    path=path)
        suffix = EXPORT_SUFFIXES[kind]
        if path is not None and path.suffix.lower() != suffix and not args.force:
            # `--docx out.pdf` would otherwise write a DOCX that nothing opens as a PDF.
            raise ProposalFileError(
                "{path} does not end in {suffix}, yet it would hold the {kind}: name it "
                "…{suffix}, or add --force to keep this name.",
                path=path, suffix=suffix, kind=kinds[kind])
    document = _read(read_document, args.file, tr)
    program = _program(catalog, document.proposal.program_id)
    try:
        result = export(document, program, args.lang or document.proposal.language,
                        final=args.final, **outputs)
    except FinalExportRefused as exc:
        # The refusal speaks the messages' language: the errors are listed in it too,
        # not in the dossier's (a French proposal exported with English messages).
        from proposalkit.core.validation import validate

        errors = exc.errors
        if tr.lang != (args.lang or document.proposal.language):
            errors = [f for f in validate(program, document.proposal, lang=tr.lang)
                      if f.severity == "error"]
        for finding in errors:
            print(f"{_('ERROR')}\t{finding.code}\t{format_location(finding.location)}"
                  f"\t{finding.message}", file=sys.stderr)
        print(f"proposalkit: {exc.message(tr)}", file=sys.stderr)
        return EXIT_FINDINGS
    status = _("draft") if result.dossier.is_draft else _("final")
    for item in result.written:
        values = {"path": item.target, "kind": kinds[item.kind], "status": status,
                  "n": item.pages}
        if item.pages:
            print(tr.ngettext("Wrote {path} ({kind}, {n} page, {status}).",
                              "Wrote {path} ({kind}, {n} pages, {status}).",
                              item.pages).format(**values))
        else:
            print(_("Wrote {path} ({kind}, {status}).").format(**values))
        for problem in item.problems:
            print(f"proposalkit: {problem.message(tr)}", file=sys.stderr)
    if args.final:
        from proposalkit.cli_copies import keep_export_version

        keep_export_version(args.file, document, tr)
    errors = len(result.dossier.open_errors)
    if errors:
        print(tr.ngettext(
            "The dossier is a draft: {n} error remains, listed in its last appendix.",
            "The dossier is a draft: {n} errors remain, listed in its last appendix.",
            errors).format(n=errors), file=sys.stderr)
    return EXIT_OK


def cmd_pack(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.core.pack_check import check_pack_file, pack_schema

    if args.pack_command == "schema":
        print(json.dumps(pack_schema(), ensure_ascii=False, indent=2))
        return EXIT_OK
    status = EXIT_OK
    for path in args.files:
        program, problems = check_pack_file(path)
        for problem in problems:
            where = f"{path}:{problem.line}" if problem.line else str(path)
            print(f"{where}: {problem.field or '-'}: {problem.detail(tr)}", file=sys.stderr)
        if problems:
            status = EXIT_INPUT
            print(tr.ngettext("{path}: {n} problem.", "{path}: {n} problems.",
                              len(problems)).format(path=path, n=len(problems)))
        elif program is not None:
            print(tr.gettext("{path}: valid ({program}, version {version}, {n} rules).").format(
                path=path, program=program.id, version=program.version, n=len(program.rules)))
    return status


COMMANDS = {
    "pack": cmd_pack,
    "recover": cmd_recover,
    "programs": cmd_programs,
    "new": cmd_new,
    "example": cmd_example,
    "validate": cmd_validate,
    "export": cmd_export,
    "screenshots": lambda args, tr, catalog: cmd_screenshots(args, tr),
}


def _private_dir(folder: str | None) -> bool:
    """True when ``folder`` is a real folder of ours that only we may use (0700)."""
    if not folder or not hasattr(os, "getuid"):
        return bool(folder)
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    import stat

    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & 0o077)
@cache
def commands() -> dict:
    """Every command by name: this module's and the other ``cli_*`` modules' (added on
    first use: they load the model, which opening the window must not wait for)."""
    from proposalkit.cli_budget import COMMANDS as budget
    from proposalkit.cli_copies import COMMANDS as copies
    from proposalkit.cli_json import COMMANDS as json_commands
    from proposalkit.cli_partners import COMMANDS as partners
    from proposalkit.cli_set import COMMANDS as setting

    COMMANDS.update(copies)
    COMMANDS.update(budget)
    COMMANDS.update(partners)
    COMMANDS.update(json_commands)
    COMMANDS.update(setting)
    return COMMANDS


def cmd_screenshots(args: argparse.Namespace, tr: Translator) -> int:
    import tempfile

    # The pictures are files: they need no screen, and look the same without one.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    refused = check_display(args.lang)
    if refused is not None:
        return refused
    from proposalkit.gui.app import screenshots  # Qt only for the GUI commands

    # Fresh settings and state: the pictures do not depend on (or change) the user's
    # window layout, recent files or recoveries.
    with tempfile.TemporaryDirectory(prefix="proposalkit-shots-") as scratch:
        os.environ["PROPOSALKIT_CONFIG_DIR"] = str(Path(scratch) / "config")
        os.environ["PROPOSALKIT_STATE_DIR"] = str(Path(scratch) / "state")
        if not _private_dir(os.environ.get("XDG_RUNTIME_DIR")):
            # Without one, Qt makes /tmp/runtime-USER: a name anyone can predict and
            # create first. The scratch folder is ours alone (mkdtemp: 0700).
            runtime = Path(scratch) / "runtime"
            runtime.mkdir(mode=0o700)
            os.environ["XDG_RUNTIME_DIR"] = str(runtime)
        for path in screenshots(args.folder, args.lang):
            print(path)
    return EXIT_OK


def _words(argv: list[str]) -> list[str]:
    """The arguments that are not options (nor the value of ``--lang``)."""
    words = [a for a in argv if not a.startswith("-")]
    if "--lang" in argv:
        words = [w for w in words if w not in LANGS]
    return words


def _gui_request(argv: list[str]) -> tuple[Path | None, bool] | None:
    """(file to open, quit after show) when the command line asks for the window: no
    command at all, or one word that is an existing file. Anything else is for argparse
    (an unknown word is a usage error there, with the list of commands)."""
    words = _words(argv)
    options = [a for a in argv if a.startswith("-")]
    window_options = ("--lang", "--quit-after-show") + tuple(f"--lang={lang}" for lang in LANGS)
    if any(a not in window_options for a in options):
        return None  # --help, --version, or an unknown option: argparse answers
    if not words:
        return None, "--quit-after-show" in options
    if len(words) == 1 and Path(words[0]).exists() and words[0] not in commands():
        return Path(words[0]), "--quit-after-show" in options
    return None


def _missing_file(argv: list[str]) -> Path | None:
    """The one word given, when it is not a command but names a file (``x.pkp``,
    ``folder/x``) that does not exist: that deserves "does not exist", not a usage."""
    words = _words(argv)
    if len(words) != 1 or words[0] in commands():
        return None
    path = Path(words[0])
    looks_like_a_file = bool(path.suffix) or os.sep in words[0] or "/" in words[0]
    return path if looks_like_a_file and not path.exists() else None


def _gui_language(lang: str | None) -> str:
    """The language of the window: the one asked for, else the preferences'."""
    if lang:
        return lang
    try:
        from proposalkit.gui.settings import Preferences

        return Preferences().language
    except Exception:  # noqa: BLE001 - unreadable settings: the system's language will do
        return system_language()


def check_display(lang: str | None) -> int | None:
    """Exit 2 with one line when Qt could not open a window here (no display, or its
    platform plugin lacks libraries); None when the window can be tried."""
    from proposalkit.gui.qpa import PlatformError, check_platform

    try:
        check_platform()
    except PlatformError as exc:
        print("proposalkit: " + exc.message(translator(_gui_language(lang))), file=sys.stderr)
        return EXIT_INPUT
    return None


def run_gui(path: Path | None, quit_after_show: bool, lang: str | None) -> int:
    """Open the desktop application (PySide6 is imported only here)."""
    import gc

    # Paused while PySide6 and the window's modules load, until the window is ready
    # (see proposalkit.gui.app.run, which starts it again).
    gc.disable()
    refused = check_display(lang)
    if refused is not None:
        gc.enable()
        return refused
    from proposalkit.gui.app import run

    return run(path, lang=lang, quit_after_show=quit_after_show)


def utf8_streams(platform: str = sys.platform) -> None:
    """On Windows, read and write UTF-8 on the standard streams.

    A Windows console already gets Unicode from Python (whatever the code page), but a
    pipe or a file gets the ANSI code page (cp1252): French accents would be mojibake and
    ``’`` (not in cp1252 as such for every tool) byte 0x92. UTF-8 is what other programs
    (PowerShell 7, Git Bash, Python's ``text=True`` with ``encoding="utf-8"``) expect. The
    arguments need nothing: Windows hands them to Python as Unicode.
    """
    if platform != "win32":
        return  # Linux and macOS: the locale's encoding, UTF-8 in practice (PEP 538/540)
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # None in the windowed app
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if reconfigure is not None and encoding != "utf8":
            reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``proposalkit`` command."""
    utf8_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    request = _gui_request(argv)
    if request is not None:
        return run_gui(*request, _explicit_lang(argv))
    tr = translator(_pre_lang(argv))
    missing = _missing_file(argv)
    if missing is not None:
        print("proposalkit: " + tr.gettext("{path} does not exist.").format(path=missing),
              file=sys.stderr)
        return EXIT_INPUT
    _speak_argparse(tr)
    parser = build_parser(tr)
    args = parser.parse_args(argv)
    if getattr(args, "lang", None) is None:
        # A subcommand's own --lang default hides one given before the command.
        args.lang = _explicit_lang(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    from proposalkit.core.program import default_catalog

    catalog = default_catalog()
    for problem in catalog.errors:
        print(tr.gettext("warning") + ": " + problem.message(tr), file=sys.stderr)
    try:
        return commands()[args.command](args, tr, catalog)
    except ProposalKitError as exc:
        # One line, whatever a file name or a detail contains.
        print("proposalkit: " + " ".join(exc.message(tr).splitlines()), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`proposalkit programs | head`): not an error worth a
        # traceback. Point stdout at devnull so the interpreter's final flush is quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
