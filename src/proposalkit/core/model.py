"""The proposal: what the applicant writes, as pydantic v2 models.

Money is :class:`~decimal.Decimal` in CAD, checked by :func:`proposalkit.core.money.check_amount`
(finite, not negative, at most one billion, at most cents). Per-year amounts are lists
with one value per project year of the program. Formats (NEQ, postal code, email, phone)
are *not* refused here: a half-typed draft must load and save; validation reports them.

What *is* refused at this boundary is what would break something further on, whatever
the file says: text longer than its limit (:data:`MAX_SHORT_TEXT`,
:data:`MAX_DESCRIPTION`, :data:`MAX_NARRATIVE`; the writers lay out at least that much
in every cell and paragraph), dates outside :data:`MIN_DATE`..:data:`MAX_DATE`. Lone
surrogates (``"\\udfff"`` in JSON: not text, and not writable as UTF-8) are replaced by
U+FFFD, so that whatever loads can be saved.
"""

from __future__ import annotations

import re
import types
import typing
import uuid
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from proposalkit.core.money import MAX_FIGURE, AmountError, check_amount
from proposalkit.core.names import EnArticle, FrArticle
from proposalkit.i18n import N_, Translator

#: Names, titles, addresses, identifiers: one line of text.
MAX_SHORT_TEXT = 300
#: A budget line's or a contribution's description.
MAX_DESCRIPTION = 1_000
#: The project's summary in the applicant's words (the dossier's summary page).
MAX_SUMMARY = 3_000
#: A narrative section (and the governance description).
MAX_NARRATIVE = 100_000
#: The dates a proposal may hold (a project start, the file's own times).
MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2100, 12, 31)

_SURROGATE = re.compile("[\ud800-\udfff]")


def _money(value: object) -> Decimal:
    # Floats are refused (check_amount says so) so that 0.1 + 0.2 never reaches a
    # budget; files store amounts as strings.
    try:
        return check_amount(value)  # type: ignore[arg-type]
    except AmountError as exc:
        raise PydanticCustomError(
            "amount",
            "{detail}",
            {"detail": str(exc), "code": exc.code, "text": exc.text, "params": exc.params},
        ) from None


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    PlainSerializer(lambda v: format(v, "f"), return_type=str, when_used="json"),
]
YearAmounts = list[Money]


def _custom_error(kind: str, template: str, **params: object) -> PydanticCustomError:
    # The template is an English msgid: describe_validation_error translates it.
    return PydanticCustomError(kind, "{detail}", {
        "detail": template.format(**params), "template": template, "params": params})


def clean_text(value: object) -> object:
    """``value`` with lone surrogates replaced by U+FFFD (other values as given)."""
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")  # in C, several times faster than searching a long text
        except UnicodeEncodeError:
            return _SURROGATE.sub("\ufffd", value)
    return value


def _limited(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) > limit:
            raise _custom_error("text_too_long", N_(
                "this text has {length} characters; at most {limit} are allowed"),
                length=len(value), limit=limit)
        return value
    check.limit = limit  # type: ignore[attr-defined]  # read back by text_limit
    return check


ShortText = Annotated[str, BeforeValidator(clean_text), AfterValidator(_limited(MAX_SHORT_TEXT))]
Description = Annotated[str, BeforeValidator(clean_text),
                        AfterValidator(_limited(MAX_DESCRIPTION))]
Narrative = Annotated[str, BeforeValidator(clean_text), AfterValidator(_limited(MAX_NARRATIVE))]
SummaryText = Annotated[str, BeforeValidator(clean_text), AfterValidator(_limited(MAX_SUMMARY))]


