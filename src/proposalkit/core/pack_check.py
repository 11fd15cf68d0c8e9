"""Checking a program pack file: every problem, with its line, field and message.

A pack is checked in two stages: the pydantic models (types, required fields, known
rule kinds and fields), then the cross-checks below (every name a rule uses exists, a
per-year list has one value per year, ids are unique…). Both stages report *every*
problem, each as a :class:`Problem` whose message is rendered in the user's language.
``tomllib`` gives no line numbers, so a problem's line is found by scanning the TOML
text for the table headers and keys of its field path (:func:`line_of`).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from proposalkit.core.bounded import NumberTooLarge, TooDeep, loads_toml
from proposalkit.core.program import Program
from proposalkit.core.rules import (
    BUILTIN_GROUPS,
    AmountCase,
    AmountLimit,
    ApplicantAge,
    ApplicantCase,
    AttachmentRequired,
    CategoryLimit,
    CharLimit,
    ProjectSize,
    ProjectWindow,
    ShareLimit,
    SourceNature,
    WordLimit,
)
from proposalkit.i18n import N_, Translator

Path_ = tuple[str | int, ...]

#: pydantic error types, in our words (the rest keep pydantic's English message).
_PYDANTIC = {
    "missing": N_("this field is required"),
    "extra_forbidden": N_("unknown field (check its spelling in docs/packs.md)"),
    "union_tag_invalid": N_("unknown rule kind {tag}; known kinds: {expected_tags}"),
    "union_tag_not_found": N_("a rule needs a kind; known kinds: {expected_tags}"),
    "string_too_short": N_("must not be empty"),
    "string_pattern_mismatch": N_("must be lowercase letters, digits, - and _ (codes: "
                                  "capitals, digits and -)"),
    "string_type": N_("must be text"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "decimal_parsing": N_("must be a number"),
    "decimal_type": N_("must be a number"),
    "decimal_max_places": N_("must have at most {decimal_places} decimals (cents)"),
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than_equal": N_("must be at most {le}"),
    "less_than": N_("must be less than {lt}"),
    "list_type": N_("must be a list"),
    "too_short": N_("must have at least {min_length} item(s)"),
    "literal_error": N_("must be one of {expected}"),
    "datetime_from_date_parsing": N_("must be a date and time, like 2022-10-17T23:59:00"),
    "datetime_parsing": N_("must be a date and time, like 2022-10-17T23:59:00"),
    "datetime_type": N_("must be a date and time, like 2022-10-17T23:59:00"),
    "date_from_datetime_parsing": N_("must be a date, like 2026-04-01"),
    "date_parsing": N_("must be a date, like 2026-04-01"),
    "date_type": N_("must be a date, like 2026-04-01"),
    "model_type": N_("must be a table"),
    "model_attributes_type": N_("must be a table"),
    "dict_type": N_("must be a table"),
    "pack_format": N_("pack format {found} is not supported (this version reads {supported})"),
    "time_zone": N_("unknown time zone {zone}"),
    "url": N_("must be a web address starting with https:// or http://, without spaces"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a pack: where (field path and line) and what (a message id
    and its values, rendered in the reader's language)."""

    path: Path_
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None

    @property
    def field(self) -> str:
        """``rules[3].sources`` for ``("rules", 3, "sources")``."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text

    def detail(self, tr: Translator | None) -> str:
        """The message, in ``tr``'s language (English without one)."""
        template = tr.gettext(self.message) if tr is not None else self.message
        params = dict(self.params)
        if tr is not None and isinstance(params.get("what"), str):
            params["what"] = tr.gettext(params["what"])
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def with_line(self, line: int | None) -> Problem:
        """The same problem, at this line."""
        return Problem(self.path, self.message, self.params, line)


