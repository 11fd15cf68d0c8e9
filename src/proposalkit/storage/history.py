"""The proposal's history kept inside its file (``history.json``, format 2).

Every save records a *revision*: an id, its parent (the revision the proposal was opened
at) and, for a merge, the other side's revision. Two copies of one proposal made by a
shared drive or sent by e-mail therefore know their common ancestor, and the merge (see
:mod:`proposalkit.core.merge`) needs that ancestor's content: the last revisions keep a
*snapshot* of the proposal (its JSON data, without attachment bytes). *Named versions*
("Final export of 2 December", "Sent to the MRC") keep a snapshot too.

Everything is bounded so that a file stays small and a hostile file cannot make us
allocate without end: at most :data:`MAX_REVISIONS` revision entries, snapshots on the
last :data:`MAX_SNAPSHOTS` of them, :data:`MAX_VERSIONS` versions, and the whole history
at most :data:`HISTORY_BUDGET` bytes of JSON when saving (oldest revision snapshots are
dropped first, then the oldest versions; measured in the bytes actually written). No Qt.

Times come from files other programs may have written: each one is normalized on
reading, before any comparison or arithmetic (:func:`checked_time`), so that a time
without a zone or out of range cannot raise ``TypeError`` or ``OverflowError`` later,
whatever the local time zone.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from datetime import UTC, datetime, time
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from proposalkit.core.model import MAX_DATE, MIN_DATE
from proposalkit.errors import ProposalKitError
from proposalkit.i18n import N_
from proposalkit.storage.limits import (
    HISTORY_BUDGET,
    MAX_REVISIONS,
    MAX_SNAPSHOTS,
    MAX_VERSIONS,
)

#: The earliest and latest time a history holds (the proposal model's date range):
#: inside it, converting to any local zone stays within ``datetime``'s years 1..9999.
EARLIEST = datetime.combine(MIN_DATE, time(), UTC)
LATEST = datetime.combine(MAX_DATE, time(23, 59, 59), UTC)


def checked_time(value: datetime) -> datetime:
    """``value`` made safe for comparison and arithmetic: a time without a zone is read
    as UTC (what proposalkit writes), one outside :data:`EARLIEST`..:data:`LATEST` is
    brought to the nearest bound (a history's time is only shown and sorted on; refusing
    the whole file for it would lose the proposal)."""
    # The date alone first: converting 9999-12-31 -05:00 to UTC would itself overflow.
    if value.date() < MIN_DATE:
        return EARLIEST
    if value.date() > MAX_DATE:
        return LATEST
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=UTC)
    return min(max(value.astimezone(UTC), EARLIEST), LATEST)


Moment = Annotated[datetime, AfterValidator(checked_time)]

_ID = r"^[0-9a-z-]{1,40}$"
_SHORT = 300

VersionKind = Literal["manual", "export", "restore", "merge"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Revision(_Strict):
    """One save of the proposal."""

    id: str = Field(pattern=_ID)
    parent: str | None = Field(default=None, pattern=_ID)
    #: For a merge: the other copy's revision.
    merged: str | None = Field(default=None, pattern=_ID)
    saved_at: Moment | None = None
    app_version: str = Field(default="", max_length=40)
    #: The proposal at this revision (JSON data), when still kept.
    snapshot: dict | None = None


class Version(_Strict):
    """A named version: the proposal as it was at one moment, kept on purpose."""

    id: str = Field(pattern=_ID)
    name: str = Field(max_length=_SHORT)
    kind: VersionKind = "manual"
    created: Moment
    revision: str | None = Field(default=None, pattern=_ID)
    proposal: dict


class History(_Strict):
    """``history.json``: the proposal's identity, its revisions and its named versions."""

    #: Shared by every copy of one proposal (set at its first save).
    proposal_id: str | None = Field(default=None, pattern=_ID)
    #: The revision of ``proposal.json`` (None: never saved in format 2).
    head: str | None = Field(default=None, pattern=_ID)
    #: The secret partner forms are signed with (format 3; see
    #: :func:`proposalkit.core.partner_form.form_check`): only the lead's file holds it,
    #: so a form whose hidden proposal or partner id was edited is refused.
    form_key: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    revisions: list[Revision] = Field(default_factory=list, max_length=MAX_REVISIONS)
    versions: list[Version] = Field(default_factory=list, max_length=MAX_VERSIONS)

    def revision(self, revision_id: str | None) -> Revision | None:
        """The entry of this revision, if kept."""
        return next((r for r in self.revisions if r.id == revision_id), None)

    def ancestry(self, revision_id: str | None) -> list[str]:
        """``revision_id`` and its ancestors (first parents), nearest first."""
        seen: list[str] = []
        by_id = {r.id: r for r in self.revisions}
        current = revision_id
        while current is not None and current not in seen:
            seen.append(current)
            entry = by_id.get(current)
            current = entry.parent if entry else None
        return seen

    def all_ancestors(self, revision_id: str | None) -> set[str]:
        """Every revision reachable from ``revision_id`` through parents and merges."""
        by_id = {r.id: r for r in self.revisions}
        found: set[str] = set()
        stack = [revision_id] if revision_id else []
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.add(current)
            entry = by_id.get(current)
            if entry is not None:
                stack.extend(p for p in (entry.parent, entry.merged) if p)
        return found