def _in_range(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not MIN_DATE <= day <= MAX_DATE:
        raise _custom_error("date_out_of_range", N_(
            "the date {date} is outside {first} to {last}"), date=day.isoformat(),
            first=MIN_DATE.isoformat(), last=MAX_DATE.isoformat())
    return value


Day = Annotated[date, AfterValidator(_in_range)]
Moment = Annotated[datetime, AfterValidator(_in_range)]


_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def _month(value: str) -> str:
    # "" is a month not given yet; otherwise "YYYY-MM" within the proposal's dates.
    if value == "":
        return value
    match = _MONTH.fullmatch(value)
    if match is None or not MIN_DATE.year <= int(match[1]) <= MAX_DATE.year:
        raise _custom_error("month", N_(
            "“{month}” is not a month written as YYYY-MM between {first} and {last}"),
            month=value[:20], first=str(MIN_DATE.year), last=str(MAX_DATE.year))
    return value


#: A month of a project (month precision): ``"2019-04"``; ``""`` while not given.
Month = Annotated[str, BeforeValidator(clean_text), AfterValidator(_month)]


def _figure(value: object) -> Decimal:
    # An indicator's figure: a count, a sum or a rate. Exact like money (no float), but
    # any sign and up to four decimals ("12,5 %", "0,25 ETC").
    if isinstance(value, bool) or isinstance(value, float):
        raise _custom_error("figure", N_("a figure must be written as text or a whole "
                                         "number, not {value}"), value=repr(value)[:40])
    try:
        number = Decimal(str(value).strip()) if isinstance(value, (str, int, Decimal)) \
            else None
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or abs(number) > MAX_FIGURE or (
            number.as_tuple().exponent < -4):  # type: ignore[operator]
        raise _custom_error("figure", N_(
            "“{value}” is not a figure (at most 12 digits and 4 decimals)"),
            value=str(value)[:40])
    return number


Figure = Annotated[
    Decimal,
    BeforeValidator(_figure),
    PlainSerializer(lambda v: format(v, "f"), return_type=str, when_used="json"),
]


def new_id() -> str:
    """A short random identifier for a line, partner or attachment."""
    return uuid.uuid4().hex[:12]


class _Model(BaseModel):
    # defer_build: the schema is built at first use, not at import (start-up time).
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


def build_schemas() -> None:
    """Build every model's validation schema now. They wait for their first use (not at
    import: the command line and the start-up need the module, not the schemas); the
    window builds them right after its first paint, so that the first proposal made
    or opened does not wait for them (30 ms, once)."""
    for model in _Model.__subclasses__():
        model.model_rebuild()


class Address(_Model):
    """A postal address in Québec."""

    street: ShortText = ""
    city: ShortText = ""
    province: ShortText = "QC"
    postal_code: ShortText = ""


class Contact(_Model):
    """The person the funder talks to."""

    name: ShortText = ""
    title: ShortText = ""
    email: ShortText = ""
    phone: ShortText = ""


class Applicant(_Model):
    """The lead applicant (the organization that signs)."""

    legal_name: ShortText = ""
    #: How French introduces the name (format 3): ``la``, ``le``, ``l’``, ``les`` or
    #: ``none``; ``""`` while the user has not chosen (suggested from the name, see
    #: :mod:`proposalkit.core.names`).
    article: FrArticle = ""
    #: ``the`` or ``none`` before the name in English (format 3); ``""``: suggested.
    article_en: EnArticle = ""
    neq: ShortText = ""
    legal_form: ShortText = ""
    main_activity: ShortText = ""
    main_establishment_in_quebec: bool | None = None
    #: The day the organization was founded (incorporated), for a call's years of
    #: existence (format 3).
    founded: Day | None = None
    address: Address = Field(default_factory=Address)
    contact: Contact = Field(default_factory=Contact)


class Attestation(_Model):
    """A partner's signed statement that its form is accurate."""

    name: ShortText = ""
    title: ShortText = ""
    signed_on: Day | None = None


class Partner(_Model):
    """A member of the consortium and what it brings."""

    id: ShortText = Field(default_factory=new_id)
    name: ShortText = ""
    #: How French and English introduce the name (format 3), as for the applicant.
    article: FrArticle = ""
    article_en: EnArticle = ""
    type: ShortText = ""
    role: Description = ""
    cash: YearAmounts = Field(default_factory=list)
    in_kind: YearAmounts = Field(default_factory=list)
    letter_received: bool = False
    #: The partner's contact person (format 2; filled in by its partner form).
    contact: Contact = Field(default_factory=Contact)
    #: Who attested the contribution in the partner form, and when.
    attestation: Attestation = Field(default_factory=Attestation)
    #: The attachment holding the letter of support, when it is in the file.
    letter_attachment_id: ShortText | None = None


class CommitteeMember(_Model):
    """A member of the hub's governance committee."""

    name: ShortText = ""
    organization: ShortText = ""
    sector: ShortText = ""


class Governance(_Model):
    """How the hub is governed."""

    description: Narrative = ""
    members: list[CommitteeMember] = Field(default_factory=list)


class ExpenseLine(_Model):
    """One expense of the project, per project year."""

    id: ShortText = Field(default_factory=new_id)
    category: ShortText = ""
    description: Description = ""
    amounts: YearAmounts = Field(default_factory=list)
    #: How the amount was reached ("2 conseillers × 52 000 $"), shown with the line in the
    #: dossier; a pack may require it above an amount (format 6).
    justification: Description = ""


Nature = Literal["cash", "in_kind"]
#: Where a source of financing stands (format 6): ``confirmed`` (a letter or an
#: agreement says so), ``requested`` (an application is filed), ``to_request`` (not asked
#: yet); ``""`` while the applicant has not said.
FundingStatus = Literal["", "confirmed", "requested", "to_request"]
FUNDING_STATUSES: tuple[str, ...] = ("confirmed", "requested", "to_request")


class RevenueLine(_Model):
    """One source of financing, per project year."""

    id: ShortText = Field(default_factory=new_id)
    source: ShortText = ""
    nature: Nature = "cash"
    description: Description = ""
    amounts: YearAmounts = Field(default_factory=list)
    #: The partner whose contribution this line carries, if any.
    partner_id: ShortText | None = None
    #: Where this source stands (format 6), since when (the day it was confirmed or
    #: requested), and the attachment that shows it (a letter, an agreement); a line
    #: carrying a partner's contribution may rely on that partner's letter instead.
    status: FundingStatus = ""
    status_date: Day | None = None
    evidence_id: ShortText | None = None


class Budget(_Model):
    """The multi-year budget: expenses and revenues."""

    start_date: Day | None = None
    #: The project's last day, for a call's project window (format 3).
    end_date: Day | None = None
    expenses: list[ExpenseLine] = Field(default_factory=list)
    revenues: list[RevenueLine] = Field(default_factory=list)


class Attachment(_Model):
    """A document joined to the proposal (its bytes live in the proposal file)."""

    id: ShortText = Field(default_factory=new_id)
    title: ShortText = ""
    #: The program's attachment kind (e.g. ``support_letter``).
    kind: ShortText = ""
    #: Where the bytes are: a member name inside the proposal file.
    reference: ShortText = ""
    filename: ShortText = ""
    media_type: ShortText = ""
    size: int = Field(default=0, ge=0, le=10**12)
    sha256: ShortText = ""
    partner_id: ShortText | None = None


class Signatory(_Model):
    """Who signs the attestation, and the board resolution that authorizes them (its
    number and date, format 6)."""

    name: ShortText = ""
    title: ShortText = ""
    resolution_number: ShortText = ""
    resolution_date: Day | None = None


#: :attr:`Activity.responsible` for the lead applicant itself (partners are named by id).
LEAD = "lead"


class Activity(_Model):
    """One activity of the action plan (format 6), at month precision: it runs from the
    first day of ``start`` to the last day of ``end``."""

    id: ShortText = Field(default_factory=new_id)
    title: ShortText = ""
    #: The call's axis it serves (a pack's ``axes`` id), ``""`` when the call names none.
    axis: ShortText = ""
    #: Who carries it: :data:`LEAD` or a partner's id; ``""`` while nobody is named.
    responsible: ShortText = ""
    start: Month = ""
    end: Month = ""
    deliverables: Description = ""


class Indicator(_Model):
    """A measure of the project's results (format 6): where it stands before the project
    and the target for each project year (``None``: not given)."""

    id: ShortText = Field(default_factory=new_id)
    name: ShortText = ""
    unit: ShortText = ""
    baseline: Figure | None = None
    targets: list[Figure | None] = Field(default_factory=list)
    #: Where the measure comes from (a register, a survey, the hub's own records).
    source: ShortText = ""


class Metadata(_Model):
    """Bookkeeping about the proposal itself."""

    title: ShortText = ""
    created: Moment | None = None
    modified: Moment | None = None
    app_version: ShortText = ""


def _clean_tree(value: object) -> object:
    # Lone surrogates anywhere in the input (keys, values, where a number or a literal
    # belongs): pydantic cannot even report an error about such a string.
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(k): _clean_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_tree(v) for v in value]
    return value