def _from_pydantic(exc: ValidationError) -> list[Problem]:
    problems = []
    seen: set[Path_] = set()
    for error in exc.errors():
        # A text-or-bilingual field given as a table: the author meant the bilingual form,
        # so only what that form lacks is reported (not also "must be text").
        if isinstance(error.get("input"), dict) and "constrained-str" in error["loc"]:
            continue
        # pydantic names the union's member in the path (rules.3.amount_limit.max,
        # max.list[decimal]): the pack author wrote rules[3].max. One problem per field.
        # Only the union member's name is dropped: a field named like a kind (a section's
        # word_limit) stays in the path.
        path: Path_ = ()
        for part in error["loc"]:
            # A source's own field named date (sources[0].date) is not pydantic's type name.
            technical = part in _TECHNICAL and not (
                part == "date" and len(path) == 2 and path[0] == "sources")
            if isinstance(part, str) and ("[" in part or technical or (
                    part in _KIND_NAMES and len(path) == 2 and path[0] == "rules")):
                continue
            path += (part,)
        if path in seen:
            continue
        seen.add(path)
        ctx = {k: (", ".join(map(str, v)) if isinstance(v, list | tuple) else v)
               for k, v in (error.get("ctx") or {}).items()}
        message = _PYDANTIC.get(error["type"])
        case_key = _rule_key_in_case(path) if error["type"] == "extra_forbidden" else None
        if case_key is not None:
            problems.append(Problem(path, N_(
                "{key} belongs to the rule, not to its case: TOML puts every key written "
                "after [[rules.cases]] in the case; move it above the rule's first case"),
                {"key": case_key}))
        elif message is None:
            problems.append(Problem(path, "{detail}", {"detail": error["msg"]}))
        else:
            problems.append(Problem(path, message, ctx))
    return problems


def _case_took_source(data: dict[str, Any], problems: list[Problem]) -> list[Problem]:
    """A rule's ``source`` written after its ``[[rules.cases]]`` line is valid TOML and a
    valid case field: the rule then lacks its own. Say so instead of "required"."""
    rules = data.get("rules")
    fixed = []
    for problem in problems:
        path = problem.path
        if (len(path) == 3 and path[0] == "rules" and path[2] == "source"
                and problem.message == _PYDANTIC["missing"] and isinstance(rules, list)
                and isinstance(path[1], int) and path[1] < len(rules)
                and isinstance(rules[path[1]], dict)):
            cases = rules[path[1]].get("cases")
            if isinstance(cases, list) and any(isinstance(c, dict) and "source" in c
                                               for c in cases):
                problem = Problem(path, N_(
                    "this field is required; the source written after [[rules.cases]] is "
                    "the case's: move the rule's source above its first case"))
        fixed.append(problem)
    return fixed


def _rule_key_in_case(path: Path_) -> str | None:
    """The key of ``rules[i].cases[j].<key>`` when it is a field every rule has (an
    author's ``severity`` written after ``[[rules.cases]]``), else None."""
    from proposalkit.core.rules import RuleBase

    if (len(path) == 5 and path[0] == "rules" and path[2] == "cases"
            and isinstance(path[4], str) and path[4] in RuleBase.model_fields):
        return path[4]
    return None


def _names() -> frozenset[str]:
    from proposalkit.core.rules import RULE_KINDS

    return frozenset(RULE_KINDS)


#: Names pydantic puts in an error's path that the pack author never wrote.
_TECHNICAL = frozenset({"function-after", "function-before", "list", "decimal",
                        "tagged-union[str]", "constrained-str", "Bilingual", "int", "date"})
_KIND_NAMES = _names()


def _unknown(path: Path_, what: str, name: str, known: list[str]) -> Problem:
    return Problem(path, N_("unknown {what} {name}; known: {known}"),
                   {"what": what, "name": repr(name), "known": ", ".join(known) or "-"})


