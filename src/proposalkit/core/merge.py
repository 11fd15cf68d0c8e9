"""Three-way merge of two copies of a proposal against their common ancestor.

Works on the proposal's JSON data (``Proposal.model_dump(mode="json")``), field by field:

- a field changed on one side only takes that side's value;
- a field changed on both sides to different values is a :class:`Conflict`;
- lists of records with an ``id`` (partners, budget lines, attachments) are merged record
  by record: a record added on either side is kept (added on both sides: both kept), one
  deleted on one side and unchanged on the other is deleted, one deleted on one side and
  changed on the other is a conflict;
- narrative sections changed on both sides are merged paragraph by paragraph, then word
  by word inside paragraphs both sides changed; overlapping edits are a conflict;
- budget figures (a line's or a partner's amounts per year) are one value each: changed
  on both sides, they conflict even when the years differ, and a figure taken from the
  other copy is listed as such (:attr:`MergeResult.taken`), never merged silently. They
  are compared as amounts: ``30000`` and ``30000.00`` are the same figure.

The text merge is a diff3 over :mod:`difflib`'s matching blocks (the standard library:
maintained with Python, no dependency in the bundle; the ``merge3`` package of Breezy
does the same but is GPL, the app is MIT). A CRDT (pycrdt, Automerge) was not used: it
resolves concurrent writes of one field by picking a side silently, which a funding
dossier cannot accept for an amount. No Qt.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

Path = tuple[str, ...]
ConflictKind = Literal["value", "text", "deleted", "figures"]
Side = Literal["ours", "theirs"]


class _Absent:
    """A field or record missing on one side (deleted or never there)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()
#: Fields whose values are figures per project year: budget amounts, and an indicator's
#: targets (a change on both sides is a conflict listed to the user, as an amount).
FIGURE_FIELDS = frozenset({"amounts", "cash", "in_kind", "targets"})
_TEXT_ROOT = "sections"


@dataclass(frozen=True)
class Conflict:
    """The same field (or record, or section passage) changed differently on both sides."""

    path: Path
    kind: ConflictKind
    base: object
    ours: object
    theirs: object

    @property
    def key(self) -> str:
        """The path as one string (how a resolution names this conflict)."""
        return path_key(self.path)


@dataclass(frozen=True)
class Change:
    """A field taken from the other copy (changed there only)."""

    path: Path
    base: object
    value: object

    @property
    def is_figure(self) -> bool:
        """True for budget figures (always listed to the user)."""
        return any(part in FIGURE_FIELDS for part in self.path)


@dataclass
class MergeResult:
    """The merged data (each conflict holds the preferred side, or its resolution), the
    conflicts left and what was taken from the other copy."""

    data: dict
    conflicts: list[Conflict] = field(default_factory=list)
    taken: list[Change] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """True when nothing conflicts."""
        return not self.conflicts


def path_key(path: Sequence[str]) -> str:
    """``("partners", "p1", "cash")`` as ``"partners/p1/cash"``."""
    return "/".join(path)


def merge(base: dict | None, ours: dict, theirs: dict, *,
          resolutions: Mapping[str, object] | None = None,
          prefer: Side = "ours") -> MergeResult:
    """Merge ``ours`` and ``theirs`` (JSON data of one proposal) against ``base``.

    ``base`` None: no common ancestor is known; everything that differs conflicts, and
    records present on one side only are kept. ``resolutions`` maps a
    :attr:`Conflict.key` to the value chosen for it (:data:`ABSENT` deletes a record);
    unresolved conflicts hold the ``prefer`` side's value.
    """
    merger = _Merger(dict(resolutions or {}), prefer)
    data = merger.value((), {} if base is None else base, ours, theirs)
    assert isinstance(data, dict)
    return MergeResult(data, merger.conflicts, merger.taken)


