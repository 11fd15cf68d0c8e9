"""Check and complete the French catalog.

    python tools/i18n.py check     # list msgids without French, or with wrong {fields}
    python tools/i18n.py stub      # print .po entries to fill for the missing ones
    python tools/i18n.py typeset   # set the translations in French typography (no-break
                                   # spaces before « : ; ! ? », inside « »); after a merge too

Messages are found in the source with ``ast``: string arguments of ``gettext``,
``ngettext``, ``N_`` and ``_``, the first string argument of our ``*Error(...)`` calls,
and ``template = "..."`` class attributes of error classes.
"""

from __future__ import annotations

import ast
import builtins
import re
import sys
from pathlib import Path

from proposalkit.core.typography import typeset_fr

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "proposalkit"
CATALOG = ROOT / "resources" / "locale" / "fr" / "LC_MESSAGES" / "proposalkit.po"
# Error classes whose first argument is not a user message: Python's own (developer
# messages), pydantic's (pack authors see them with the file and field) and codes.
_NOT_MESSAGES = set(dir(builtins)) | {"AmountError", "PydanticCustomError"}
_FIELD = re.compile(r"(?<!\{)\{([a-zA-Z_][a-zA-Z0-9_]*)[^{}]*\}")


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _strings(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def extract(source: Path = SOURCE) -> dict[str, list[str]]:
    """msgid -> places (``file:line``) where it is used."""
    found: dict[str, list[str]] = {}

    def add(text: str | None, path: Path, line: int) -> None:
        if text:
            found.setdefault(text, []).append(f"{path.relative_to(ROOT)}:{line}")

    for path in sorted(source.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _name(node.func)
                if name in ("gettext", "N_", "_") and node.args:
                    add(_strings(node.args[0]), path, node.lineno)
                elif name == "ngettext" and len(node.args) >= 2:
                    add(_strings(node.args[0]), path, node.lineno)
                elif (name.endswith("Error") or name in ("ProgramNotFound",)) and (
                    name not in _NOT_MESSAGES
                ):
                    if node.args:
                        add(_strings(node.args[0]), path, node.lineno)
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if (
                        isinstance(item, ast.Assign)
                        and len(item.targets) == 1
                        and _name(item.targets[0]) == "template"
                    ):
                        add(_strings(item.value), path, item.lineno)
    return found


def plural_ids(source: Path = SOURCE) -> set[str]:
    """Singular msgids used with ngettext (they need a plural translation too)."""
    ids = set()
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) == "ngettext" and node.args:
                text = _strings(node.args[0])
                if text:
                    ids.add(text)
    return ids


def read_catalog(path: Path = CATALOG) -> tuple[dict[str, object], list[str]]:
    """msgid -> msgstr (a tuple for plurals), and the msgids that appear twice."""
    from babel.messages.pofile import read_po

    text = path.read_text(encoding="utf-8")
    ids = re.findall(r'^msgid "(.*)"$', text, flags=re.M)
    dupes = sorted({i for i in ids if i and ids.count(i) > 1})
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale="fr")
    entries: dict[str, object] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        entries[key] = message.string
    return entries, dupes


def stray_msgstrs(path: Path = CATALOG) -> list[int]:
    """Line numbers of ``msgstr`` lines that follow another entry's ``msgstr`` instead of
    a ``msgid``: Babel keeps the first and ignores them, msgfmt refuses the catalog."""
    stray: list[int] = []
    last = ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        keyword = line.split(" ", 1)[0]
        if keyword.startswith("msgstr"):
            if last == "msgstr" and keyword == "msgstr":
                stray.append(number)
            last = "msgstr"
        elif keyword in ("msgid", "msgid_plural", "msgctxt"):
            last = keyword
    return stray


def fields(text: str) -> set[str]:
    """The ``{name}`` fields of a format string."""
    return set(_FIELD.findall(text))


def problems() -> list[str]:
    """Everything wrong with the French catalog, one line each."""
    used = extract()
    entries, dupes = read_catalog()
    out = [f"duplicate msgid in catalog: {d!r}" for d in dupes]
    out += [f"catalog line {n}: a msgstr with no msgid before it (a merge's leftover?)"
            for n in stray_msgstrs()]
    for msgid, places in sorted(used.items()):
        translation = entries.get(msgid)
        if not translation or (isinstance(translation, tuple) and not all(translation)):
            out.append(f"missing French: {msgid!r} ({places[0]})")
            continue
        for text in translation if isinstance(translation, tuple) else (translation,):
            if fields(text) != fields(msgid):
                out.append(f"fields differ: {msgid!r} -> {text!r} ({places[0]})")
            if typeset_fr(text) != text:
                out.append(f"French typography (run `typeset`): {text!r} ({places[0]})")
    return out


_MSGSTR = re.compile(r'^(msgstr(?:\[\d\])? )((?:"(?:[^"\\]|\\.)*"\n?)+)', re.M)


def typeset_catalog(path: Path = CATALOG) -> int:
    """Set every French translation in French typography (no-break spaces before « : »,
    narrow ones before « ; ! ? » and inside « »); the number of entries changed. A
    translation that changes is rewritten on one line; the others keep their wrapping."""
    text = path.read_text(encoding="utf-8")
    changed = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        if text[:match.start()].endswith('msgid ""\n'):
            return match.group(0)  # the catalog's header
        lines = re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(2))
        value = "".join(lines)
        typeset = typeset_fr(value)
        if typeset == value:
            return match.group(0)
        changed += 1
        return f'{match.group(1)}"{typeset}"\n'

    new = _MSGSTR.sub(fix, text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return changed


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "check":
        found = problems()
        print("\n".join(found) or "catalog complete")
        return 1 if found else 0
    if command == "typeset":
        print(f"{typeset_catalog()} translations set in French typography")
        return 0
    if command == "stub":
        entries, _ = read_catalog()
        plurals = plural_ids()
        for msgid in sorted(set(extract()) - set(entries)):
            if msgid in plurals:
                print(f'msgid {_po_quote(msgid)}\nmsgid_plural ""\nmsgstr[0] ""\nmsgstr[1] ""\n')
            else:
                print(f'msgid {_po_quote(msgid)}\nmsgstr ""\n')
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