def coherence_problems(program: Program) -> Iterator[Problem]:
    """What the models cannot see alone: every name used exists, lists fit the years."""
    lists = ("legal_forms", "main_activities", "territories", "partner_types",
             "governance_sectors", "expense_categories", "revenue_sources", "sections",
             "attachments", "rules")
    for name in lists:
        seen: set[str] = set()
        for index, item in enumerate(getattr(program, name)):
            key = getattr(item, "code", None) or item.id
            if key in seen:
                yield Problem((name, index), N_("duplicate id {id}"), {"id": repr(key)})
            seen.add(key)
    funders = [i for i, s in enumerate(program.revenue_sources) if s.funder]
    if len(funders) != 1:
        yield Problem(("revenue_sources",), N_("exactly one revenue source must be marked "
                                               "funder = true (found {n})"), {"n": len(funders)})
    forms = [c.id for c in program.legal_forms]
    acts = [c.id for c in program.main_activities]
    places = [c.id for c in program.territories]
    for index, form in enumerate(program.eligibility.legal_forms):
        if form not in forms:
            yield _unknown(("eligibility", "legal_forms", index), N_("legal form"), form, forms)
    for index, act in enumerate(program.eligibility.main_activities):
        if act not in acts:
            yield _unknown(("eligibility", "main_activities", index), N_("main activity"), act,
                           acts)
    source_ids = [s.id for s in program.revenue_sources]
    groups = sorted({g for s in program.revenue_sources for g in s.groups})
    for index, source in enumerate(program.revenue_sources):
        for i, group in enumerate(source.groups):
            if group in source_ids or group in BUILTIN_GROUPS:
                yield Problem(("revenue_sources", index, "groups", i), N_(
                    "the group {name} has the name of a revenue source (or a built-in set): "
                    "in a rule's sources, {name} would mean the source {name} together with "
                    "every source of the group; give the group its own name (e.g. "
                    "{name}_all)"), {"name": repr(group)})
    set_names = [*BUILTIN_GROUPS, *groups, *source_ids]
    categories = [c.id for c in program.expense_categories]
    sections = [s.id for s in program.sections]
    attachments = [a.id for a in program.attachments]
    for index, rule in enumerate(program.rules):
        at: Path_ = ("rules", index)
        if isinstance(rule, AmountLimit | ShareLimit | SourceNature):
            for i, name in enumerate(rule.sources):
                if name not in set_names:
                    yield _unknown((*at, "sources", i), N_("source or group"), name, set_names)
        if isinstance(rule, AmountLimit | ShareLimit):
            yield from _limit_problems(program, rule, at, forms, acts, places)
        if isinstance(rule, CategoryLimit):
            for i, name in enumerate(rule.categories):
                if name not in categories:
                    yield _unknown((*at, "categories", i), N_("expense category"), name, categories)
            if rule.max_amount is None and rule.max_share is None and not rule.cases:
                yield Problem(at, N_("give max_amount or max_share"))
            for i, case in enumerate(rule.cases):
                yield from _case_problems(case, (*at, "cases", i), forms, acts, places)
        if isinstance(rule, ProjectSize):
            if rule.min is None and rule.max is None and not rule.cases:
                yield Problem(at, N_("give max or min"))
            if rule.min is not None and rule.max is not None and rule.min > rule.max:
                yield Problem((*at, "min"), N_("min is above max"))
            for i, case in enumerate(rule.cases):
                yield from _case_problems(case, (*at, "cases", i), forms, acts, places)
        if isinstance(rule, ProjectWindow):
            if not any(v is not None for v in (rule.earliest_start, rule.latest_end,
                                               rule.min_months, rule.max_months)):
                yield Problem(at, N_("give earliest_start, latest_end, min_months or "
                                     "max_months"))
            if (rule.min_months is not None and rule.max_months is not None
                    and rule.min_months > rule.max_months):
                yield Problem((*at, "min_months"), N_("min_months is above max_months"))
            if (rule.earliest_start is not None and rule.latest_end is not None
                    and rule.earliest_start > rule.latest_end):
                yield Problem((*at, "earliest_start"), N_("earliest_start is after latest_end"))
            for name in ("min_months", "max_months"):
                months = getattr(rule, name)
                if months is not None and months > 12 * program.years:
                    # The budget has one column per year: a longer project has months
                    # with no budget (the rule would refuse every such proposal).
                    yield Problem((*at, name), N_(
                        "{field} is {months} months, longer than the budget's {years} years "
                        "(years = {years}: {limit} months)"),
                        {"field": name, "months": months, "years": program.years,
                         "limit": 12 * program.years})
        if isinstance(rule, ApplicantAge):
            if rule.min_years is None and rule.max_years is None:
                yield Problem(at, N_("give min_years or max_years"))
            if (rule.min_years is not None and rule.max_years is not None
                    and rule.min_years > rule.max_years):
                yield Problem((*at, "min_years"), N_("min_years is above max_years"))
            for i, name in enumerate(rule.legal_forms):
                if name not in forms:
                    yield _unknown((*at, "legal_forms", i), N_("legal form"), name, forms)
        if isinstance(rule, CharLimit):
            for i, name in enumerate(rule.sections):
                if name not in sections:
                    yield _unknown((*at, "sections", i), N_("section"), name, sections)
            limited = [s.id for s in program.sections if s.char_limit is not None]
            for i, name in enumerate(rule.sections or limited):
                if name in sections and name not in limited:
                    yield Problem((*at, "sections", i) if rule.sections else at,
                                  N_("section {id} has no char_limit"), {"id": repr(name)})
            if not limited:
                yield Problem(at, N_("no section has a char_limit"))
        if isinstance(rule, WordLimit):
            for i, name in enumerate(rule.sections):
                if name not in sections:
                    yield _unknown((*at, "sections", i), N_("section"), name, sections)
        if isinstance(rule, AttachmentRequired):
            for i, name in enumerate(rule.attachments):
                if name not in attachments:
                    yield _unknown((*at, "attachments", i), N_("attachment"), name, attachments)
            for i, name in enumerate(rule.legal_forms):
                if name not in forms:
                    yield _unknown((*at, "legal_forms", i), N_("legal form"), name, forms)
    yield from _source_problems(program)
    codes = [r.code for r in program.rules]
    for index, change in enumerate(program.history):
        for i, code in enumerate(change.rules):
            if code not in codes and not code.startswith("-"):
                yield _unknown(("history", index, "rules", i), N_("rule"), code,
                               codes + ["-CODE (a removed rule)"])


