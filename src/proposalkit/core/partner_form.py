"""What a partner form holds, and how a filled one updates the proposal (pure, no I/O).

A partner form is a PDF with fields (see ``export/partner_forms.py``); its fields are
named here. Read-only hidden fields tie it to one proposal and one partner, so that a form
sent back for another proposal or another partner is refused; a keyed check of both ids
(:func:`form_check`, HMAC-SHA-256 with a secret only the lead's proposal file holds)
makes an edited hidden id fail too. Text from a form is cleaned (:func:`clean_form_text`:
control characters and non-characters removed) before it is compared or kept.
:func:`read_partner_form` checks every value (amounts as people type them, with
:func:`~proposalkit.core.money.parse_amount`), and either returns the changes it would make or
raises :class:`PartnerFormError` listing what is wrong; :func:`apply_partner_form` makes them on
a copy of the proposal. No Qt.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from proposalkit.core.budget import year_amounts
from proposalkit.core.model import Partner, Proposal
from proposalkit.core.money import AmountError, format_money, parse_amount
from proposalkit.core.validation import email_ok
from proposalkit.errors import ProposalKitError
from proposalkit.i18n import N_, Translator

PROPOSAL_FIELD = "pk_proposal"
PARTNER_FIELD = "pk_partner"
FORM_FIELD = "pk_form"
FORM_KIND = "proposalkit-partner-form-1"
CHECK_FIELD = "pk_check"
#: The read-only hidden fields every form carries.
HIDDEN_FIELDS = (FORM_FIELD, PROPOSAL_FIELD, PARTNER_FIELD, CHECK_FIELD)
#: (field name, where in the partner, label msgid) of the text fields.
TEXT_FIELDS = (
    ("name", ("name",), N_("Organization")),
    ("role", ("role",), N_("Role in the project")),
    ("contact_name", ("contact", "name"), N_("Contact person")),
    ("contact_title", ("contact", "title"), N_("Title")),
    ("contact_email", ("contact", "email"), N_("Email")),
    ("contact_phone", ("contact", "phone"), N_("Phone")),
)
DESCRIPTION_FIELDS = {"cash": "cash_description", "in_kind": "in_kind_description"}
ATTEST_FIELDS = (("attest_name", "name", N_("Name")), ("attest_title", "title", N_("Title")))
ATTEST_DATE = "attest_date"
#: The signature field (``/FT /Sig``): a reader that signs fills it; not imported.
SIGNATURE_FIELD = "signature"
MAX_TEXT = 300
MAX_DESCRIPTION = 1000


def amount_field(nature: str, year: int) -> str:
    """The field of one contribution, e.g. ``cash_2`` for cash in year 2 (0-based 1)."""
    return f"{nature}_{year + 1}"


class PartnerFormError(ProposalKitError):
    """A form that cannot be imported; ``problems`` lists each wrong field."""

    def __init__(self, template: str, details: list[str] | None = None,
                 **fields: object) -> None:
        self.details = details or []
        super().__init__(template, **fields)


def form_check(key: str, proposal_id: str, partner_id: str) -> str:
    """The keyed check binding a form to one proposal and one partner (hex)."""
    message = "\0".join((FORM_KIND, proposal_id, partner_id)).encode("utf-8")
    return hmac.new(bytes.fromhex(key), message, "sha256").hexdigest()[:40]


# What typed text cannot hold either: C0 and C1 controls (but tab and line breaks, which
# become spaces), DEL, lone surrogates and the non-characters U+FFFE, U+FFFF.
_UNTYPABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_form_text(text: str) -> str:
    """``text`` from a form without what a keyboard cannot type (ESC, NUL, BEL, U+FFFE…)."""
    return _UNTYPABLE.sub("", text)


def linked_lines(proposal: Proposal, partner: Partner, nature: str) -> list:
    """The revenue lines that carry this partner's contribution of this nature."""
    return [r for r in proposal.budget.revenues
            if r.partner_id == partner.id and r.nature == nature]