class Proposal(_Model):
    """A funding proposal for one program pack."""

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: object) -> object:
        return _clean_tree(data) if isinstance(data, dict) else data

    program_id: ShortText
    language: Literal["fr", "en"] = "fr"
    applicant: Applicant = Field(default_factory=Applicant)
    territory: ShortText | None = None
    partners: list[Partner] = Field(default_factory=list)
    governance: Governance = Field(default_factory=Governance)
    sections: dict[ShortText, Narrative] = Field(default_factory=dict)
    budget: Budget = Field(default_factory=Budget)
    attachments: list[Attachment] = Field(default_factory=list)
    signatory: Signatory = Field(default_factory=Signatory)
    metadata: Metadata = Field(default_factory=Metadata)
    #: The project in a few sentences, in the applicant's words (format 6): the summary
    #: page's first paragraph.
    summary: SummaryText = ""
    #: The action plan and the indicators of results (format 6).
    activities: list[Activity] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    #: The call's declarations (a pack's ``declarations`` ids) the signatory ticked
    #: (format 6); a declaration not in the dict is not ticked.
    declarations: dict[ShortText, bool] = Field(default_factory=dict)

    def partner(self, partner_id: str | None) -> Partner | None:
        """The partner with this id, if any."""
        return next((p for p in self.partners if p.id == partner_id), None)

    def partners_by_id(self) -> dict[str, Partner]:
        """Each partner by its id (the first of an id, as :meth:`partner`): for a walk
        over many lines that each name one (a lookup, not a scan of the partners)."""
        found: dict[str, Partner] = {}
        for partner in self.partners:
            found.setdefault(partner.id, partner)
        return found

    def attachment(self, attachment_id: str | None) -> Attachment | None:
        """The attachment with this id, if any."""
        return next((a for a in self.attachments if a.id == attachment_id), None)


