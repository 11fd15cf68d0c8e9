"""What the start screen says of each program pack (its name, deadline and caps), read
from a small cache so that the window paints before any pack is validated.

Loading the packs validates every rule with pydantic, which costs more than Qt itself
takes to show a window. The start screen only needs a few sentences per program: they are
made from the loaded catalog once (:func:`program_cards`) and kept in the user's cache
folder (:mod:`proposalkit.cache_files`), keyed by the bytes of every pack file and of the
French catalog and by the code that words them; the next start reads them
(:func:`cached_cards`) and the packs are loaded right after the first paint. Any change
(a pack installed or edited, another version of proposalkit, a damaged cache file) misses
the key, and the packs are loaded the full way before the window shows, as they were.

This module imports no pydantic and no rule: the cards are plain dataclasses, and the
modules that word them from a loaded pack are imported when that is done.
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from proposalkit import cache_files
from proposalkit.i18n import LANGS, N_, Translator, catalog_path, translator
from proposalkit.paths import pack_dirs

if TYPE_CHECKING:
    from proposalkit.core.program import Catalog, Program

#: The program the README, the guide and the example describe (offered first).
EXAMPLE_PROGRAM = "pri-2018"
#: The name of the cache file.
CACHE_NAME = "start-programs"
#: Bounds on what a cache file may hold (far above the shipped packs' needs).
MAX_PROGRAMS = 500
MAX_TEXT = 20_000
#: The modules whose code words the cards: a change to one remakes the cache.
_WORDING = ("core/pack_facts.py", "core/program.py", "core/money.py", "core/overview.py",
            "core/checks_budget.py", "core/dates.py")


@dataclass(frozen=True)
class ProgramCard:
    """One program as the start screen shows it, in one language."""

    id: str
    #: The program's name.
    name: str
    #: Summary, deadline, caps and share rules, one paragraph (see :func:`card`).
    facts: str
    #: What the screen says first once the call is closed.
    closed_notice: str
    #: The last day of the call, in the call's time zone.
    deadline: date
    #: When that day ends there (POSIX time): the call is closed from then on, as
    #: validation counts it (no time zone database is read before the first paint).
    closes_at: float

    def is_closed(self, today: date | None = None) -> bool:
        """Whether the call closed before ``today`` (by default, now)."""
        if today is None:
            return time.time() >= self.closes_at
        return (self.deadline - today).days < 0

    def text(self, today: date | None = None) -> str:
        """The paragraph the start screen shows; a closed call says so first."""
        return (self.closed_notice + "\n\n" if self.is_closed(today) else "") + self.facts


def card(program: Program, tr: Translator) -> ProgramCard:
    """The card of a loaded pack, worded in ``tr``'s language."""
    from zoneinfo import ZoneInfo

    from proposalkit.core.money import format_money, format_percent
    from proposalkit.core.overview import deadline as deadline_of
    from proposalkit.core.program import format_deadline

    caps = " / ".join(format_money(c, tr.lang) for c in program.caps.funder_per_year)
    facts = tr.gettext(
        "{summary}\n\nDeadline: {deadline}.\nCap per year: {caps}; over {years} years: "
        "{total}; share of {funder} at most {share} of the costs.").format(
        funder=program.funder_name(tr),
        summary=program.summary(tr), deadline=format_deadline(program, tr), caps=caps,
        years=program.years, total=format_money(program.caps.funder_total, tr.lang),
        share=format_percent(program.caps.funder_share_max, tr.lang, 0))
    facts += "".join("\n" + line for line in share_rule_lines(program, tr))
    last_day = program.deadline_local.date()
    day_after = last_day + timedelta(days=1)
    closed = deadline_of(program, day_after, tr).text
    closes_at = datetime(day_after.year, day_after.month, day_after.day,
                         tzinfo=ZoneInfo(program.timezone)).timestamp()
    return ProgramCard(program.id, program.name(tr), facts, closed, last_day, closes_at)


