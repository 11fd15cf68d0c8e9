"""``proposalkit dump`` and ``proposalkit load``: a proposal as readable JSON and back.

For testing a program pack without the window: dump a proposal, edit its figures in a
text editor or a script, load it back into a ``.pkp`` file and run ``validate``. The JSON
is untrusted on the way in, like any file from someone else: bounded in size and depth,
numbers bounded, checked against the model, its program looked up, and written through
the same atomic save as the window. Attachments' bytes are not in the JSON: a loaded
proposal keeps its list of attachments, each to be attached again.

The JSON (``docs/packs.md``, *Build a proposal without the window*)::

    {"format": "proposalkit-json", "format_version": 3, "proposal": {...}}

``proposal`` is the model of ``proposal.json`` inside a ``.pkp`` file (amounts are
strings, dates ``YYYY-MM-DD``). A dump of an older format version is migrated on load.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from proposalkit.core.program import Catalog
from proposalkit.errors import ProposalFileError
from proposalkit.i18n import Translator

EXIT_OK = 0
JSON_FORMAT = "proposalkit-json"


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser,
                tr: Translator) -> None:
    """Add ``dump`` and ``load`` to the command line."""
    _ = tr.gettext
    dump = sub.add_parser("dump", parents=[common],
                          help=_("print a proposal as readable JSON"))
    dump.add_argument("file", type=Path, metavar=_("FILE"))
    load = sub.add_parser("load", parents=[common],
                          help=_("write a proposal file from JSON (as printed by dump)"))
    load.add_argument("json_file", type=Path, metavar="JSON")
    load.add_argument("-o", "--output", required=True, type=Path, metavar=_("OUT"),
                      help=_("proposal file to write"))
    load.add_argument("--force", action="store_true", help=_("overwrite an existing file"))


def dump_text(proposal) -> str:  # noqa: ANN001 - core.model.Proposal
    """The JSON ``dump`` prints for ``proposal``."""
    from proposalkit.storage.schema import FORMAT_VERSION

    data = {"format": JSON_FORMAT, "format_version": FORMAT_VERSION,
            "proposal": proposal.model_dump(mode="json")}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def cmd_dump(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    """Print the proposal of ``args.file`` as JSON."""
    import sys

    from proposalkit.storage import read_document

    document = read_document(args.file, catalog=catalog)
    sys.stdout.write(dump_text(document.proposal))
    return EXIT_OK


def proposal_from_json(path: Path, catalog: Catalog):  # noqa: ANN201 - core.model.Proposal
    """The proposal in the JSON file at ``path``, checked as untrusted input; raises a
    :class:`~proposalkit.errors.ProposalFileError` with one translated line."""
    from pydantic import ValidationError

    from proposalkit.core.model import Proposal, describe_validation_error
    from proposalkit.core.reading import NotRegularFile, TooLarge, read_limited
    from proposalkit.storage.container import _load_json
    from proposalkit.storage.errors import DamagedFileError
    from proposalkit.storage.migrations import Payload, migrate
    from proposalkit.storage.schema import FORMAT_VERSION, MAX_PROPOSAL_JSON

    try:
        data = read_limited(path, MAX_PROPOSAL_JSON)
    except TooLarge:
        raise ProposalFileError("{path} is too large to be a proposal's JSON.",
                                path=path) from None
    except NotRegularFile:
        raise ProposalFileError("{path} is not a file.", path=path) from None
    except OSError as exc:
        raise ProposalFileError("{path} cannot be read ({reason}).", path=path,
                                reason=exc.strerror or type(exc).__name__) from None
    value = _load_json(data, path, path.name)
    version = value.get("format_version")
    if (value.get("format") != JSON_FORMAT or not isinstance(version, int)
            or isinstance(version, bool) or not isinstance(value.get("proposal"), dict)):
        raise ProposalFileError(
            "{path} is not a proposal's JSON: it needs \"format\": \"proposalkit-json\", a "
            "\"format_version\" and a \"proposal\" (see proposalkit dump).", path=path)
    if version > FORMAT_VERSION or version < 2:
        raise ProposalFileError(
            "{path} is JSON of format version {found}; this version reads 2 to {supported}.",
            path=path, found=version, supported=FORMAT_VERSION)
    payload = migrate(Payload(version, value["proposal"]))
    raw = dict(payload.proposal)
    try:
        proposal = Proposal.model_validate(raw)
    except ValidationError as exc:
        raise DamagedFileError("{path} is damaged: {detail}", code="wrong_shape", path=path,
                               detail=lambda tr, exc=exc: describe_validation_error(exc, tr)
                               ) from None
    # No attachment bytes travel in the JSON: each entry is kept, to be attached again.
    for attachment in proposal.attachments:
        attachment.reference, attachment.size, attachment.sha256 = "", 0, ""
    if catalog.get(proposal.program_id) is None:
        from proposalkit.errors import ProgramNotFound

        raise ProgramNotFound("Unknown program {program}; installed programs: {known}.",
                              program=proposal.program_id,
                              known=", ".join(sorted(catalog.programs)) or "-")
    return proposal


def cmd_load(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    """Write ``args.output`` from the JSON of ``args.json_file``."""
    from proposalkit.storage import Document, check_unlocked, write_document

    proposal = proposal_from_json(args.json_file, catalog)
    if args.output.exists() and not args.force:
        raise ProposalFileError("{path} already exists; add --force to replace it.",
                                path=args.output)
    check_unlocked(args.output)
    write_document(args.output, Document(proposal))
    print(tr.gettext("Wrote {path} ({program}).").format(
        path=args.output, program=catalog.programs[proposal.program_id].name(tr)))
    return EXIT_OK


COMMANDS = {"dump": cmd_dump, "load": cmd_load}