def text_limit(location: tuple[str | int, ...]) -> int | None:
    """The most characters the text at ``location`` of a proposal may hold (None when it
    is not a limited text): read from the model's own types, so inputs stop where the
    model would refuse."""
    annotation: object = Proposal
    for part in location:
        annotation = _child_type(_unwrapped(annotation)[0], part)
        if annotation is None:
            return None
    for meta in _unwrapped(annotation)[1]:
        limit = getattr(getattr(meta, "func", None), "limit", None)
        if isinstance(limit, int):
            return limit
    return None


def _unwrapped(annotation: object) -> tuple[object, tuple[object, ...]]:
    # Optional[X] is X; Annotated[X, *meta] is X with its metadata.
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = next(a for a in args if a is not type(None))
        args = typing.get_args(annotation)
    if typing.get_origin(annotation) is Annotated:
        return args[0], tuple(getattr(annotation, "__metadata__", ()))
    return annotation, ()


def _child_type(annotation: object, part: str | int) -> object:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        if field is None:
            return None
        if not field.metadata:
            return field.annotation
        return Annotated[(field.annotation, *field.metadata)]
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict:
        return args[1]
    return None


def empty_proposal(program, language: str = "fr") -> Proposal:  # noqa: ANN001 - Program
    """A blank proposal for ``program``, with one empty section per required section."""
    return Proposal(
        program_id=program.id,
        language=language,  # type: ignore[arg-type]
        sections={s.id: "" for s in program.sections},
    )