def share_rule_lines(program: Program, tr: Translator) -> list[str]:
    """The other share rules of the pack (stacking, minimum shares), one line each, with
    the limits of an applicant without a special case."""
    from proposalkit.core.checks_budget import _BASES
    from proposalkit.core.money import format_share

    lines = []
    for rule in program.share_rules:
        if rule is program.funder_share_rule:
            continue
        what = program.share_label(rule, tr)
        base = tr.gettext(_BASES[(rule.base, rule.in_kind_in_base)])
        for bound, value in (("max", rule.max), ("min", rule.min)):
            if value is None:
                continue
            template = (N_("{what}, at most {limit} of {base}") if bound == "max"
                        else N_("{what}, at least {limit} of {base}"))
            lines.append(tr.gettext(template).format(
                what=what, limit=format_share(0, value, tr.lang)[1], base=base) + ".")
    return lines


def program_cards(catalog: Catalog, lang: str) -> list[ProgramCard]:
    """The cards of every program of ``catalog``, in its order."""
    tr = translator(lang)
    return [card(program, tr) for program in catalog.programs.values()]


# -- the cache -----------------------------------------------------------------------------
def _wording_stamp() -> str:
    """The code that words the cards: each module's size and time (a frozen bundle has
    no sources; its executable stands for them)."""
    root = Path(__file__).resolve().parent.parent
    stamps = []
    for name in _WORDING:
        try:
            stat = (root / name).stat()
        except OSError:
            continue
        stamps.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    if len(stamps) < len(_WORDING):
        try:
            stat = Path(sys.executable).stat()
            stamps.append(f"{sys.executable}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            return ""
    return ";".join(stamps)


def packs_key(dirs: list[Path] | None = None) -> str | None:
    """The key of the packs in ``dirs`` (the catalog's folders by default) and of what
    words their cards; None when a file cannot be read (the full load says why)."""
    parts: list[bytes | str] = [_wording_stamp()]
    catalog_bytes = cache_files.read_input(catalog_path("fr"))
    if catalog_bytes is None:
        return None
    parts.append(catalog_bytes)
    for number, folder in enumerate(dirs if dirs is not None else pack_dirs()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            data = cache_files.read_input(path)
            if data is None:
                return None
            parts += [str(number), path.name, data]
    return cache_files.digest(*parts)


def remember(catalog: Catalog, dirs: list[Path] | None = None) -> bool:
    """Keep the cards of ``catalog`` (loaded from ``dirs``) in both languages for the
    next start; False when they could not be kept."""
    key = packs_key(dirs)
    if key is None:
        return False
    data = {lang: [_to_json(c) for c in program_cards(catalog, lang)] for lang in LANGS}
    return cache_files.write(CACHE_NAME, key, data)


def cached_cards(lang: str, dirs: list[Path] | None = None) -> list[ProgramCard] | None:
    """The cards kept for the packs as they are now; None when the cache is missing,
    damaged, or was made from other files (then load the catalog)."""
    key = packs_key(dirs)
    if key is None:
        return None
    data = cache_files.read(CACHE_NAME, key)
    if not isinstance(data, dict):
        return None
    items = data.get(lang)
    if not isinstance(items, list) or not 0 < len(items) <= MAX_PROGRAMS:
        return None
    cards = [_from_json(item) for item in items]
    if any(c is None for c in cards) or len({c.id for c in cards if c}) != len(cards):
        return None
    return [c for c in cards if c is not None]


def _to_json(program_card: ProgramCard) -> dict[str, str | float]:
    values = asdict(program_card)
    values["deadline"] = program_card.deadline.isoformat()
    return values


_TEXT_FIELDS = ("id", "name", "facts", "closed_notice")


def _from_json(item: object) -> ProgramCard | None:
    """A card read back from the cache; None unless every field is there and sound."""
    if not isinstance(item, dict) or set(item) != {*_TEXT_FIELDS, "deadline", "closes_at"}:
        return None
    closes_at = item["closes_at"]
    if (not isinstance(closes_at, int | float) or isinstance(closes_at, bool)
            or not math.isfinite(closes_at)):
        return None
    if not all(isinstance(item[f], str) and len(item[f]) <= MAX_TEXT for f in _TEXT_FIELDS):
        return None
    if not item["id"] or not isinstance(item["deadline"], str) or len(item["deadline"]) != 10:
        return None
    try:
        deadline = date.fromisoformat(item["deadline"])
    except ValueError:
        return None
    return ProgramCard(item["id"], item["name"], item["facts"], item["closed_notice"],
                       deadline, float(closes_at))
