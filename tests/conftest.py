"""Shared test set-up: Qt offscreen, and user folders kept inside the test's tmp dir."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI replays the same examples every run (a red CI must mean a change broke something);
# developers' runs stay random, to keep finding new cases.
# No deadline: on a loaded machine a first example's imports take longer than
# Hypothesis's 200 ms and the test fails as "flaky" (a timed assertion in disguise).
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's folders."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("PROPOSALKIT_STATE_DIR", str(base / "state"))
    monkeypatch.setenv("PROPOSALKIT_USER_PROGRAMS", str(base / "programs"))
    monkeypatch.setenv("PROPOSALKIT_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("PROPOSALKIT_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("PROPOSALKIT_CACHE_DIR", str(base / "cache"))
    yield base


@pytest.fixture(scope="session")
def catalog():
    """The bundled program packs."""
    from proposalkit.core.program import load_catalog
    from proposalkit.paths import resources_dir

    return load_catalog([resources_dir() / "programs"])


@pytest.fixture(scope="session")
def pri(catalog):
    """The regional hub pack."""
    return catalog.get("pri-2018")


@pytest.fixture
def example():
    """A fresh copy of the bundled example proposal."""
    from proposalkit.core.example import example_proposal

    return example_proposal()
