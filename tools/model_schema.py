"""The golden of the proposal model's JSON schema, tied to the file's format version.

    python tools/model_schema.py check   # does the model still match the golden?
    python tools/model_schema.py write   # regenerate the golden (after a format bump)

``tests/reference/model-schema.json`` holds ``FORMAT_VERSION`` and the schema pydantic
gives for :class:`~proposalkit.core.model.Proposal`. A change of the model changes the
schema; ``tests/storage/test_model_schema.py`` then fails until the format version is
bumped with a migration step (see :mod:`proposalkit.storage.migrations`) and the golden
written again. Branches that each bump the version: merge, renumber, then ``write`` once.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "reference" / "model-schema.json"


def current() -> dict:
    """The format version and the model's JSON schema (as the file stores values)."""
    from proposalkit.core.model import Proposal
    from proposalkit.storage.schema import FORMAT_VERSION

    return {"format_version": FORMAT_VERSION,
            "schema": Proposal.model_json_schema(mode="serialization")}


def text(data: dict) -> str:
    """The golden's text: sorted keys, one stable layout."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    """``check`` (exit 1 when the golden differs) or ``write``."""
    command = argv[0] if argv else "check"
    if command == "write":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text(current()), encoding="utf-8")
        print(f"wrote {GOLDEN.relative_to(ROOT)}")
        return 0
    if command == "check":
        same = GOLDEN.exists() and json.loads(GOLDEN.read_text(encoding="utf-8")) == current()
        print("the model matches the golden" if same else "the model differs from the golden")
        return 0 if same else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
