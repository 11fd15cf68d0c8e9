"""Locations: where a value, an edit or a finding is, and reading the value there (no Qt).

Validation findings, edits and "jump to the field" name a place of the proposal by a
tuple of attribute names, list indexes and dict keys (``("budget", "expenses", 2,
"amounts", 1)``). A :class:`Where` *is* such a tuple (it compares and hashes like one, so
findings and tests keep their plain tuples) and answers the questions views ask, so that
no view slices and compares tuples itself:

* :attr:`Where.area` — which part of the proposal (the budget's revenues, a section…);
* :meth:`Where.within` — is it inside a list or object the view shows;
* :meth:`Where.overlaps` — does an edit here change what a view at ``other`` shows;
* :attr:`Where.is_field` — some findings name a place that is not a model path at all
  (a partner's letter of support, the program's deadline): they are never read or
  written, only shown and jumped to.

:func:`get_at` reads the value at a location; writing goes through the typed operations
of :mod:`proposalkit.core.edits`, which validate first.
"""

from __future__ import annotations

from enum import StrEnum

#: A location as a plain tuple (findings carry these; :class:`Where` is one too).
Location = tuple[str | int, ...]


class Area(StrEnum):
    """The parts of a proposal a location can fall in."""

    PROJECT = "metadata"
    APPLICANT = "applicant"
    SIGNATORY = "signatory"
    TERRITORY = "territory"
    PARTNERS = "partners"
    #: A partner's letter of support (``("partners", i, "letter")``): an attachment.
    PARTNER_LETTER = "partner_letter"
    GOVERNANCE = "governance"
    SECTION = "sections"
    BUDGET = "budget"
    EXPENSES = "expenses"
    REVENUES = "revenues"
    ATTACHMENTS = "attachments"
    #: The dossier's structured parts (format 6).
    SUMMARY = "summary"
    ACTIVITIES = "activities"
    INDICATORS = "indicators"
    DECLARATIONS = "declarations"
    #: The program itself (the call's deadline): nothing the applicant edits.
    PROGRAM = "program"
    OTHER = "other"


_HEADS = {area.value: area for area in Area}
#: Locations that name something other than a value of the model.
_NOT_FIELDS = frozenset({Area.PARTNER_LETTER, Area.PROGRAM})


class Where(tuple[str | int, ...]):
    """A location of the proposal, with the questions views ask of it."""

    __slots__ = ()

    def __new__(cls, parts: tuple[str | int, ...] | list[str | int] = ()) -> Where:
        """``Where(("applicant", "neq"))``; a ``Where`` given is returned as is."""
        if isinstance(parts, Where):
            return parts
        return super().__new__(cls, tuple(parts))

    @classmethod
    def of(cls, *parts: str | int) -> Where:
        """``Where.of("applicant", "neq")``."""
        return cls(parts)

    @property
    def area(self) -> Area:
        """The part of the proposal this location is in."""
        if not self:
            return Area.OTHER
        head = self[0]
        if head == "partners" and len(self) >= 3 and self[2] == "letter":
            return Area.PARTNER_LETTER
        if head == "budget" and len(self) > 1 and self[1] in ("expenses", "revenues"):
            return Area(self[1])
        return _HEADS.get(str(head), Area.OTHER)

    @property
    def is_field(self) -> bool:
        """Whether this names a value of the model (it can be read and written)."""
        return self.area not in _NOT_FIELDS and self.area != Area.OTHER

    @property
    def section(self) -> str | None:
        """The narrative section's id, for a location in one."""
        return str(self[1]) if self.area == Area.SECTION and len(self) > 1 else None

    @property
    def partner(self) -> int | None:
        """The partner's index, for a location in the list of partners."""
        if self.area in (Area.PARTNERS, Area.PARTNER_LETTER) and len(self) > 1:
            index = self[1]
            return index if isinstance(index, int) else None
        return None

    def within(self, container: tuple[str | int, ...]) -> bool:
        """Whether this location is ``container`` or inside it."""
        return self[: len(container)] == tuple(container)

    def overlaps(self, other: tuple[str | int, ...]) -> bool:
        """Whether one of the two locations contains the other (an edit at one changes
        what is shown at the other)."""
        size = min(len(self), len(other))
        return self[:size] == tuple(other)[:size]

    def below(self, container: tuple[str | int, ...]) -> Where:
        """The rest of this location under ``container`` (which it is :meth:`within`)."""
        return Where(self[len(container):])

    def __repr__(self) -> str:
        return f"Where{tuple.__repr__(self)}"


def get_at(root: object, location: Location) -> object:
    """The value at ``location`` inside ``root`` (attributes, list indexes, dict keys; a
    missing dict key reads as ``""``)."""
    obj = root
    for part in location:
        if isinstance(obj, dict):
            obj = obj.get(part, "")
        elif isinstance(part, int):
            obj = obj[part]  # type: ignore[index]
        else:
            obj = getattr(obj, part)
    return obj
