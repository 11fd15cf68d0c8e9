"""The start screen's program cards kept in the user's cache (core/pack_facts.py,
cache_files.py): read back as they were written, and ignored (never trusted, never a
crash) when the packs changed or the cache file is damaged."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime

import pytest

from proposalkit import cache_files
from proposalkit.core import pack_facts
from proposalkit.core.program import load_catalog
from proposalkit.paths import resources_dir


@pytest.fixture
def dirs(tmp_path):
    """A copy of the shipped packs, and an empty user folder."""
    shipped = tmp_path / "shipped"
    shutil.copytree(resources_dir() / "programs", shipped)
    return [shipped, tmp_path / "user"]


@pytest.fixture
def kept(dirs):
    """The cards of ``dirs``' packs, kept in the (per-test) cache folder."""
    catalog = load_catalog(dirs)
    assert pack_facts.remember(catalog, dirs)
    return catalog


def _cache_file():
    return cache_files.cache_path(pack_facts.CACHE_NAME)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_cards_come_back_as_they_were_made(kept, dirs, lang):
    cards = pack_facts.cached_cards(lang, dirs)
    assert cards == pack_facts.program_cards(kept, lang)
    assert [c.id for c in cards] == list(kept.programs)
    pri = next(c for c in cards if c.id == "pri-2018")
    assert pri.deadline == date(2018, 4, 30)
    assert ("Date limite" if lang == "fr" else "Deadline") in pri.facts


def test_a_closed_call_says_so_first():
    card = pack_facts.ProgramCard("x", "X", "Facts.", "Closed.", date(2018, 4, 30),
                                  datetime(2018, 5, 1, 4, 0, tzinfo=UTC).timestamp())
    assert card.text(date(2018, 4, 30)) == "Facts."
    assert card.text(date(2018, 5, 1)) == "Closed.\n\nFacts."
    assert card.is_closed()  # now


def test_the_call_closes_when_its_last_day_ends_in_its_time_zone(catalog):
    from proposalkit.i18n import translator

    card = pack_facts.card(catalog.get("pri-2018"), translator("en"))
    # 30 April 2018 ends at midnight in Montréal (EDT, UTC-4): 04:00 UTC on 1 May.
    assert card.closes_at == datetime(2018, 5, 1, 4, 0, tzinfo=UTC).timestamp()


def test_no_cache_no_cards(dirs):
    assert pack_facts.cached_cards("fr", dirs) is None


def test_a_pack_edited_added_or_removed_misses_the_cache(kept, dirs):
    pack = dirs[0] / "pri-2018.toml"
    original = pack.read_bytes()
    pack.write_bytes(original + b"\n# edited\n")
    assert pack_facts.cached_cards("fr", dirs) is None
    pack.write_bytes(original)
    assert pack_facts.cached_cards("fr", dirs) is not None
    dirs[1].mkdir()
    (dirs[1] / "mine.toml").write_bytes(original)
    assert pack_facts.cached_cards("fr", dirs) is None
    (dirs[1] / "mine.toml").unlink()
    assert pack_facts.cached_cards("fr", dirs) is not None
    (dirs[0] / "rnpri-2018.toml").unlink()
    assert pack_facts.cached_cards("fr", dirs) is None


def test_cards_of_other_packs_are_not_shown(kept, dirs, tmp_path):
    other = [tmp_path / "other", tmp_path / "none"]
    other[0].mkdir()
    shutil.copy(dirs[0] / "pri-2018.toml", other[0])
    assert pack_facts.cached_cards("fr", other) is None


def _entry() -> dict:
    return json.loads(_cache_file().read_text(encoding="utf-8"))


@pytest.mark.parametrize("damage", [
    b"",
    b"\x00\xff garbage",
    b'{"format": 1, "key": ',
    b"[" * 100_000 + b"]" * 100_000,
    b'"just a string"',
])
def test_a_damaged_cache_file_is_ignored(kept, dirs, damage):
    _cache_file().write_bytes(damage)
    assert pack_facts.cached_cards("fr", dirs) is None


def test_a_cache_file_too_large_is_not_read(kept, dirs):
    entry = _entry()
    entry["padding"] = "x" * cache_files.MAX_BYTES
    _cache_file().write_text(json.dumps(entry), encoding="utf-8")
    assert pack_facts.cached_cards("fr", dirs) is None


@pytest.mark.parametrize("change", [
    lambda data: data["fr"][0].pop("facts"),
    lambda data: data["fr"][0].update(name=42),
    lambda data: data["fr"][0].update(deadline="30 avril"),
    lambda data: data["fr"][0].update(deadline="2018-02-30"),
    lambda data: data["fr"][0].update(extra="field"),
    lambda data: data["fr"][0].update(id=""),
    lambda data: data["fr"][0].update(closes_at="tomorrow"),
    lambda data: data["fr"][0].update(closes_at=True),
    lambda data: data["fr"][0].update(facts="x" * (pack_facts.MAX_TEXT + 1)),
    lambda data: data["fr"].append(data["fr"][0]),  # the same program twice
    lambda data: data.update(fr=[]),
    lambda data: data.update(fr="cards"),
    lambda data: data.pop("fr"),
])
def test_cards_of_the_wrong_shape_are_ignored(kept, dirs, change):
    entry = _entry()
    change(entry["data"])
    _cache_file().write_text(json.dumps(entry), encoding="utf-8")
    assert pack_facts.cached_cards("fr", dirs) is None


@pytest.mark.parametrize("field,value", [("format", 0), ("key", "0" * 64)])
def test_another_format_or_key_is_ignored(kept, dirs, field, value):
    entry = _entry()
    entry[field] = value
    _cache_file().write_text(json.dumps(entry), encoding="utf-8")
    assert pack_facts.cached_cards("fr", dirs) is None


def test_a_cache_that_cannot_be_written_is_not_kept(dirs, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PROPOSALKIT_CACHE_DIR", str(blocker / "cache"))
    assert not pack_facts.remember(load_catalog(dirs), dirs)
    assert pack_facts.cached_cards("fr", dirs) is None


def test_the_write_replaces_the_file_whole(kept, dirs):
    folder = _cache_file().parent
    assert pack_facts.remember(kept, dirs)
    assert _cache_file().is_file()
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]  # no temporary


def test_the_french_catalog_is_kept_parsed_and_a_damaged_copy_is_reparsed():
    from proposalkit import i18n

    def fresh() -> dict[str, str]:
        i18n._messages.cache_clear()
        return i18n._messages("fr")

    parsed = i18n._parse_catalog(i18n.catalog_path("fr").read_bytes(), "fr")
    assert parsed["Findings"] and fresh() == parsed
    kept_file = cache_files.cache_path("messages-fr")
    assert kept_file.is_file()
    kept_file.write_text('{"format": 1, "key": "x", "data": {"Findings": "Faux"}}')
    assert fresh() == parsed
    entry = json.loads(kept_file.read_text(encoding="utf-8"))
    entry["data"]["Findings"] = ["not", "text"]
    kept_file.write_text(json.dumps(entry), encoding="utf-8")
    assert fresh() == parsed
    i18n._messages.cache_clear()


def test_the_key_changes_with_any_byte_and_with_how_the_parts_are_cut():
    key = cache_files.digest("pack", b"abc")
    assert key == cache_files.digest("pack", b"abc")
    assert key != cache_files.digest("pack", b"abd")
    assert key != cache_files.digest("pac", b"kabc")
    assert key != cache_files.digest("pack", b"abc", b"")
