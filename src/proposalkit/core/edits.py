"""The edit language: typed operations on a proposal, each with its inverse (no Qt).

Every change the GUI makes (a keystroke, a cell, a line added, a merge, a restored
version, an imported partner form) is one of these operations. An operation is a small
frozen value; :meth:`Edit.apply` checks it against the model *before* changing anything
(a refused edit raises :class:`Refused` and leaves the proposal as it was), makes the
change, and returns the operation that undoes it and a :class:`Changes` record saying
what kind of thing changed. Undo is applying the inverse; redo is applying the inverse's
inverse. Nothing is validated twice: a model attribute is assigned once through
pydantic's validating assignment (which is atomic); an item of a list or a dict is
validated once with the type the model declares for it, then stored.

* :class:`SetField` — one value at a location (a field, a section's text, a whole line,
  a whole list or part replaced at once).
* :class:`SetAmount` — one year's amount of one budget line (the rest of its amounts
  are not copied around).
* :class:`InsertLine`, :class:`RemoveLine`, :class:`MoveLine` — the lines of a list.
* :class:`Composite` — several operations as one (merge, restore, import, a paste);
  if one is refused, those before it are undone: nothing is half applied.

:func:`replace_content` gives the composite that turns one proposal's content into
another's, part by part (what merge, version restore and partner import apply).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from pydantic import BaseModel, TypeAdapter, ValidationError

from proposalkit.core.locations import Area, Location, Where, get_at
from proposalkit.core.model import Proposal, _child_type, _unwrapped

ZERO = Decimal(0)
#: ``Changes.sections`` when the whole dict of sections was replaced.
ALL_SECTIONS = "*"
_BUDGET_AREAS = frozenset({Area.BUDGET, Area.EXPENSES, Area.REVENUES})


class Refused(Exception):
    """The model refuses an edit; nothing was changed.

    ``location`` is where the refused value is (from the proposal's root), ``error`` the
    model's own :class:`ValidationError` (its messages are described by
    :func:`proposalkit.core.model.describe_validation_error`).
    """

    def __init__(self, location: Location, error: ValidationError) -> None:
        super().__init__(str(error))
        self.location = tuple(location)
        self.error = error


# -- what changed -----------------------------------------------------------------------


@dataclass(frozen=True)
class Changes:
    """What an edit changed, by kind (in the spirit of Anki's ``OpChanges``).

    ``values`` are the places whose value changed in place (a field, a cell, a line's
    field); ``lists`` are lists whose lines were added, removed, moved or replaced as a
    whole. Views ask the questions below and never compare location tuples themselves.
    """

    values: frozenset[Where] = frozenset()
    lists: frozenset[Where] = frozenset()

    @classmethod
    def at(cls, location: Location, structural: bool = False) -> Changes:
        """A change of the value at ``location`` (``structural``: of the list there)."""
        where = frozenset({Where(location)})
        return cls(lists=where) if structural else cls(values=where)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.values | other.values, self.lists | other.lists)

    def __bool__(self) -> bool:
        return bool(self.values or self.lists)

    @property
    def places(self) -> frozenset[Where]:
        """Every place that changed, values and lists."""
        return self.values | self.lists

    def _any(self, areas: frozenset[Area], places: Iterable[Where] | None = None) -> bool:
        return any(w.area in areas or not w for w in (self.places if places is None
                                                      else places))

    @property
    def budget(self) -> bool:
        """Anything in the budget changed (an amount, a line, the start date)."""
        return self._any(_BUDGET_AREAS)

    @property
    def budget_values(self) -> bool:
        """Values in the budget changed without lines coming or going."""
        return self._any(_BUDGET_AREAS, self.values)

    @property
    def budget_structure(self) -> bool:
        """Budget lines were added, removed or moved, or a whole part was replaced."""
        return any(w.area in _BUDGET_AREAS and len(w) <= 2 or not w for w in self.places)

    @property
    def partners(self) -> bool:
        """The partners (or one of them) changed."""
        return self._any(frozenset({Area.PARTNERS, Area.PARTNER_LETTER}))

    @property
    def sections(self) -> frozenset[str]:
        """The narrative sections whose text changed (``ALL_SECTIONS`` for all)."""
        names = set()
        for where in self.places:
            if where.area == Area.SECTION or not where:
                names.add(where.section or ALL_SECTIONS)
        return frozenset(names)

    def section(self, name: str) -> bool:
        """Whether the section ``name`` changed."""
        sections = self.sections
        return name in sections or ALL_SECTIONS in sections

    @property
    def attachments(self) -> bool:
        """The list of attachments changed."""
        return self._any(frozenset({Area.ATTACHMENTS}))

    @property
    def activities(self) -> bool:
        """The action plan (an activity, or the list) changed."""
        return self._any(frozenset({Area.ACTIVITIES}))

    @property
    def indicators(self) -> bool:
        """The indicators (one, or the list) changed."""
        return self._any(frozenset({Area.INDICATORS}))

    @property
    def applicant(self) -> bool:
        """The applicant (name, address, contact, attestation) changed."""
        return self._any(frozenset({Area.APPLICANT}))

    @property
    def metadata(self) -> bool:
        """The project's own data changed (title, times)."""
        return self._any(frozenset({Area.PROJECT}))

    def touches(self, location: Location) -> bool:
        """Whether what is shown at ``location`` may have changed."""
        return any(w.overlaps(location) for w in self.places)

    def rows_in(self, container: Location) -> frozenset[int] | None:
        """For a view of the list at ``container``: the indexes of the lines whose values
        changed, or ``None`` when its lines themselves changed (the view resets)."""
        rows: set[int] = set()
        for where in self.places:
            if not where.overlaps(container):
                continue
            if len(where) <= len(container):
                return None  # the list, or what holds it, was replaced or restructured
            index = where[len(container)]
            if where in self.lists or not isinstance(index, int):
                return None
            rows.add(index)
        return frozenset(rows)


NOTHING = Changes()


# -- operations -------------------------------------------------------------------------


class Edit(Protocol):
    """An operation on a proposal."""

    def apply(self, proposal: Proposal) -> tuple[Edit, Changes]:
        """Make the change (or raise :class:`Refused`, changing nothing); return the
        operation that undoes it and what changed."""
        ...  # pragma: no cover - a protocol


@functools.lru_cache(maxsize=256)
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _item_type(proposal: Proposal, location: Location) -> object:
    # The declared type of a list item or dict value at ``location``, read from the
    # innermost model field on the way (``sections: dict[str, Narrative]`` gives Narrative).
    model: BaseModel = proposal
    at = 0
    obj: object = proposal
    for index, part in enumerate(location[:-1]):
        obj = get_at(obj, (part,))
        if isinstance(obj, BaseModel):
            model, at = obj, index + 1
    annotation: object = type(model)
    for part in location[at:]:
        annotation = _child_type(_unwrapped(annotation)[0], part)
        if annotation is None:
            raise TypeError(f"no type at {location!r}")
    return annotation


def _store(proposal: Proposal, location: Location, value: object) -> object:
    """Validate ``value`` for ``location`` once and store it; the old value is returned.
    Raises :class:`Refused` (nothing changed) when the model refuses it."""
    if not location:
        raise ValueError("an empty location names the whole proposal")
    parent = get_at(proposal, location[:-1])
    last = location[-1]
    if isinstance(parent, BaseModel) and isinstance(last, str):
        old = getattr(parent, last)
        try:
            setattr(parent, last, value)  # pydantic validates and assigns, or raises
        except ValidationError as exc:
            inner = tuple(exc.errors(include_url=False, include_input=False)[0]["loc"])
            raise Refused(location[:-1] + (inner or (last,)), exc) from None
        return old
    if isinstance(parent, (dict, list)):
        try:
            checked = _adapter(_item_type(proposal, location)).validate_python(value)
        except ValidationError as exc:
            inner = tuple(exc.errors(include_url=False, include_input=False)[0]["loc"])
            raise Refused(tuple(location) + inner, exc) from None
        old = parent.get(last) if isinstance(parent, dict) else parent[last]  # type: ignore[index]
        parent[last] = checked  # type: ignore[index]
        return old
    raise TypeError(f"cannot set {last!r} on {type(parent).__name__}")


@dataclass(frozen=True)
class SetField:
    """Set the value at ``location`` (a field, a section's text, one line, a whole list)."""

    location: Location
    value: object

    def apply(self, proposal: Proposal) -> tuple[Edit, Changes]:  # noqa: D102
        parent = get_at(proposal, self.location[:-1])
        last = self.location[-1]
        missing = isinstance(parent, dict) and last not in parent
        old = _store(proposal, self.location, self.value)
        inverse: Edit = _RemoveKey(self.location) if missing else SetField(self.location, old)
        # A list replaced whole (lines added, pasted, reordered) changes the rows shown,
        # and so does a new key in a dict; a line's figures per year (its amounts, an
        # indicator's targets) are values of that line: its row is repainted, the table
        # is not rebuilt under an editor the user has open.
        structural = missing or (isinstance(self.value, list)
                                 and not _is_amounts(self.location)
                                 and self.location[-1] not in LINE_FIGURES)
        return inverse, Changes.at(self.location, structural)


#: The fields holding a line's figures, one amount per project year.
FIGURES = frozenset({"amounts", "cash", "in_kind"})
#: A line's figures per project year: its amounts, or an indicator's targets.
LINE_FIGURES = FIGURES | {"targets"}


def _is_amounts(location: Location) -> bool:
    # ("budget", "expenses", 2, "amounts"), ("partners", 0, "cash"): one line's figures,
    # values of that line, not a list of lines.
    return len(location) >= 3 and location[-1] in FIGURES and isinstance(location[-2], int)


@dataclass(frozen=True)
class _RemoveKey:
    """Remove a key a :class:`SetField` added to a dict (its inverse)."""

    location: Location

    def apply(self, proposal: Proposal) -> tuple[Edit, Changes]:
        parent = get_at(proposal, self.location[:-1])
        assert isinstance(parent, dict)
        old = parent.pop(self.location[-1])
        return SetField(self.location, old), Changes.at(self.location, structural=True)


@dataclass(frozen=True)
class SetAmount:
    """Set one year's amount of one budget line: ``line`` is the line's location
    (``("budget", "expenses", 2)``), ``year`` the 0-based project year. A list shorter
    than ``years`` (a draft) is padded with zeros first."""

    line: Location
    year: int
    amount: Decimal
    years: int = 0
    name: str = "amounts"

    def apply(self, proposal: Proposal) -> tuple[Edit, Changes]:  # noqa: D102
        target = get_at(proposal, self.line)
        old: list[Decimal] = getattr(target, self.name)
        values = list(old)
        values += [ZERO] * (max(self.years, self.year + 1) - len(values))
        values[self.year] = self.amount
        location = (*self.line, self.name)
        try:
            setattr(target, self.name, values)  # one validation of the line's figures
        except ValidationError as exc:
            raise Refused((*location, self.year), exc) from None
        if len(values) == len(old):
            inverse: Edit = SetAmount(self.line, self.year, old[self.year], 0, self.name)
        else:
            inverse = SetField(location, old)
        return inverse, Changes.at((*location, self.year))


@dataclass(frozen=True)
class InsertLine:
    """Insert ``line`` at ``index`` of the list at ``location`` (-1: at the end)."""

    location: Location
    index: int
    line: object

    def apply(self, proposal: Proposal) -> tuple[Edit, Changes]:  # noqa: D102
        lines = list(get_at(proposal, self.location))  # type: ignore[call-overload]
        index = len(lines) if self.index < 0 else self.index
        lines.insert(index, self.line)
        _store(proposal, self.location, lines)
        return RemoveLine(self.location, index), Changes.at(self.location, structural=True)


@dataclass(frozen=True)
class RemoveLine:
    """Remove the line at ``index`` of the list at ``location``."""

    location: Location
    index: int

    def apply(self, proposal: Proposal) -> tuple[Edit, Changes]:  # noqa: D102
        lines = list(get_at(proposal, self.location))  # type: ignore[call-overload]
        line = lines.pop(self.index)
        _store(proposal, self.location, lines)
        return (InsertLine(self.location, self.index, line),
                Changes.at(self.location, structural=True))


@dataclass(frozen=True)
class MoveLine:
    """Move the line at ``source`` of the list at ``location`` to ``target``."""

    location: Location
    source: int
    target: int

    def apply(self, proposal: Proposal) -> tuple[Edit, Changes]:  # noqa: D102
        lines = list(get_at(proposal, self.location))  # type: ignore[call-overload]
        if not (0 <= self.source < len(lines) and 0 <= self.target < len(lines)):
            raise IndexError(f"no line {self.source} or {self.target} at {self.location!r}")
        lines.insert(self.target, lines.pop(self.source))
        _store(proposal, self.location, lines)
        return (MoveLine(self.location, self.target, self.source),
                Changes.at(self.location, structural=True))


@dataclass(frozen=True)
class Composite:
    """Several operations applied as one; a refused one undoes those before it."""

    edits: tuple[Edit, ...] = field(default_factory=tuple)

    def apply(self, proposal: Proposal) -> tuple[Edit, Changes]:  # noqa: D102
        inverses: list[Edit] = []
        changes = NOTHING
        try:
            for edit in self.edits:
                inverse, changed = edit.apply(proposal)
                inverses.append(inverse)
                changes = changes | changed
        except Exception:
            for inverse in reversed(inverses):
                inverse.apply(proposal)
            raise
        return Composite(tuple(reversed(inverses))), changes


def apply_all(proposal: Proposal, edits: Sequence[Edit]) -> tuple[Edit, Changes]:
    """Apply ``edits`` in order as one composite; the inverse undoes them all."""
    return Composite(tuple(edits)).apply(proposal)


# -- building operations ----------------------------------------------------------------


def set_value(location: Location, value: object, years: int = 0) -> Edit:
    """The operation setting ``value`` at ``location``: one year of a line's figures
    (``("budget", "expenses", 2, "amounts", 1)``, a partner's ``cash``) is a
    :class:`SetAmount`, anything else a :class:`SetField`."""
    loc = tuple(location)
    if len(loc) >= 3 and isinstance(loc[-1], int) and _is_amounts(loc[:-1]) and isinstance(
            value, Decimal):
        return SetAmount(loc[:-2], loc[-1], value, years, str(loc[-2]))
    return SetField(loc, value)


def replace_content(current: Proposal, target: Proposal) -> Composite:
    """The operations that make ``current``'s content ``target``'s, part by part: a
    field that differs is set, a line that differs in a list of the same length is
    replaced alone, a section's text alone; only what differs is touched, so that the
    inverse restores exactly what was there. Values are copied from ``target``."""
    return Composite(tuple(_differences((), current, target)))


def _differences(location: Location, ours: object, theirs: object) -> list[Edit]:
    if ours == theirs:
        return []
    if isinstance(ours, BaseModel) and type(ours) is type(theirs):
        out: list[Edit] = []
        for name in type(ours).model_fields:
            out += _differences((*location, name), getattr(ours, name), getattr(theirs, name))
        return out
    if (isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs)
            and all(isinstance(v, BaseModel) for v in [*ours, *theirs])):
        return [SetField((*location, i), _copied(b)) for i, (a, b) in
                enumerate(zip(ours, theirs, strict=True)) if a != b]
    if isinstance(ours, dict) and isinstance(theirs, dict) and ours.keys() == theirs.keys():
        return [SetField((*location, key), _copied(value)) for key, value in theirs.items()
                if ours[key] != value]
    return [SetField(location, _copied(theirs))]


def _copied(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_copy(deep=True)
    if isinstance(value, list):
        return [_copied(v) for v in value]
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    return value