def _source_problems(program: Program) -> Iterator[Problem]:
    """The call's documents: each listed once (by its address, else by its title)."""
    seen: set[str] = set()
    for index, source in enumerate(program.sources):
        key = source.url or (source.title if isinstance(source.title, str)
                             else source.title.en)
        if key in seen:
            yield Problem(("sources", index), N_("this source is listed twice ({key})"),
                          {"key": key})
        seen.add(key)


def _case_problems(case: ApplicantCase, at: Path_, forms: list[str], acts: list[str],
                   places: list[str]) -> Iterator[Problem]:
    """A case names who it is for, with names the pack declares."""
    if not case.legal_forms and not case.main_activities and not case.territories:
        yield Problem(at, N_("a case names legal_forms, main_activities or territories"))
    for j, name in enumerate(case.legal_forms):
        if name not in forms:
            yield _unknown((*at, "legal_forms", j), N_("legal form"), name, forms)
    for j, name in enumerate(case.main_activities):
        if name not in acts:
            yield _unknown((*at, "main_activities", j), N_("main activity"), name, acts)
    for j, name in enumerate(case.territories):
        if name not in places:
            yield _unknown((*at, "territories", j), N_("territory"), name, places)


def _limit_problems(program: Program, rule: AmountLimit | ShareLimit, at: Path_,
                    forms: list[str], acts: list[str],
                    places: list[str]) -> Iterator[Problem]:
    if rule.max is None and rule.min is None and not rule.cases:
        yield Problem(at, N_("give max or min"))
    if rule.max is not None and rule.min is not None and not isinstance(rule.max, list) and (
            not isinstance(rule.min, list) and rule.min > rule.max):
        yield Problem((*at, "min"), N_("min is above max"))
    bounds: list[tuple[Path_, object]] = [((*at, "max"), rule.max), ((*at, "min"), rule.min)]
    for i, case in enumerate(rule.cases):
        yield from _case_problems(case, (*at, "cases", i), forms, acts, places)
        if isinstance(case, AmountCase):
            bounds += [((*at, "cases", i, "max"), case.max), ((*at, "cases", i, "min"), case.min)]
    for path, bound in bounds:
        if not isinstance(bound, list):
            continue
        if isinstance(rule, AmountLimit) and rule.period == "total":
            yield Problem(path, N_("a total limit is one amount, not a list"))
        elif len(bound) != program.years:
            yield Problem(path, N_("has {count} values but the program has {years} years"),
                          {"count": len(bound), "years": program.years})


# -- lines ------------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\s\"]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def line_of(text: str, path: Path_) -> int | None:
    """The 1-based line of the TOML ``text`` where the field ``path`` is written (or the
    closest table that holds it); None when not even its first part is found."""
    lines = text.splitlines()
    headers = []  # (index, name, is_array)
    for number, line in enumerate(lines):
        match = _HEADER.match(line)
        if match and not _KEY.match(line):
            headers.append((number, match.group(2).replace(" ", ""), match.group(1) == "[["))
    start, end, prefix, best = 0, len(lines), "", None
    parts = list(path)
    i = 0
    while i < len(parts):
        part = parts[i]
        if not isinstance(part, str):
            i += 1
            continue
        name = f"{prefix}.{part}" if prefix else part
        inside = [h for h in headers if start <= h[0] < end and h[1] == name]
        if inside:
            index = 0
            if inside[0][2] and i + 1 < len(parts) and isinstance(parts[i + 1], int):
                index = int(parts[i + 1])
                i += 1
            if index >= len(inside):
                return best
            number = inside[index][0]
            following = [h[0] for h in headers if h[0] > number
                         and not h[1].startswith(name + ".")]
            start, end = number, min([end, *following])
            prefix, best = name, number + 1
            i += 1
            continue
        # A key of the current table, before its first sub-table.
        own_end = min([end, *[h[0] for h in headers if start < h[0] < end]])
        for number in range(start + (1 if prefix else 0), own_end):
            match = _KEY.match(lines[number])
            if match and match.group(1) == part:
                return number + 1
        return best
    return best


