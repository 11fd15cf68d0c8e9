"""The bundled data is found, also from a non-editable install."""

from __future__ import annotations

from pathlib import Path

import pytest

import proposalkit
from proposalkit.paths import resources_dir, templates_dir

REPOSITORY_PACKAGE = Path(__file__).resolve().parent.parent / "src" / "proposalkit"


def test_resources_are_found():
    assert (resources_dir() / "programs" / "pri-2018.toml").is_file()
    assert (resources_dir() / "locale" / "fr" / "LC_MESSAGES" / "proposalkit.po").is_file()
    assert templates_dir().is_dir()


def test_installed_package_carries_its_data():
    # After a plain `pip install .` (the README's commands, CI) the package imported is a
    # copy outside the repository, and its data must come with it.
    package = Path(proposalkit.__file__).resolve().parent
    if package == REPOSITORY_PACKAGE:
        pytest.skip("editable install: the package imported is the repository's src/; "
                    "after `pip install .` this checks the installed copy")
    assert (package / "resources" / "programs" / "pri-2018.toml").is_file()
    assert resources_dir() == package / "resources"
    assert templates_dir() == package / "templates"
