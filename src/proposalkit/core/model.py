"""The proposal: what the applicant writes, as pydantic v2 models.

Money is :class:`~decimal.Decimal` in CAD, checked by :func:`proposalkit.core.money.check_amount`
(finite, not negative, at most one billion, at most cents). Per-year amounts are lists
with one value per project year of the program. Formats (NEQ, postal code, email, phone)
are *not* refused here: a half-typed draft must load and save; validation reports them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from proposalkit.core.money import AmountError, check_amount
from proposalkit.i18n import Translator


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


def new_id() -> str:
    """A short random identifier for a line, partner or attachment."""
    return uuid.uuid4().hex[:12]


class _Model(BaseModel):
    # defer_build: the schema is built at first use, not at import (start-up time).
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class Address(_Model):
    """A postal address in Québec."""

    street: str = ""
    city: str = ""
    province: str = "QC"
    postal_code: str = ""


class Contact(_Model):
    """The person the funder talks to."""

    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""


class Applicant(_Model):
    """The lead applicant (the organization that signs)."""

    legal_name: str = ""
    neq: str = ""
    legal_form: str = ""
    main_activity: str = ""
    main_establishment_in_quebec: bool | None = None
    address: Address = Field(default_factory=Address)
    contact: Contact = Field(default_factory=Contact)


class Attestation(_Model):
    """A partner's signed statement that its form is accurate."""

    name: str = ""
    title: str = ""
    signed_on: date | None = None


class Partner(_Model):
    """A member of the consortium and what it brings."""

    id: str = Field(default_factory=new_id)
    name: str = ""
    type: str = ""
    role: str = ""
    cash: YearAmounts = Field(default_factory=list)
    in_kind: YearAmounts = Field(default_factory=list)
    letter_received: bool = False
    #: The partner's contact person (format 2; filled in by its partner form).
    contact: Contact = Field(default_factory=Contact)
    #: Who attested the contribution in the partner form, and when.
    attestation: Attestation = Field(default_factory=Attestation)
    #: The attachment holding the letter of support, when it is in the file.
    letter_attachment_id: str | None = None


class CommitteeMember(_Model):
    """A member of the hub's governance committee."""

    name: str = ""
    organization: str = ""
    sector: str = ""


class Governance(_Model):
    """How the hub is governed."""

    description: str = ""
    members: list[CommitteeMember] = Field(default_factory=list)


class ExpenseLine(_Model):
    """One expense of the project, per project year."""

    id: str = Field(default_factory=new_id)
    category: str = ""
    description: str = ""
    amounts: YearAmounts = Field(default_factory=list)


Nature = Literal["cash", "in_kind"]


class RevenueLine(_Model):
    """One source of financing, per project year."""

    id: str = Field(default_factory=new_id)
    source: str = ""
    nature: Nature = "cash"
    description: str = ""
    amounts: YearAmounts = Field(default_factory=list)
    #: The partner whose contribution this line carries, if any.
    partner_id: str | None = None


class Budget(_Model):
    """The multi-year budget: expenses and revenues."""

    start_date: date | None = None
    expenses: list[ExpenseLine] = Field(default_factory=list)
    revenues: list[RevenueLine] = Field(default_factory=list)


class Attachment(_Model):
    """A document joined to the proposal (its bytes live in the proposal file)."""

    id: str = Field(default_factory=new_id)
    title: str = ""
    #: The program's attachment kind (e.g. ``support_letter``).
    kind: str = ""
    #: Where the bytes are: a member name inside the proposal file.
    reference: str = ""
    filename: str = ""
    media_type: str = ""
    size: int = Field(default=0, ge=0)
    sha256: str = ""
    partner_id: str | None = None


class Signatory(_Model):
    """Who signs the attestation."""

    name: str = ""
    title: str = ""


class Metadata(_Model):
    """Bookkeeping about the proposal itself."""

    title: str = ""
    created: datetime | None = None
    modified: datetime | None = None
    app_version: str = ""


class Proposal(_Model):
    """A funding proposal for one program pack."""

    program_id: str
    language: Literal["fr", "en"] = "fr"
    applicant: Applicant = Field(default_factory=Applicant)
    territory: str | None = None
    partners: list[Partner] = Field(default_factory=list)
    governance: Governance = Field(default_factory=Governance)
    sections: dict[str, str] = Field(default_factory=dict)
    budget: Budget = Field(default_factory=Budget)
    attachments: list[Attachment] = Field(default_factory=list)
    signatory: Signatory = Field(default_factory=Signatory)
    metadata: Metadata = Field(default_factory=Metadata)

    def partner(self, partner_id: str | None) -> Partner | None:
        """The partner with this id, if any."""
        return next((p for p in self.partners if p.id == partner_id), None)

    def attachment(self, attachment_id: str | None) -> Attachment | None:
        """The attachment with this id, if any."""
        return next((a for a in self.attachments if a.id == attachment_id), None)


def empty_proposal(program, language: str = "fr") -> Proposal:  # noqa: ANN001 - Program
    """A blank proposal for ``program``, with one empty section per required section."""
    return Proposal(
        program_id=program.id,
        language=language,  # type: ignore[arg-type]
        sections={s.id: "" for s in program.sections},
    )


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def describe_validation_error(exc: ValidationError, tr: Translator) -> str:
    """One line saying what is wrong with data that does not fit the model."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "-"
    if first["type"] == "amount":
        ctx = first.get("ctx") or {}
        error = AmountError(
            ctx.get("code", "not_a_number"), ctx.get("text", ""), **ctx.get("params", {})
        )
        detail = error.message(tr.lang)
    else:
        detail = first["msg"]
    # Keys and values come from the file: keep the message on one printable line.
    where, detail = _printable(where), _printable(detail)
    more = len(exc.errors()) - 1
    text = tr.gettext("{where}: {detail}").format(where=where, detail=detail)
    if more:
        text += " " + tr.ngettext("(and {n} more problem)", "(and {n} more problems)", more).format(
            n=more
        )
    return text
