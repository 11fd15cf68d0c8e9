"""The bundled data is found, also from a non-editable install."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import proposalkit
from proposalkit.paths import resources_dir, templates_dir


def test_resources_are_found():
    assert (resources_dir() / "programs" / "pri-2018.toml").is_file()
    assert (resources_dir() / "locale" / "fr" / "LC_MESSAGES" / "proposalkit.po").is_file()
    assert templates_dir().is_dir()


def test_installed_package_carries_its_data():
    # CI sets this after a plain `pip install .`: the data must come from the package.
    if os.environ.get("PROPOSALKIT_EXPECT_INSTALLED") != "1":
        pytest.skip("only meaningful after a non-editable install (CI sets the variable)")
    package = Path(proposalkit.__file__).resolve().parent
    assert "site-packages" in str(package)
    assert resources_dir() == package / "resources"
    assert templates_dir() == package / "templates"
