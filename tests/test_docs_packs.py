"""docs/packs.md and docs/packs.fr.md: the French page has every example the English one
has, and every TOML example uses only fields the pack format knows (a field renamed in
the code and not in the docs fails here)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from proposalkit.core.pack_sources import PackSource
from proposalkit.core.program import AttachmentKind, PackChange, Section
from proposalkit.core.rules import RULE_CLASSES

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = {"en": DOCS / "packs.md", "fr": DOCS / "packs.fr.md"}
_BLOCK = re.compile(r"```toml\n(.*?)```", re.S)


def examples(lang: str) -> list[str]:
    return _BLOCK.findall(PAGES[lang].read_text(encoding="utf-8"))


def test_the_french_page_has_every_example():
    en, fr = examples("en"), examples("fr")
    assert len(en) == len(fr)
    for english, french in zip(en, fr, strict=True):
        # The same tables and fields in the same order (values and comments are translated).
        assert _shape(english) == _shape(french), (english, french)


def _shape(text: str) -> list[str]:
    lines = [line.split("#")[0].strip() for line in text.splitlines()]
    return [line.split("=")[0].strip() for line in lines
            if line and not line.startswith(('"', "…")) and ("=" in line or line.startswith("["))
            and not line.startswith(("id =", "code =", "title ="))]


_KINDS = {cls.model_fields["kind"].annotation.__args__[0]: cls  # type: ignore[union-attr]
          for cls in RULE_CLASSES}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_example_uses_known_fields(lang):
    for text in examples(lang):
        if text.lstrip().startswith(("format =", "[name]")):
            continue  # the file's head: checked whole by the shipped packs' tests
        data = tomllib.loads(text.replace("…", "x"))
        for rule in data.get("rules", []):
            if not isinstance(rule, dict):
                continue  # a history entry's list of codes, shown alone
            cls = _KINDS[rule["kind"]]
            unknown = set(rule) - set(cls.model_fields) - {"cases"}
            assert not unknown, (rule["code"], unknown)
            for case in rule.get("cases", []):
                case_cls = cls.model_fields["cases"].annotation.__args__[0]  # type: ignore[union-attr]
                assert not set(case) - set(case_cls.model_fields), (rule["code"], case)
        for name, model in (("sources", PackSource), ("sections", Section),
                            ("attachments", AttachmentKind), ("history", PackChange)):
            for entry in data.get(name, []):
                assert not set(entry) - set(model.model_fields), (name, entry)
        for entry in data.get("sources", []):
            PackSource.model_validate(entry)