class _Merger:
    def __init__(self, resolutions: dict[str, object], prefer: Side) -> None:
        self.resolutions = resolutions
        self.prefer = prefer
        self.conflicts: list[Conflict] = []
        self.taken: list[Change] = []

    def value(self, path: Path, base: object, ours: object, theirs: object) -> object:
        same = _same_figures if _is_figure_path(path) else _equal
        if same(ours, theirs):
            return ours
        if same(base, ours):
            self.taken.extend(changes(base, theirs, path))
            return theirs
        if same(base, theirs):
            return ours
        if path == ("metadata", "modified") and isinstance(ours, str) and isinstance(theirs, str):
            return max(ours, theirs)  # bookkeeping: the later save
        if path == ("metadata", "app_version"):
            return ours
        key = path_key(path)
        if key in self.resolutions:
            return self.resolutions[key]
        if ABSENT in (ours, theirs):
            return self.conflict(path, "deleted", base, ours, theirs)
        if path and path[0] != _TEXT_ROOT and path[-1] in FIGURE_FIELDS:
            return self.conflict(path, "figures", base, ours, theirs)
        if isinstance(ours, dict) and isinstance(theirs, dict):
            return self.mapping(path, base if isinstance(base, dict) else {}, ours, theirs)
        if _records(ours) and _records(theirs):
            base_list = base if isinstance(base, list) and _records(base) else []
            return self.records(path, base_list, ours, theirs)  # type: ignore[arg-type]
        if len(path) == 2 and path[0] == _TEXT_ROOT and all(
                isinstance(v, str) for v in (base, ours, theirs)):
            text = merge_text(base, ours, theirs)  # type: ignore[arg-type]
            if text is not None:
                return text
            return self.conflict(path, "text", base, ours, theirs)
        if isinstance(ours, list) and isinstance(theirs, list) and isinstance(base, list):
            merged = merge_sequences(base, ours, theirs, _json_key)
            if merged is not None:
                return merged
        return self.conflict(path, "value", base, ours, theirs)

    def conflict(self, path: Path, kind: ConflictKind, base: object, ours: object,
                 theirs: object) -> object:
        self.conflicts.append(Conflict(path, kind, base, ours, theirs))
        return theirs if self.prefer == "theirs" else ours

    def mapping(self, path: Path, base: dict, ours: dict, theirs: dict) -> dict:
        result: dict = {}
        for key in list(ours) + [k for k in theirs if k not in ours]:
            merged = self.value(path + (str(key),), base.get(key, ABSENT),
                                ours.get(key, ABSENT), theirs.get(key, ABSENT))
            if merged is not ABSENT:
                result[key] = merged
        return result

    def records(self, path: Path, base: list[dict], ours: list[dict],
                theirs: list[dict]) -> list[dict]:
        by_base = {r["id"]: r for r in base}
        by_ours = {r["id"]: r for r in ours}
        by_theirs = {r["id"]: r for r in theirs}
        order = _record_order([r["id"] for r in base], [r["id"] for r in ours],
                              [r["id"] for r in theirs])
        result = []
        for record_id in order:
            merged = self.value(path + (record_id,), by_base.get(record_id, ABSENT),
                                by_ours.get(record_id, ABSENT),
                                by_theirs.get(record_id, ABSENT))
            if isinstance(merged, dict):
                result.append(merged)
        return result


def changes(before: object, after: object, path: Path = ()) -> list[Change]:
    """The fields that differ from ``before`` to ``after``, as fine as they go: into
    mappings key by key and into lists of records id by id (budget figures, texts and
    other lists are one field each)."""
    if before == after or (_is_figure_path(path) and _same_figures(before, after)):
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        found: list[Change] = []
        for key in list(before) + [k for k in after if k not in before]:
            found += changes(before.get(key, ABSENT), after.get(key, ABSENT), path + (str(key),))
        return found
    if _records(before) and _records(after):
        old = {r["id"]: r for r in before}  # type: ignore[attr-defined]
        new = {r["id"]: r for r in after}  # type: ignore[attr-defined]
        found = []
        for record_id in list(old) + [k for k in new if k not in old]:
            found += changes(old.get(record_id, ABSENT), new.get(record_id, ABSENT),
                             path + (record_id,))
        return found
    return [Change(path, before, after)]


def _is_figure_path(path: Path) -> bool:
    return bool(path) and path[0] != _TEXT_ROOT and path[-1] in FIGURE_FIELDS


def _equal(a: object, b: object) -> bool:
    return a == b


def _amount(value: object) -> object:
    """An amount as a number (``"30000"`` and ``"30000.00"`` are one amount); anything
    else as it is."""
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return number if number.is_finite() else value  # NaN is not equal to itself
    return value