def form_values(proposal: Proposal, proposal_id: str, partner: Partner, years: int,
                lang: str, *, key: str) -> dict[str, str]:
    """The values a new form is pre-filled with (``key``: the file's form key)."""
    values = {FORM_FIELD: FORM_KIND, PROPOSAL_FIELD: proposal_id, PARTNER_FIELD: partner.id,
              CHECK_FIELD: form_check(key, proposal_id, partner.id)}
    for name, where, _label in TEXT_FIELDS:
        target: object = partner
        for part in where:
            target = getattr(target, part)
        values[name] = form_text(str(target))
    for nature in ("cash", "in_kind"):
        for year, amount in enumerate(year_amounts(getattr(partner, nature), years)):
            # A zero is left blank for the partner to fill (it imports as zero).
            values[amount_field(nature, year)] = (_plain(format_money(amount, lang))
                                                  if amount else "")
        lines = linked_lines(proposal, partner, nature)
        values[DESCRIPTION_FIELDS[nature]] = (
            form_text(lines[0].description)
            if len(lines) == 1 and _written(lines[0].description, partner) else "")
    attestation = partner.attestation
    values.update(attest_name=form_text(attestation.name),
                  attest_title=form_text(attestation.title),
                  attest_date=attestation.signed_on.isoformat() if attestation.signed_on
                  else "")
    return values


def _plain(text: str) -> str:
    # Amounts are retyped by people: ordinary spaces, not the narrow no-break ones.
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _written(description: str, partner: Partner) -> bool:
    """Whether the lead wrote a description, rather than the line repeating the partner's
    name (« MRC des Vallons », « MRC des Vallons (en nature) »): a form shows only what
    the lead wrote, and leaves the field for the partner otherwise."""
    rest = description.strip()
    name = partner.name.strip()
    if name and rest.casefold().startswith(name.casefold()):
        rest = rest[len(name):].strip()
    return bool(rest) and not re.fullmatch(r"\([^()]*\)", rest)


def form_text(text: str) -> str:
    """``text`` as a form field holds it: the form's field font covers French and the
    syllabics, and field values are Unicode, so only control characters go (a line break
    stays: the role and the descriptions are multi-line fields)."""
    return "".join(c for c in text if c == "\n" or c.isprintable())


def _kept(current: str, text: str) -> str:
    # A field that comes back as the form wrote it is unchanged: the proposal keeps its
    # own characters (’, œ…), which the form could only approximate.
    return current if form_text(" ".join(current.split())) == text else text


@dataclass
class FormChanges:
    """What a filled form would change: the new partner and (field, now, form) lines."""

    partner: Partner
    lines: dict[str, dict[str, object]] = field(default_factory=dict)
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    #: The partner the form changes, as the proposal names it now (not as the form
    #: does): what a preview must show.
    target: str = ""


