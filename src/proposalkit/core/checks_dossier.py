"""Checkers of the dossier rules: partners, sections and word limits, attachments, the
applicant's eligibility and identity, formats, territory and deadline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from proposalkit.core.check_base import Context, Location, checker
from proposalkit.core.dates import long_date
from proposalkit.core.model import Proposal
from proposalkit.core.names import named
from proposalkit.core.program import AttachmentKind, Program
from proposalkit.core.rules import (
    AttachmentRequired,
    CharLimit,
    Deadline,
    RuleBase,
    WordLimit,
)
from proposalkit.i18n import N_

Found = Iterator[tuple[Location, str]]


@checker("partner_letter")
def _letters(ctx: Context, rule: RuleBase) -> Found:
    attached = {a.id for a in ctx.proposal.attachments}
    for index, partner in enumerate(ctx.proposal.partners):
        if partner.letter_attachment_id in attached:
            continue
        name = partner.name or ctx.tr.gettext("Partner {n}").format(n=index + 1)
        if partner.letter_received:
            text = N_(
                "The letter of support from {partner:le} is marked received but is not attached."
            )
        else:
            text = N_("There is no letter of support from {partner:le}.")
        yield ("partners", index, "letter"), ctx.tr.gettext(text).format(
            partner=named(partner, ctx.tr.lang, name))


@lru_cache(maxsize=512)
def count_words(text: str) -> int:
    """Words: runs of non-space characters holding at least one letter or digit, so
    typographic signs standing alone (« », —, :, ;, %) are not words, while ``l’été``,
    ``2025`` and ``«Bonjour»`` are one word each.

    Cached: validation runs on every keystroke and most sections have not changed; and
    fast, for the one that has (a 5,000-word section): a run starting with a letter or a
    digit, as nearly all do, is not looked at further."""
    runs = text.split()
    return len(runs) - sum(1 for run in runs if not run[0].isalnum()
                           and not any(c.isalnum() for c in run))


@lru_cache(maxsize=512)
def count_chars(text: str, spaces: bool = True) -> int:
    """Characters: with spaces, every character but line breaks (a paragraph break is
    not a character); without spaces, every character that is not white space."""
    if spaces:
        return sum(1 for c in text if c not in "\r\n")
    return sum(1 for c in text if not c.isspace())


@checker("section_required")
def _sections(ctx: Context, rule: RuleBase) -> Found:
    for section in ctx.program.sections:
        if section.required and not ctx.proposal.sections.get(section.id, "").strip():
            yield (
                ("sections", section.id),
                ctx.tr.gettext("The section “{title}” is empty.").format(
                    title=section.title(ctx.tr)
                ),
            )


@checker("word_limit")
def _word_limits(ctx: Context, rule: WordLimit) -> Found:
    chosen = set(rule.sections)
    for section in ctx.program.sections:
        if chosen and section.id not in chosen:
            continue
        words = count_words(ctx.proposal.sections.get(section.id, ""))
        # The tolerance in whole words, rounded down: 10 % of 155 words is 15 words.
        allowed = section.word_limit + int(section.word_limit * rule.tolerance)
        if words <= allowed:
            continue
        if allowed == section.word_limit:
            text = ctx.tr.gettext(
                "The section “{title}” has {words} words; the limit is {limit}.")
        else:
            text = ctx.tr.gettext(
                "The section “{title}” has {words} words; the limit is {limit}, {allowed} with "
                "the tolerance.")
        count = ctx.count
        yield (("sections", section.id), text.format(
            title=section.title(ctx.tr), words=count(words), limit=count(section.word_limit),
            allowed=count(allowed)))


def rule_asks(program: Program, rule: AttachmentRequired, legal_form: str,
              funder_total: Decimal) -> list[AttachmentKind]:
    """The attachments (not per partner) ``rule`` asks of an applicant of this legal form
    requesting ``funder_total`` from the funder: none when its conditions do not hold."""
    if rule.legal_forms and legal_form not in rule.legal_forms:
        return []
    if rule.above is not None and funder_total <= rule.above:
        return []
    chosen = set(rule.attachments)
    return [kind for kind in program.attachments if not kind.per_partner
            and (kind.id in chosen if chosen else kind.required)]


def required_attachments(program: Program, proposal: Proposal,
                         funder_total: Decimal) -> frozenset[str]:
    """The attachment kinds the pack's rules require of *this* proposal (its applicant,
    the amount it requests): the checklist's "Required" column. That is every kind
    declared ``required = true`` (asked of every proposal), and those a conditional rule
    asks of this one (``legal_forms``, ``above``)."""
    required = {k.id for k in program.attachments if k.required}
    for rule in program.rules:
        if isinstance(rule, AttachmentRequired):
            required.update(k.id for k in rule_asks(
                program, rule, proposal.applicant.legal_form, funder_total))
    return frozenset(required)


@checker("char_limit")
def _char_limits(ctx: Context, rule: CharLimit) -> Found:
    chosen = set(rule.sections)
    for section in ctx.program.sections:
        if section.char_limit is None or (chosen and section.id not in chosen):
            continue
        count = count_chars(ctx.proposal.sections.get(section.id, ""), section.char_spaces)
        # As for words, the tolerance in whole characters, rounded down.
        allowed = section.char_limit + int(section.char_limit * rule.tolerance)
        if count <= allowed:
            continue
        templates = {
            (True, False): N_("The section “{title}” has {count} characters (spaces "
                              "included); the limit is {limit}."),
            (False, False): N_("The section “{title}” has {count} characters (spaces not "
                               "included); the limit is {limit}."),
            (True, True): N_("The section “{title}” has {count} characters (spaces "
                             "included); the limit is {limit}, {allowed} with the tolerance."),
            (False, True): N_("The section “{title}” has {count} characters (spaces not "
                              "included); the limit is {limit}, {allowed} with the "
                              "tolerance."),
        }
        text = ctx.tr.gettext(templates[(section.char_spaces, allowed != section.char_limit)])
        yield (("sections", section.id), text.format(
            title=section.title(ctx.tr), count=ctx.count(count),
            limit=ctx.count(section.char_limit), allowed=ctx.count(allowed)))


@checker("attachment_required")
def _attachments(ctx: Context, rule: AttachmentRequired) -> Found:
    present = {a.kind for a in ctx.proposal.attachments if a.reference}
    for kind in rule_asks(ctx.program, rule, ctx.proposal.applicant.legal_form,
                          ctx.summary.funder_total):
        if kind.id not in present:
            yield (
                ("attachments", kind.id),
                ctx.tr.gettext("Required attachment missing: {kind}.").format(
                    kind=kind.label(ctx.tr)
                ),
            )


def _name_key(name: str) -> str:
    # "Caisse  populaire " and "caisse populaire" are the same partner.
    return " ".join(name.split()).casefold()


@checker("partners_distinct")
def _partners_distinct(ctx: Context, rule: RuleBase) -> Found:
    first: dict[str, int] = {}
    for index, partner in enumerate(ctx.proposal.partners):
        key = _name_key(partner.name)
        if not key:
            yield (("partners", index, "name"), ctx.tr.gettext(
                "Partner {n} has no name: the dossier cannot say whose contribution it is."
            ).format(n=index + 1))
            continue
        if key in first:
            yield (("partners", index, "name"), ctx.tr.gettext(
                "{partner:Le} is listed twice (partners {first} and {n}): its contribution would "
                "be counted twice.").format(partner=named(partner, ctx.tr.lang),
                                            first=first[key] + 1, n=index + 1))
            continue
        first[key] = index


@checker("lead_applicant_eligible")
def _lead(ctx: Context, rule: RuleBase) -> Found:
    applicant = ctx.proposal.applicant
    rules = ctx.program.eligibility
    tr = ctx.tr
    if applicant.legal_form not in rules.legal_forms:
        allowed = ", ".join(ctx.program.label("legal_forms", f, tr) for f in rules.legal_forms)
        yield (
            ("applicant", "legal_form"),
            tr.gettext("The applicant's legal form must be: {allowed}.").format(allowed=allowed),
        )
    if applicant.main_activity not in rules.main_activities:
        allowed = ", ".join(
            ctx.program.label("main_activities", a, tr) for a in rules.main_activities
        )
        yield (
            ("applicant", "main_activity"),
            tr.gettext("The applicant's main activity must be one of: {allowed}.").format(
                allowed=allowed
            ),
        )
    if rules.main_establishment_in_quebec and applicant.main_establishment_in_quebec is not True:
        yield (
            ("applicant", "main_establishment_in_quebec"),
            tr.gettext("The applicant must have its main establishment in Québec."),
        )


@checker("territory_chosen")
def _territory(ctx: Context, rule: RuleBase) -> Found:
    if ctx.proposal.territory not in {t.id for t in ctx.program.territories}:
        yield ("territory",), ctx.tr.gettext("Choose the territory the application is for.")


_IDENTITY_FIELDS: tuple[tuple[Location, str], ...] = (
    (("applicant", "legal_name"), N_("the applicant's legal name")),
    (("applicant", "neq"), N_("the Québec enterprise number (NEQ)")),
    (("applicant", "address", "street"), N_("the street address")),
    (("applicant", "address", "city"), N_("the city")),
    (("applicant", "address", "postal_code"), N_("the postal code")),
    (("applicant", "contact", "name"), N_("the contact person's name")),
    (("applicant", "contact", "email"), N_("the contact person's email")),
    (("applicant", "contact", "phone"), N_("the contact person's phone")),
    (("signatory", "name"), N_("the name of the person who signs")),
    (("signatory", "title"), N_("the title of the person who signs")),
)


def _get(obj: object, path: Location) -> object:
    for part in path:
        obj = getattr(obj, str(part))
    return obj


@checker("applicant_identity")
def _identity(ctx: Context, rule: RuleBase) -> Found:
    for path, label in _IDENTITY_FIELDS:
        if not str(_get(ctx.proposal, path)).strip():
            yield path, ctx.tr.gettext("Missing: {what}.").format(what=ctx.tr.gettext(label))


NEQ_RE = re.compile(r"^\d{10}$")
POSTAL_RE = re.compile(r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$", re.I)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
PHONE_RE = re.compile(
    r"^(?:\+?1[ .-]?)?\(?([2-9]\d{2})\)?[ .-]?(\d{3})[ .-]?(\d{4})"
    r"(?:\s*(?:,|#|x|ext\.?|poste|p\.)\s*\d{1,6})?$",
    re.I,
)


def neq_ok(text: str) -> bool:
    """A Québec enterprise number: ten digits (spaces allowed between groups)."""
    return bool(NEQ_RE.match(text.replace(" ", "")))


def postal_code_ok(text: str) -> bool:
    """A Canadian postal code, ``A1A 1A1``."""
    return bool(POSTAL_RE.match(text.strip()))


def email_ok(text: str) -> bool:
    """An email address of plausible shape."""
    return bool(EMAIL_RE.match(text.strip()))


def phone_ok(text: str) -> bool:
    """A North American phone number, with an optional extension."""
    return bool(PHONE_RE.match(text.strip()))


@checker("formats")
def _formats(ctx: Context, rule: RuleBase) -> Found:
    applicant = ctx.proposal.applicant
    tr = ctx.tr
    checks = (
        (("applicant", "neq"), applicant.neq, neq_ok, N_("The NEQ “{value}” must have 10 digits.")),
        (
            ("applicant", "address", "postal_code"),
            applicant.address.postal_code,
            postal_code_ok,
            N_("The postal code “{value}” must look like A1A 1A1."),
        ),
        (
            ("applicant", "contact", "email"),
            applicant.contact.email,
            email_ok,
            N_("The email address “{value}” is not valid."),
        ),
        (
            ("applicant", "contact", "phone"),
            applicant.contact.phone,
            phone_ok,
            N_("The phone number “{value}” must have 10 digits, like 819 555-0123."),
        ),
    )
    for path, value, ok, message in checks:
        if value.strip() and not ok(value):
            yield path, tr.gettext(message).format(value=value)


@checker("deadline")
def _deadline(ctx: Context, rule: Deadline) -> Found:
    deadline = ctx.program.deadline_local.date()
    shown = long_date(deadline, ctx.tr.locale)  # "1er mai" in French
    left = (deadline - ctx.today).days
    if left < 0:
        yield ("program",), ctx.tr.gettext("The call closed on {date}.").format(date=shown)
    elif left <= rule.warn_days:
        yield (
            ("program",),
            ctx.tr.ngettext(
                "The call closes on {date}: {n} day left.",
                "The call closes on {date}: {n} days left.",
                left,
            ).format(date=shown, n=left),
        )
