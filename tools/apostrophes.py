"""French text uses the typographic apostrophe (’), never the straight one (').

    python tools/apostrophes.py check   # list French strings with a straight apostrophe
    python tools/apostrophes.py fix     # replace them in place

French text lives in the catalog's ``msgstr``, the program packs' ``fr`` values, the
example's narrative sections and the example proposal. English text and code are left
alone. Run ``fix`` again after merging packs or catalog entries from elsewhere.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "resources" / "locale" / "fr" / "LC_MESSAGES" / "proposalkit.po"
PACKS = sorted((ROOT / "resources" / "programs").glob("*.toml"))
FRENCH_TOML = sorted((ROOT / "resources" / "examples").glob("*.toml"))
EXAMPLES = sorted((ROOT / "src" / "proposalkit" / "core").glob("example*.py"))
STRAIGHT, CURLY = "'", "\u2019"
#: A straight apostrophe between letters (``l'année``, ``d'{x}``): French elision.
_ELISION = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_]|\{)")


def _toml_strings(value: object, french: bool) -> Iterator[str]:
    if isinstance(value, str):
        if french:
            yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _toml_strings(item, french or key == "fr")
    elif isinstance(value, list):
        for item in value:
            yield from _toml_strings(item, french)


def _example_strings(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings):
            yield node.value


def _po_lines(text: str) -> Iterator[tuple[int, str]]:
    """Indexes and texts of the lines that belong to a ``msgstr``."""
    in_msgstr = False
    for number, line in enumerate(text.split("\n")):
        if line.startswith("msgstr"):
            in_msgstr = True
        elif not line.startswith('"'):
            in_msgstr = False
        if in_msgstr:
            yield number, line


def problems() -> list[str]:
    """Where French text still has a straight apostrophe (file: text)."""
    found = [f"{CATALOG.name}:{n + 1}: {line}" for n, line in
             _po_lines(CATALOG.read_text(encoding="utf-8")) if _ELISION.search(line)]
    for path in PACKS:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found += [f"{path.name}: {s}" for s in _toml_strings(data, False) if _ELISION.search(s)]
    for path in FRENCH_TOML:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found += [f"{path.name}: {s[:60]}" for s in _toml_strings(data, True)
                  if _ELISION.search(s)]
    found += [f"{path.name}: {s[:60]}" for path in EXAMPLES for s in _example_strings(path)
              if _ELISION.search(s)]
    return found


def _replace_strings(path: Path, strings: set[str]) -> None:
    text = path.read_text(encoding="utf-8")
    for value in sorted(strings, key=len, reverse=True):
        text = text.replace(value, _ELISION.sub(CURLY, value))
    path.write_text(text, encoding="utf-8")


def fix() -> None:
    """Replace every elision apostrophe of French text by the typographic one."""
    lines = CATALOG.read_text(encoding="utf-8").split("\n")
    for number, line in list(_po_lines("\n".join(lines))):
        lines[number] = _ELISION.sub(CURLY, line)
    CATALOG.write_text("\n".join(lines), encoding="utf-8")
    for path in PACKS:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        _replace_strings(path, {s for s in _toml_strings(data, False) if _ELISION.search(s)})
    for path in FRENCH_TOML:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        _replace_strings(path, {line for s in _toml_strings(data, True)
                                for line in s.split("\n") if _ELISION.search(line)})
    for path in EXAMPLES:
        _replace_strings(path, {s for s in _example_strings(path) if _ELISION.search(s)})


def main(argv: list[str]) -> int:
    """``check`` (exit 1 when something is found) or ``fix``."""
    if argv[1:] == ["fix"]:
        fix()
    left = problems()
    for item in left:
        print(item)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
