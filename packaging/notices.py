"""The licences of everything the bundle ships, gathered into one folder at build time.

The spec calls :func:`write_notices`, which fills ``build/licences/`` (shipped as
``licences/`` inside the app): for each Python distribution proposalkit needs, directly or
not, the licence files from its metadata, and ``THIRD-PARTY.txt``, one line a component
with its version and licence. Qt and PySide6 are used under the LGPL 3: its text and the GPL 3
it extends are kept in ``packaging/licence-texts/`` and always shipped for them, whatever
licence files their wheels carry (the Windows wheels carry ``LicenseRef-Qt-Commercial.txt``,
the text of a commercial licence this build is not used under, which is never shipped). The
MPL 1.1 of the Hunspell library that chunspell's wheels contain is kept there too. The
fonts' and the spelling dictionaries' licences travel with them (``resources/fonts/``,
``resources/dictionaries/``).
"""

from __future__ import annotations

import re
import shutil
import sys
from importlib import metadata
from pathlib import Path

TEXTS = Path(__file__).resolve().parent / "licence-texts"
_LICENCE_FILE = re.compile(r"(^|/)(licen[cs]es?|copying|notice|authors)([/._-]|$)", re.IGNORECASE)

QT_NOTE = """\
Qt 6 and PySide6 are used under the GNU Lesser General Public License version 3
(LGPL-3.0.txt, with GPL-3.0.txt which it extends). They are dynamically linked: the Qt
libraries are separate files in the bundle and may be replaced by compatible builds of
your own. Their source code is published by The Qt Company (https://download.qt.io/).
"""

HUNSPELL_NOTE = (
    "the Hunspell library inside it is tri-licensed MPL 1.1 / GPL 2 / LGPL 2.1 and used "
    "under the MPL 1.1 (Hunspell-MPL-1.1.txt), unmodified; its source code is published "
    "at https://github.com/hunspell/hunspell"
)


# Qt's Python distributions: used under the LGPL 3 (see QT_NOTE), whatever else they carry.
QT_DISTRIBUTIONS = frozenset({"pyside6", "pyside6-essentials", "pyside6-addons", "shiboken6"})
# Licence texts that never ship: a commercial licence is not the one the bundle uses.
_NOT_OUR_LICENCE = re.compile(r"commercial", re.IGNORECASE)


def _key(name: str) -> str:
    """A distribution's normalized name (PEP 503): ``PySide6_Addons`` -> ``pyside6-addons``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def is_qt(dist: metadata.Distribution) -> bool:
    """Whether ``dist`` is one of Qt's, shipped under the LGPL 3."""
    return _key(dist.metadata["Name"]) in QT_DISTRIBUTIONS


def licence_files(dist: metadata.Distribution) -> list[Path]:
    """The licence files ``dist`` installed that the bundle ships (no commercial text)."""
    found = []
    for file in dist.files or []:
        text = str(file)
        if not _LICENCE_FILE.search(text) or text.endswith((".py", ".pyc")):
            continue
        if _NOT_OUR_LICENCE.search(Path(text).name):
            continue
        source = Path(str(file.locate()))
        if source.is_file():
            found.append(source)
    return found


def _name(requirement: str) -> str:
    return re.split(r"[\s;\[<>=!~(]", requirement, maxsplit=1)[0]


def _applies(requirement: str) -> bool:
    """Whether a requirement applies to this build (extras never do)."""
    if ";" not in requirement:
        return True
    marker = requirement.split(";", 1)[1]
    if "extra" in marker:
        return False
    try:
        from packaging.markers import Marker
    except ImportError:  # without packaging, err on the side of listing it
        return True
    return Marker(marker).evaluate()


def distributions(root: str = "proposalkit") -> list[metadata.Distribution]:
    """``root`` and every distribution it requires, directly or not, sorted by name."""
    seen: dict[str, metadata.Distribution] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        key = _key(name)
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        pending += [_name(r) for r in dist.requires or [] if _applies(r)]
    return [seen[k] for k in sorted(seen)]


def licence_of(dist: metadata.Distribution) -> str:
    """The licence a distribution declares (SPDX expression, else its classifier/field)."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    field = (meta.get("License") or "").strip().splitlines()
    if field and len(field[0]) < 80:
        return field[0]
    classifiers = [c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return ", ".join(classifiers) or "see the files"


def write_notices(target: Path, repo_root: Path,
                  dists: list[metadata.Distribution] | None = None) -> Path:
    """Fill ``target`` with the licence files and ``THIRD-PARTY.txt``; return ``target``.

    ``dists``: the distributions to list (default: proposalkit's, :func:`distributions`).
    """
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    lines = ["Components of this proposalkit build and their licences.", ""]
    own = repo_root / "LICENSE"
    if own.is_file():
        shutil.copy(own, target / "proposalkit-LICENSE.txt")
    for dist in distributions() if dists is None else dists:
        name, version = dist.metadata["Name"], dist.version
        licence = licence_of(dist)
        folder = target / f"{name}-{version}"
        for number, source in enumerate(licence_files(dist)):
            folder.mkdir(exist_ok=True)
            shutil.copy(source, folder / f"{number:02d}-{source.name}")
        if is_qt(dist):
            # Once for all the Qt wheels: the licence they are used under.
            for text in ("LGPL-3.0.txt", "GPL-3.0.txt"):
                shutil.copy(TEXTS / text, target / text)
            licence = "LGPL-3.0-only (LGPL-3.0.txt, with GPL-3.0.txt)"
        if name.lower() == "chunspell":
            # Its wheels hold the Hunspell library, whose licence file they leave out.
            shutil.copy(TEXTS / "MPL-1.1.txt", target / "Hunspell-MPL-1.1.txt")
            licence += f"; {HUNSPELL_NOTE}"
        lines.append(f"{name} {version}: {licence}")
    python = Path(sys.base_prefix)
    for candidate in (python / "LICENSE.txt",
                      python / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
                      / "LICENSE.txt"):
        if candidate.is_file():
            shutil.copy(candidate, target / "Python-LICENSE.txt")
            break
    lines.append(f"Python {sys.version.split()[0]}: PSF-2.0 (Python-LICENSE.txt)")
    lines += ["", QT_NOTE, "The fonts: SIL Open Font License 1.1 "
              "(proposalkit/resources/fonts/OFL.txt).",
              "The spelling dictionaries: French (Grammalecte) under MPL 2.0, Canadian "
              "English (SCOWL) under its own licence (proposalkit/resources/dictionaries/)."]
    (target / "THIRD-PARTY.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
