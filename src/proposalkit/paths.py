"""Where the bundled data (program packs, fonts, catalogs, templates) and the user's
folders are.

The data folders sit at the top of the repository; a wheel carries them inside the
package (see pyproject's force-include), and a frozen bundle beside the executable.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

import platformdirs

APP_NAME = "proposalkit"
APP_AUTHOR = "proposalkit"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    candidates = [_PACKAGE_DIR / name]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "proposalkit" / name)
    # Source tree or editable install: src/proposalkit -> repository root.
    candidates.append(_PACKAGE_DIR.parent.parent / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"proposalkit data folder {name!r} not found in {candidates}")


@cache
def resources_dir() -> Path:
    """The bundled ``resources`` folder."""
    return _data_dir("resources")


@cache
def templates_dir() -> Path:
    """The bundled ``templates`` folder."""
    return _data_dir("templates")


def user_programs_dir() -> Path:
    """Folder where a user may drop extra program packs (``*.toml``)."""
    override = os.environ.get("PROPOSALKIT_USER_PROGRAMS")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "programs"


def pack_dirs() -> list[Path]:
    """Folders searched for program packs: the bundled one, then the user's."""
    return [resources_dir() / "programs", user_programs_dir()]


def user_data_dir() -> Path:
    """Per-user data folder (the user's spelling words)."""
    override = os.environ.get("PROPOSALKIT_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_cache_dir() -> Path:
    """Per-user cache folder (facts derived from bundled files, remade when missing)."""
    override = os.environ.get("PROPOSALKIT_CACHE_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def user_state_dir() -> Path:
    """Per-user state folder (recoveries, locks' bookkeeping)."""
    override = os.environ.get("PROPOSALKIT_STATE_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_state_dir(APP_NAME, APP_AUTHOR))
