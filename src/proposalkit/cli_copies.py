"""Commands for copies and versions of a proposal: ``merge``, ``versions``, ``diff``.

Kept apart from ``cli.py`` (which adds them with :func:`add_parsers` and dispatches to
:data:`COMMANDS`); the same exit codes: 0 done, 1 conflicts left (merge), 2 unusable input.
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
from datetime import date
from pathlib import Path

from proposalkit.core.dates import short_datetime
from proposalkit.core.merge import Side
from proposalkit.core.program import Catalog
from proposalkit.errors import ProposalFileError, ProposalKitError
from proposalkit.i18n import Translator

EXIT_OK, EXIT_CONFLICTS, EXIT_INPUT = 0, 1, 2


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser,
                tr: Translator) -> None:
    """Add ``merge``, ``versions`` and ``diff`` to the command line."""
    _ = tr.gettext
    merging = sub.add_parser("merge", parents=[common],
                             help=_("merge another copy of a proposal into a new file"))
    merging.add_argument("file", type=Path, metavar=_("FILE"))
    merging.add_argument("other", type=Path, metavar=_("OTHER"))
    merging.add_argument("-o", "--output", required=True, type=Path, metavar=_("OUT"),
                         help=_("merged proposal file to write"))
    side = merging.add_mutually_exclusive_group()
    side.add_argument("--take-ours", action="store_true",
                      help=_("settle every conflict with FILE's side and write"))
    side.add_argument("--take-theirs", action="store_true",
                      help=_("settle every conflict with OTHER's side and write"))
    merging.add_argument("--force", action="store_true", help=_("overwrite an existing file"))

    versions = sub.add_parser("versions", parents=[common],
                              help=_("list the named versions kept in a proposal file"))
    versions.add_argument("file", type=Path, metavar=_("FILE"))
    versions.add_argument("--add", metavar=_("NAME"),
                          help=_("keep the current state as a version named NAME"))

    diffing = sub.add_parser("diff", parents=[common],
                             help=_("show what changed between two versions of a proposal"))
    diffing.add_argument("file", type=Path, metavar=_("FILE"))
    diffing.add_argument("--from", dest="start", metavar="V",
                         help=_("version number, name or id, or current (default: the latest "
                                "version)"))
    diffing.add_argument("--to", dest="end", metavar="V",
                         help=_("version number, name or id, or current (default: the current "
                                "state)"))
    diffing.add_argument("--json", action="store_true", help=_("print JSON"))
    diffing.add_argument("--today", metavar="YYYY-MM-DD",
                         help=_("check the deadline as of this date"))


#: A date written YYYY-MM-DD (``--today``; ``set`` reads other forms too).
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> date:
    """The date ``text`` (``YYYY-MM-DD``, as ``--today`` takes it), or a one-line error
    that says what is wrong: not that form, or that form but no such day."""
    match = ISO_DATE.fullmatch(text.strip())
    if match is None:
        raise ProposalKitError("The date {text} is not in the form YYYY-MM-DD.", text=text)
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        raise ProposalKitError("{text} is not a valid date: there is no year 0000.",
                               text=text)
    if not 1 <= month <= 12:
        raise ProposalKitError("{text} is not a valid date: there is no month {month} (months "
                               "go from 01 to 12).", text=text, month=match.group(2))
    try:
        return date(year, month, day)
    except ValueError:
        days = calendar.monthrange(max(year, 1), month)[1]
        raise ProposalKitError("{text} is not a valid date: that month has {days} days.",
                               text=text, days=days) from None


def program_for(catalog: Catalog, program_id: str):
    """The installed program pack ``program_id``, or a one-line error."""
    program = catalog.get(program_id)
    if program is None:
        raise ProposalKitError("Unknown program {program}.", program=program_id)
    return program


def write_back(document, source: Path, output: Path | None) -> Path:  # noqa: ANN001
    """Write a changed ``document`` read from ``source`` to ``output`` (``source`` itself
    when None: only if it is still the file that was read); returns where it went."""
    from proposalkit.storage import check_unlocked, write_document

    target = output or source
    check_unlocked(target)
    if output is not None and output.resolve() != source.resolve():
        write_document(target, document, expected_sha256=None)
    else:
        write_document(target, document)
    return target


def cmd_merge(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.core.describe import describe_change, describe_path, format_value
    from proposalkit.storage import check_unlocked, read_document, write_document
    from proposalkit.storage.merging import merge_documents

    _ = tr.gettext
    for path in (args.file, args.other):
        if args.output.resolve() == path.resolve():
            raise ProposalFileError("{path} is an input of the merge: choose another output "
                                    "file (both copies stay as they are).", path=path)
    if args.output.exists() and not args.force:
        raise ProposalFileError("{path} already exists; add --force to replace it.",
                                path=args.output)
    ours, theirs = read_document(args.file), read_document(args.other)
    prefer: Side = "theirs" if args.take_theirs else "ours"
    outcome = merge_documents(ours, theirs, prefer=prefer)
    result = outcome.result
    old, mine, other = ours.saved or {}, ours.current_data(), theirs.current_data()
    program = catalog.get(ours.proposal.program_id)
    if outcome.ancestor is None:
        print(_("No common ancestor was found: every difference is a conflict."))
    if result.taken:
        print(_("Taken from {path}:").format(path=args.other))
    for change in result.taken:
        where = describe_path(change.path, tr, other, old, program=program)
        if change.is_figure and "targets" not in change.path:
            where = _("budget figures") + " › " + where
        print("  " + describe_change(where, format_value(change.base, tr, change.path),
                                     format_value(change.value, tr, change.path), tr))
    for conflict in result.conflicts:
        where = describe_path(conflict.path, tr, mine, other, program=program)
        print(f"{_('CONFLICT')}\t{where}\t"
              + _("{ours}: {a} | {theirs}: {b}").format(
                  ours=args.file.name, a=format_value(conflict.ours, tr),
                  theirs=args.other.name, b=format_value(conflict.theirs, tr)))
    if result.conflicts and not (args.take_ours or args.take_theirs):
        print(tr.ngettext(
            "{n} conflict: nothing was written. Resolve it in the window (File ▸ Merge "
            "another copy…) or add --take-ours or --take-theirs.",
            "{n} conflicts: nothing was written. Resolve them in the window (File ▸ Merge "
            "another copy…) or add --take-ours or --take-theirs.",
            len(result.conflicts)).format(n=len(result.conflicts)))
        return EXIT_CONFLICTS
    check_unlocked(args.output)
    write_document(args.output, outcome.document, expected_sha256=_existing(args.output),
                   force=args.force)
    if result.conflicts:
        side = args.file.name if prefer == "ours" else args.other.name
        print(tr.ngettext("Wrote {path} ({n} conflict settled with {side}).",
                          "Wrote {path} ({n} conflicts settled with {side}).",
                          len(result.conflicts)).format(path=args.output,
                                                        n=len(result.conflicts), side=side))
    else:
        print(_("Wrote {path} (merged cleanly).").format(path=args.output))
    return EXIT_OK


def _existing(path: Path) -> str | None:
    from proposalkit.storage.container import sha256

    try:
        return sha256(path.read_bytes())
    except FileNotFoundError:
        return None


def cmd_versions(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.storage import check_unlocked, read_document, write_document
    from proposalkit.storage.history import add_version

    _ = tr.gettext
    document = read_document(args.file)
    if args.add is not None:
        if not args.add.strip():
            raise ProposalKitError("A version needs a name.")
        check_unlocked(args.file)
        version = add_version(document.history, args.add, document.current_data())
        write_document(args.file, document)
        print(_("Kept the version {name}.").format(name=version.name))
        return EXIT_OK
    versions = document.history.versions
    if not versions:
        print(_("No versions are kept in {path}.").format(path=args.file))
    kinds = {"manual": _("saved on request"), "export": _("final export"),
             "restore": _("before a restore"), "merge": _("before a merge")}
    for number, version in enumerate(versions, 1):
        when = short_datetime(version.created)  # Montréal time
        print(f"{number}\t{when}\t{version.name}\t{kinds[version.kind]}\t{version.id[:8]}")
    return EXIT_OK


def find_version(document, reference: str | None, default: str):
    """The proposal data of version ``reference`` (a number, a name, an id or its start,
    or ``current``) of ``document``; ``default`` when ``reference`` is None."""
    reference = reference if reference is not None else default
    versions = document.history.versions
    if reference == "current":
        return document.current_data(), reference
    if reference == "latest":
        if not versions:
            raise ProposalKitError("{path} keeps no versions to compare with; keep one "
                                   "first (proposalkit versions FILE --add NAME).",
                                   path=document.path)
        return versions[-1].proposal, versions[-1].name
    if reference.isdigit() and 1 <= int(reference) <= len(versions):
        version = versions[int(reference) - 1]
        return version.proposal, version.name
    for version in reversed(versions):
        if version.name == reference or (len(reference) >= 4 and version.id.startswith(
                reference)):
            return version.proposal, version.name
    raise ProposalKitError("There is no version {version} in {path}.", version=reference,
                           path=document.path)


def cmd_diff(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from pydantic import ValidationError

    from proposalkit.core.diff import diff_proposals, format_diff
    from proposalkit.core.model import Proposal
    from proposalkit.storage import read_document

    document = read_document(args.file)
    program = program_for(catalog, document.proposal.program_id)
    start, start_name = find_version(document, args.start, "latest")
    end, end_name = find_version(document, args.end, "current")
    try:
        before, after = Proposal.model_validate(start), Proposal.model_validate(end)
    except ValidationError:
        raise ProposalFileError("{path} is damaged: {member} does not describe a proposal "
                                "file.", path=args.file, member="history.json") from None
    today = parse_date(args.today) if args.today else None
    diff = diff_proposals(program, before, after, tr, today=today)
    current = tr.gettext("the current state")
    start_name, end_name = (current if n == "current" else n for n in (start_name, end_name))
    if args.json:
        print(json.dumps({"file": str(args.file), "from": start_name, "to": end_name,
                          **diff.as_dict()}, ensure_ascii=False, indent=2))
    else:
        print(tr.gettext("From {start} to {end}:").format(start=start_name, end=end_name))
        for line in format_diff(diff, tr):
            print(line)
    return EXIT_OK


def keep_export_version(path: Path, document, tr: Translator) -> None:
    """After a final export: keep the exported state as a version in the file."""
    from proposalkit.storage import check_unlocked, write_document
    from proposalkit.storage.history import add_version

    name = tr.gettext("Final export of {date}").format(date=date.today().isoformat())
    check_unlocked(path)
    add_version(document.history, name, document.current_data(), kind="export")
    write_document(path, document)
    print(tr.gettext("Kept the version {name}.").format(name=name))


COMMANDS = {"merge": cmd_merge, "versions": cmd_versions, "diff": cmd_diff}