def check_pack_text(text: str) -> tuple[Program | None, list[Problem]]:
    """Check a pack given as TOML text: the program (when it loads) and every problem."""
    try:
        data = loads_toml(text)
    except TooDeep as exc:
        return None, [Problem((), N_("tables and arrays nested more than {limit} levels deep"),
                              {"limit": exc.limit})]
    except NumberTooLarge as exc:
        return None, [Problem((), "{detail}", {"detail": str(exc)})]
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        return None, [Problem((), N_("not valid TOML ({detail})"), {"detail": str(exc)},
                              int(match.group(1)) if match else None)]
    try:
        program = Program.model_validate(data)
    except ValidationError as exc:
        return None, _by_line(text, _case_took_source(data, _from_pydantic(exc)))
    problems = _by_line(text, list(coherence_problems(program)))
    return (None if problems else program), problems


def _by_line(text: str, problems: list[Problem]) -> list[Problem]:
    # In the order of the file, as an author reads it.
    located = [p.with_line(line_of(text, p.path)) for p in problems]
    return sorted(located, key=lambda p: p.line or 0)


#: A pack is a page or two of TOML; anything far larger is not one (bounded read).
MAX_PACK_BYTES = 1024 * 1024


def read_pack_bytes(path: Path) -> bytes:
    """The bytes of the pack file at ``path``, refused (``OSError``) past
    :data:`MAX_PACK_BYTES` or when it is not a regular file."""
    from proposalkit.core.reading import NotRegularFile, TooLarge, read_limited

    # Without blocking on a pipe, nor reading a device or a huge file to its end.
    try:
        data = read_limited(path, MAX_PACK_BYTES)
    except NotRegularFile:
        raise OSError(f"{path.name}: not a regular file") from None
    except TooLarge:
        raise OSError(f"{path.name}: larger than {MAX_PACK_BYTES // 1024} KB, not a program "
                      "pack") from None
    return data


def check_pack_file(path: Path) -> tuple[Program | None, list[Problem]]:
    """Check the pack file at ``path`` (see :func:`check_pack_text`)."""
    try:
        text = read_pack_bytes(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem((), "{detail}", {"detail": str(exc)})]
    return check_pack_text(text)


def pack_schema() -> dict[str, Any]:
    """The JSON Schema of the pack format, generated from the models (for editors'
    completion; ``docs/pack-schema.json`` is this, kept current by a test)."""
    schema = Program.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "proposalkit program pack (format 2)"
    return schema


def install_pack(source: Path, folder: Path | None = None) -> tuple[Program, Path]:
    """Check the pack at ``source`` and copy it into the user's programs folder (or
    ``folder``) as ``<id>.toml``; return the program and the installed file.

    A broken pack raises :class:`~proposalkit.core.program.PackError` with every problem
    and nothing is written. The copy goes through a temporary file in the same folder,
    then replaces any older version of the same pack at once."""
    import tempfile

    from proposalkit.core.program import PackError
    from proposalkit.paths import user_programs_dir

    try:
        data = read_pack_bytes(source)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(source, [Problem((), "{detail}", {"detail": str(exc)})]) from None
    program, problems = check_pack_text(text)
    if problems or program is None:
        raise PackError(source, problems)
    from proposalkit.core.program import reserved_id_problem, shipped_ids

    if program.id in shipped_ids():
        raise PackError(source, [reserved_id_problem(program.id)])
    target_dir = folder if folder is not None else user_programs_dir()
    target = target_dir / f"{program.id}.toml"
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{program.id}-", suffix=".tmp", dir=target_dir)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, target)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError as exc:
        raise PackError(source, [Problem((), N_("cannot be installed in {folder}: {reason}"),
                                         {"folder": str(target_dir),
                                          "reason": exc.strerror or str(exc)})]) from None
    return program, target