def _same_figures(a: object, b: object) -> bool:
    """Budget figures compared as amounts, not as their writing; a year left out is 0
    no more than it is in the file, so lengths must agree."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_amount(x) == _amount(y)
                                        for x, y in zip(a, b, strict=True))
    return _amount(a) == _amount(b)


def _records(value: object) -> bool:
    """A list of records with distinct string ids (merged record by record)."""
    if not isinstance(value, list) or not all(
            isinstance(r, dict) and isinstance(r.get("id"), str) for r in value):
        return False
    return len({r["id"] for r in value}) == len(value)


def _record_order(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Our order, with the other copy's records (and those we deleted) placed after
    their predecessor there."""
    order = list(ours)
    ours_only = set(ours) - set(base) - set(theirs)
    for source in (theirs, base):
        for index, record_id in enumerate(source):
            if record_id in order:
                continue
            before = next((source[i] for i in range(index - 1, -1, -1) if source[i] in order),
                          None)
            position = order.index(before) + 1 if before is not None else 0
            while position < len(order) and order[position] in ours_only:
                position += 1  # both added after the same record: ours first
            order.insert(position, record_id)
    return order


def _json_key(value: object) -> Hashable:
    return json.dumps(value, sort_keys=True, default=str)


# --- sequences and text -----------------------------------------------------------------

def _sync_regions(base: Sequence, a: Sequence, b: Sequence, key=None) -> list[tuple[int, ...]]:
    """Regions where ``base`` matches both ``a`` and ``b`` (the diff3 sync points)."""
    keyed = (lambda s: [key(x) for x in s]) if key else list
    kb, ka, kbb = keyed(base), keyed(a), keyed(b)
    blocks_a = difflib.SequenceMatcher(None, kb, ka, autojunk=False).get_matching_blocks()
    blocks_b = difflib.SequenceMatcher(None, kb, kbb, autojunk=False).get_matching_blocks()
    regions: list[tuple[int, ...]] = []
    ia = ib = 0
    while ia < len(blocks_a) and ib < len(blocks_b):
        abase, amatch, alen = blocks_a[ia]
        bbase, bmatch, blen = blocks_b[ib]
        start, end = max(abase, bbase), min(abase + alen, bbase + blen)
        if start < end:
            asub, bsub = amatch + start - abase, bmatch + start - bbase
            regions.append((start, end, asub, asub + end - start, bsub, bsub + end - start))
        if abase + alen < bbase + blen:
            ia += 1
        else:
            ib += 1
    regions.append((len(base), len(base), len(a), len(a), len(b), len(b)))
    return regions


def diff3(base: Sequence, a: Sequence, b: Sequence, key=None) -> list[tuple]:
    """Chunks of a three-way merge: ``("same", items)`` or ``("conflict", base, a, b)``."""
    chunks: list[tuple] = []
    iz = ia = ib = 0
    for zmatch, zend, amatch, aend, bmatch, bend in _sync_regions(base, a, b, key):
        base_chunk, a_chunk, b_chunk = (list(base[iz:zmatch]), list(a[ia:amatch]),
                                        list(b[ib:bmatch]))
        k = key or (lambda x: x)
        same = [k(x) for x in a_chunk] == [k(x) for x in b_chunk]
        if same or [k(x) for x in a_chunk] == [k(x) for x in base_chunk]:
            chunks.append(("same", b_chunk))
        elif [k(x) for x in b_chunk] == [k(x) for x in base_chunk]:
            chunks.append(("same", a_chunk))
        else:
            chunks.append(("conflict", base_chunk, a_chunk, b_chunk))
        chunks.append(("same", list(a[amatch:aend])))
        iz, ia, ib = zend, aend, bend
    return chunks


def merge_sequences(base: Sequence, a: Sequence, b: Sequence, key=None) -> list | None:
    """The three-way merge of two lists, or None when their edits overlap."""
    result: list = []
    for chunk in diff3(base, a, b, key):
        if chunk[0] == "conflict":
            return None
        result.extend(chunk[1])
    return result


_PARAGRAPHS = re.compile(r"(\n[ \t]*\n\s*)")
_WORDS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def merge_text(base: str, ours: str, theirs: str) -> str | None:
    """Merge two edits of a narrative text: by paragraph, then by word inside the
    paragraphs both changed; None when edits overlap."""
    parts = [_PARAGRAPHS.split(t) for t in (base, ours, theirs)]
    result: list[str] = []
    for chunk in diff3(*parts):
        if chunk[0] == "same":
            result.extend(chunk[1])
            continue
        words = [_WORDS.findall("".join(side)) for side in chunk[1:]]
        merged = merge_sequences(*words)
        if merged is None:
            return None
        result.extend(merged)
    return "".join(result)


def words_changed(before: str, after: str) -> tuple[int, int]:
    """(words added, words removed) from ``before`` to ``after``."""
    a = re.findall(r"\w+", before)
    b = re.findall(r"\w+", after)
    added = removed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b,
                                                       autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return added, removed