_DATE_FORMS = (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
               re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$"))


def _parse_date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    first = _DATE_FORMS[0].match(text)
    if first:
        return date(int(first[1]), int(first[2]), int(first[3]))
    second = _DATE_FORMS[1].match(text)
    if second:  # day/month/year, as written in Québec
        return date(int(second[3]), int(second[2]), int(second[1]))
    raise ValueError(text)


def read_partner_form(proposal: Proposal, proposal_id: str | None, fields: Mapping[str, str],
                      years: int, tr: Translator, *, key: str | None) -> FormChanges:
    """Check a filled form's ``fields`` against ``proposal``; the changes it brings.

    ``key`` is the proposal file's form key. Raises :class:`PartnerFormError` (nothing
    is changed) when the form is not ours, is for another proposal or partner, its
    keyed check fails, or any value is wrong (all problems listed).
    """
    _ = tr.gettext
    fields = {name: clean_form_text(str(value)) for name, value in fields.items()}
    if fields.get(FORM_FIELD) != FORM_KIND:
        raise PartnerFormError("This PDF is not a partner form made by proposalkit.")
    if not proposal_id or fields.get(PROPOSAL_FIELD) != proposal_id:
        raise PartnerFormError("This form was made for another proposal; it was not "
                               "imported.")
    partner = proposal.partner(fields.get(PARTNER_FIELD))
    if partner is None:
        raise PartnerFormError("This form is for a partner that is not in this proposal; it "
                               "was not imported.")
    check = fields.get(CHECK_FIELD, "")
    if not key or not hmac.compare_digest(
            check.encode(), form_check(key, proposal_id, partner.id).encode()):
        raise PartnerFormError(
            "This form's check does not match its proposal and partner (its hidden fields "
            "were changed, or it was made by an older proposalkit); it was not imported. "
            "Make the partner's form again.")
    updated = partner.model_copy(deep=True)
    problems: list[str] = []
    rows: list[tuple[str, str, str]] = []

    def row(label: str, now: str, new: str) -> None:
        if now != new:
            rows.append((label, now, new))

    def text_of(name: str, label: str, limit: int = MAX_TEXT) -> str | None:
        text = " ".join(str(fields.get(name, "")).split())
        if len(text) > limit:
            problems.append(_("{field}: longer than {n} characters.").format(
                field=label, n=limit))
            return None
        return text

    for name, where, label in TEXT_FIELDS:
        text = text_of(name, _(label), MAX_DESCRIPTION if name == "role" else MAX_TEXT)
        if text is None:
            continue
        if name == "contact_email" and text and not email_ok(text):
            problems.append(_("{field}: {value} is not an email address.").format(
                field=_(label), value=text))
            continue
        target = updated.contact if where[0] == "contact" else updated
        text = _kept(getattr(target, where[-1]), text)
        row(_(label), getattr(target, where[-1]), text)
        setattr(target, where[-1], text)
    lines: dict[str, dict[str, object]] = {}
    natures = {"cash": _("Cash contribution"), "in_kind": _("In-kind contribution")}
    for nature, title in natures.items():
        amounts: list[Decimal] = []
        for year in range(years):
            text = str(fields.get(amount_field(nature, year), "")).strip()
            try:
                amounts.append(parse_amount(text, proposal.language) if text
                               else Decimal(0))
            except AmountError as exc:
                problems.append(_("{field}, year {n}: {detail}").format(
                    field=title, n=year + 1, detail=exc.message(tr.lang)))
        if len(amounts) == years:
            before = year_amounts(getattr(partner, nature), years)
            for year, (old, new) in enumerate(zip(before, amounts, strict=True)):
                row(_("{field}, year {n}").format(field=title, n=year + 1),
                    format_money(old, tr.lang), format_money(new, tr.lang))
            setattr(updated, nature, amounts if any(amounts) or getattr(partner, nature)
                    else [])
        description = text_of(DESCRIPTION_FIELDS[nature], title, MAX_DESCRIPTION) or ""
        linked = linked_lines(proposal, partner, nature)
        if len(linked) == 1 and len(amounts) == years:
            # The revenue line booking this contribution follows it, so the budget keeps
            # showing what the partner promised.
            line = linked[0]
            description = _kept(line.description, description) if description else ""
            row(_("{field}: description").format(field=title), line.description,
                description or line.description)
            lines[line.id] = {"amounts": amounts, "description": description or line.description}
    for name, key, label in ATTEST_FIELDS:
        text = text_of(name, _(label))
        if text is None:
            continue
        text = _kept(getattr(updated.attestation, key), text)
        row(_("Attestation: {field}").format(field=_(label)),
            getattr(updated.attestation, key), text)
        setattr(updated.attestation, key, text)
    try:
        signed = _parse_date(str(fields.get(ATTEST_DATE, "")))
        signed_before = updated.attestation.signed_on
        row(_("Attestation: date"), signed_before.isoformat() if signed_before else "",
            signed.isoformat() if signed else "")
        updated.attestation.signed_on = signed
    except ValueError:
        problems.append(_("Date: {value} is not a date (write it as 2018-04-20).").format(
            value=fields.get(ATTEST_DATE)))
    if problems:
        raise PartnerFormError("The form was not imported: {problems}", details=problems,
                               problems="; ".join(p.rstrip(".") for p in problems) + ".")
    return FormChanges(updated, lines, rows, partner.name or partner.id)


def apply_partner_form(proposal: Proposal, changes: FormChanges) -> Proposal:
    """A copy of ``proposal`` with the form's changes made."""
    result = proposal.model_copy(deep=True)
    result.partners = [changes.partner.model_copy(deep=True) if p.id == changes.partner.id
                       else p for p in result.partners]
    for line in result.budget.revenues:
        update = changes.lines.get(line.id)
        if update:
            line.amounts = list(update["amounts"])  # type: ignore[call-overload]
            line.description = str(update["description"])
    return result
