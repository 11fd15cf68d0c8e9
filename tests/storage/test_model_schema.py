"""A change of the proposal model is a change of the file: it bumps FORMAT_VERSION (with a
migration step), or the previous release would call a new file "damaged" (the model
forbids unknown keys) instead of "made by a newer version"."""

from __future__ import annotations

import json

from tools.model_schema import GOLDEN, current

from proposalkit.storage.migrations import STEPS
from proposalkit.storage.schema import FORMAT_VERSION

REGENERATE = "python tools/model_schema.py write"


def test_the_model_matches_the_golden_of_its_format_version():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    now = current()
    if now["schema"] != golden["schema"]:
        assert FORMAT_VERSION != golden["format_version"], (
            f"the proposal model changed but FORMAT_VERSION is still {FORMAT_VERSION}: "
            "bump it, add a migration step (storage/migrations.py) and a fixture, then "
            f"run `{REGENERATE}`")
        raise AssertionError(f"FORMAT_VERSION is {FORMAT_VERSION}, the golden is of "
                             f"{golden['format_version']}: run `{REGENERATE}`")
    assert golden["format_version"] == FORMAT_VERSION, (
        f"FORMAT_VERSION changed without a change of the model's schema: run `{REGENERATE}`")


def test_every_past_version_has_its_migration_step():
    assert sorted(STEPS) == list(range(FORMAT_VERSION))