def _printable(text: str) -> str:
    # No-break spaces (French thousands and punctuation) are not "printable" to Python.
    return "".join(c if c.isprintable() or c in "\xa0\u202f" else f"\\x{ord(c):02x}"
                   for c in text)


def _number(value: object, tr: Translator) -> object:
    if isinstance(value, int):
        from babel.numbers import format_decimal

        return format_decimal(value, locale=tr.locale)
    return value


def check_assignment(root: BaseModel, location: tuple[str | int, ...], value: object) -> None:
    """Raise :class:`ValidationError` when setting ``value`` at ``location`` inside
    ``root`` would be refused by the model, without changing anything.

    Dict values (a section's text) are checked too, though a dict stores what it is
    given: the GUI calls this before making an edit undoable.
    """
    model, at = _assigned_model(root, location)
    if at is None:
        return
    field = str(location[at])
    rest = location[at + 1:]
    current = getattr(model, field)
    if rest:
        current = _replaced(current, rest, value)
    else:
        current = value
    # A shallow copy takes the assignment: the proposal itself is left as it was.
    type(model).__pydantic_validator__.validate_assignment(model.model_copy(), field, current)


def _assigned_model(root: BaseModel,
                    location: tuple[str | int, ...]) -> tuple[BaseModel, int | None]:
    # The innermost model on the way to ``location`` and the index of its field there.
    model, at = root, None
    obj: object = root
    for index, part in enumerate(location):
        if isinstance(obj, BaseModel) and isinstance(part, str):
            model, at = obj, index
        if isinstance(obj, dict):
            obj = obj.get(part, "")
        elif isinstance(part, int):
            obj = obj[part]  # type: ignore[index]
        else:
            obj = getattr(obj, part)
    return model, at


def refused_location(root: BaseModel, location: tuple[str | int, ...],
                     exc: ValidationError) -> tuple[str | int, ...]:
    """Where, from ``root``, the value :func:`check_assignment` refused is wrong (the
    error's own location is relative to the model that took the assignment)."""
    _model, at = _assigned_model(root, location)
    errors = exc.errors(include_url=False, include_input=False)
    inner = tuple(errors[0]["loc"]) if errors else ()
    return (location[:at] if at is not None else ()) + inner


def _replaced(container: object, path: tuple[str | int, ...], value: object) -> object:
    head, tail = path[0], path[1:]
    if isinstance(container, dict):
        copy: dict | list = dict(container)
    elif isinstance(container, list):
        copy = list(container)
    else:
        return container  # a model below: validated at its own level
    copy[head] = _replaced(copy[head], tail, value) if tail else value  # type: ignore[index]
    return copy


def describe_validation_error(exc: ValidationError, tr: Translator,
                              where: str | None = None) -> str:
    """One line saying what is wrong with data that does not fit the model; ``where``
    names the place in words (default: the error's location, as in the file)."""
    try:
        errors = exc.errors(include_url=False, include_input=False)
    except UnicodeError:  # text pydantic cannot encode in what it reports
        return tr.gettext("{where}: {detail}").format(where="-", detail=exc.title)
    first = errors[0]
    if where is None:
        where = ".".join(str(p) for p in first["loc"]) or "-"
    if first["type"] == "amount":
        ctx = first.get("ctx") or {}
        error = AmountError(
            ctx.get("code", "not_a_number"), ctx.get("text", ""), **ctx.get("params", {})
        )
        detail = error.message(tr.lang)
    elif first["type"] in ("text_too_long", "date_out_of_range", "month", "figure"):
        ctx = first.get("ctx") or {}
        params = {k: _number(v, tr) for k, v in (ctx.get("params") or {}).items()}
        detail = tr.gettext(ctx.get("template", "{detail}")).format(
            detail=first["msg"], **params)
    else:
        detail = first["msg"]
    # Keys and values come from the file: keep the message on one printable line.
    where, detail = _printable(where), _printable(detail)
    more = len(errors) - 1
    text = tr.gettext("{where}: {detail}").format(where=where, detail=detail)
    if more:
        text += " " + tr.ngettext("(and {n} more problem)", "(and {n} more problems)", more).format(
            n=more
        )
    return text
