"""The README tells a newcomer the truth: every command and option the command line has
is in its table, every shipped pack is named, the links lead to files, and the path that
works without a published installer (from source) comes first."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from proposalkit.cli import build_parser
from proposalkit.i18n import translator
from proposalkit.paths import resources_dir

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end >= 0 else None]


def _commands(parser: argparse.ArgumentParser, prefix: str = "proposalkit"):
    """(``proposalkit pack check``, its parser) for every command, sub-commands too."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix} {name}", sub
                yield from _commands(sub, f"{prefix} {name}")


def _options(parser: argparse.ArgumentParser) -> list[tuple[str, ...]]:
    """Each option's spellings (``("-o", "--output")``), help and --lang aside."""
    return [tuple(action.option_strings) for action in parser._actions
            if action.option_strings and not {"--help", "--lang"} & set(action.option_strings)]


def _names(spellings: tuple[str, ...], text: str) -> bool:
    return any(re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text) for s in spellings)


def test_every_command_and_option_is_in_the_command_table():
    table = _section("Command line")
    parser = build_parser(translator("en"))
    missing = [spellings[-1] for spellings in _options(parser) + [("--lang",), ("--help",)]
               if not _names(spellings, table)]
    for command, sub in _commands(parser):
        words = command.split()
        # "proposalkit pack check FILE…, proposalkit pack schema": each command named.
        if f"`{command}" not in table:
            missing.append(command)
        row = next((line for line in table.splitlines()
                    if line.startswith("| ") and f"`{command}" in line), "")
        if len(words) > 2 and not row:
            row = next(line for line in table.splitlines() if f"`{' '.join(words[:2])}" in line)
        missing += [f"{command} {spellings[-1]}" for spellings in _options(sub)
                    if not _names(spellings, row)]
    assert not missing, missing


def test_every_shipped_pack_is_named_and_the_pack_tools_are_linked():
    packs = _section("Program packs")
    ids = sorted(path.stem for path in (resources_dir() / "programs").glob("*.toml"))
    assert len(ids) >= 3
    for pack in ids:
        assert f"`{pack}`" in packs, pack
    for needed in ("pack check", "pack schema", "(docs/packs.md)"):
        assert needed in packs


def test_links_lead_to_files_and_anchors_to_sections():
    titles = {re.sub(r"[^\w\- ]", "", title).strip().lower().replace(" ", "-")
              for title in re.findall(r"^## (.+)$", README, re.MULTILINE)}
    for target in re.findall(r"\]\(([^)]+)\)", README):
        if target.startswith("http"):
            continue
        if target.startswith("#"):
            assert target[1:] in titles, target
        else:
            assert (ROOT / target).exists(), target


def test_from_source_comes_before_the_installers_and_says_what_it_writes():
    assert README.index("## Set up (from source)") < README.index("## Install the app")
    files = _section("Files beside a proposal")
    for name in (".pkp.bak", ".~lock.", "recovery", "export --final"):
        assert name in files, name
    assert "mutool" in _section("Set up (from source)")
    # Maintainers' matters live in CONTRIBUTING.md.
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "6.12.0" not in README and "6.12.0" in contributing
    assert "--quit-after-show" in contributing