class HistoryError(ValueError):
    """``history.json`` does not have the expected shape."""


def new_id() -> str:
    """A random revision, version or proposal id."""
    return uuid.uuid4().hex


def content_id(data: object, prefix: str = "r") -> str:
    """A deterministic id of JSON ``data`` (copies of one old file agree on it)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=str)
    return prefix + "-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def copy_history(history: History) -> History:
    """A copy whose entries can be changed without touching ``history``. Snapshots are
    shared, not copied: they are never changed in place (only replaced), and copying
    25 proposals at every save would cost more than the save itself."""
    return History(proposal_id=history.proposal_id, head=history.head,
                   form_key=history.form_key,
                   revisions=[r.model_copy() for r in history.revisions],
                   versions=list(history.versions))


def parse_history(data: object) -> History:
    """Validate ``history.json``'s data; :class:`HistoryError` when it is not a history.

    Lone surrogates (``"\\udfff"`` in JSON) become U+FFFD, in names and snapshots alike,
    as in the proposal: whatever is read can be saved again."""
    from proposalkit.core.model import _clean_tree

    try:
        return History.model_validate(_clean_tree(data))
    except ValidationError as exc:
        raise HistoryError(str(exc.errors()[0].get("msg", ""))) from None


def history_json(history: History) -> bytes:
    """The bytes of ``history.json``."""
    return history.model_dump_json(exclude_none=False).encode("utf-8")


def _now() -> datetime:
    # Bounded like the times read (a clock far off must not write what we'd refuse).
    return checked_time(datetime.now(UTC).replace(microsecond=0))


def advance(history: History, saved: dict | None, current: dict, *,
            merged: str | None = None, app_version: str = "",
            extra_snapshots: dict[str, dict] | None = None) -> History:
    """The history after saving ``current`` (the proposal's JSON data).

    ``saved`` is the content of the head revision (what was read or last saved); it
    becomes the head's snapshot. Saving unchanged content keeps the head (no empty
    revisions), unless this is a merge. ``extra_snapshots`` adds the content of other
    revisions (the other copy's head, in a merge). The result is bounded (:func:`prune`).
    """
    result = copy_history(history)
    if result.proposal_id is None:
        result.proposal_id = new_id()
    if result.form_key is None:
        result.form_key = secrets.token_hex(32)
    if result.head is not None and merged is None and saved == current:
        return result
    head = result.revision(result.head)
    if head is not None and saved is not None:
        head.snapshot = saved
    for revision_id, snapshot in (extra_snapshots or {}).items():
        entry = result.revision(revision_id)
        if entry is not None and entry.snapshot is None:
            entry.snapshot = snapshot
    entry = Revision(id=new_id(), parent=result.head, merged=merged, saved_at=_now(),
                     app_version=app_version[:40])
    result.revisions.append(entry)
    result.head = entry.id
    return prune(result)


def _json_size(data: object) -> int:
    # The bytes pydantic writes for a snapshot: compact, UTF-8.
    return len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _drop_oldest(history: History) -> bool:
    """Drop the oldest revision snapshot, else the oldest version; False when neither."""
    entry = next((r for r in history.revisions if r.snapshot is not None), None)
    if entry is not None:
        entry.snapshot = None
        return True
    if history.versions:
        history.versions.pop(0)
        return True
    return False


def prune(history: History, budget: int = HISTORY_BUDGET) -> History:
    """Bound ``history`` in place: entries, snapshots, versions and bytes; returns it.

    The bytes are those :func:`history_json` writes: estimated per snapshot, then
    measured, so that the history written never passes ``budget`` (and so never the
    reader's :data:`~proposalkit.storage.limits.MAX_HISTORY_JSON`)."""
    if len(history.revisions) > MAX_REVISIONS:
        del history.revisions[:len(history.revisions) - MAX_REVISIONS]
    with_snapshots = [r for r in history.revisions if r.snapshot is not None]
    for entry in with_snapshots[:max(0, len(with_snapshots) - MAX_SNAPSHOTS)]:
        entry.snapshot = None
    if len(history.versions) > MAX_VERSIONS:
        del history.versions[:len(history.versions) - MAX_VERSIONS]
    size = len(history_json(history))
    if size <= budget:
        return history
    for entry in history.revisions:
        if size <= budget:
            break
        if entry.snapshot is not None:
            size -= _json_size(entry.snapshot)
            entry.snapshot = None
    while size > budget and history.versions:
        size -= _json_size(history.versions.pop(0).proposal)
    while len(history_json(history)) > budget and _drop_oldest(history):
        pass
    return history


def merge_histories(ours: History, theirs: History) -> History:
    """Our history with the other copy's revisions and versions added (by id)."""
    result = copy_history(ours)
    result.form_key = ours.form_key or theirs.form_key
    known = {r.id: r for r in result.revisions}
    for entry in theirs.revisions:
        mine = known.get(entry.id)
        if mine is None:
            result.revisions.append(entry.model_copy())
        elif mine.snapshot is None and entry.snapshot is not None:
            mine.snapshot = entry.snapshot
    far = datetime.min.replace(tzinfo=UTC)
    result.revisions.sort(key=lambda r: r.saved_at or far)
    have = {v.id for v in result.versions}
    result.versions.extend(v for v in theirs.versions if v.id not in have)
    result.versions.sort(key=lambda v: v.created)
    return prune(result)


class VersionNameTaken(ProposalKitError):
    """A version of that name is already kept (``diff --from NAME`` must find one)."""

    template = N_("A version named {name} is already kept in this proposal; choose "
                  "another name.")


def version_named(history: History, name: str) -> Version | None:
    """The version called ``name`` (spaces around and letter case aside), if kept."""
    wanted = name.strip()[:_SHORT].casefold()
    return next((v for v in history.versions if v.name.casefold() == wanted), None)


def unique_version_name(history: History, name: str) -> str:
    """``name``, or ``name (2)``, ``name (3)``… when it is taken."""
    base = name.strip()[:_SHORT - 8]
    candidate, number = name.strip()[:_SHORT], 2
    while version_named(history, candidate) is not None:
        candidate, number = f"{base} ({number})", number + 1
    return candidate


def add_version(history: History, name: str, proposal: dict, *,
                kind: VersionKind = "manual") -> Version:
    """Keep ``proposal`` as a named version (bounded by :func:`prune`); returns it.

    A name chosen by the user (``manual``) that is already kept is refused with
    :class:`VersionNameTaken`; the names the app gives (a final export, a restore, a
    merge) get a number instead: two exports on one day are both kept."""
    if kind == "manual" and version_named(history, name) is not None:
        raise VersionNameTaken(name=name.strip())
    version = Version(id=new_id(), name=unique_version_name(history, name), kind=kind,
                      created=_now(), revision=history.head, proposal=proposal)
    history.versions.append(version)
    prune(history)
    return version


def common_ancestor(ours: History, theirs: History,
                    known: dict[str, dict] | None = None) -> tuple[str, dict] | None:
    """The nearest revision both histories descend from whose content is known, as
    (revision id, snapshot), or None.

    Nearest: the first of our ancestors (nearest first, breadth over parents and merges)
    that the other copy also descends from and whose content is in ``known`` (the heads'
    content: a head keeps no snapshot, it is ``proposal.json``) or a snapshot.
    """
    known = known or {}
    theirs_all = theirs.all_ancestors(theirs.head)
    order: list[str] = []
    frontier = [ours.head] if ours.head else []
    while frontier:
        following: list[str] = []
        for current in frontier:
            if current in order:
                continue
            order.append(current)
            entry = ours.revision(current) or theirs.revision(current)
            if entry is not None:
                following.extend(p for p in (entry.parent, entry.merged) if p)
        frontier = following
    for candidate in order:
        if candidate not in theirs_all:
            continue
        if candidate in known:
            return candidate, known[candidate]
        for source in (ours.revision(candidate), theirs.revision(candidate)):
            if source is not None and source.snapshot is not None:
                return candidate, source.snapshot
    return None
