"""Lines of 0,00 $ in every year stay out of the dossier's budget tables (and the caption
says how many), and a draft's cover counts what is left the way the window does."""

from __future__ import annotations

from decimal import Decimal

from proposalkit.core.model import ExpenseLine, RevenueLine
from proposalkit.core.steps import tally, tally_text
from proposalkit.core.validation import validate
from proposalkit.export.ir import Cover, Paragraph, Table
from proposalkit.i18n import translator
from tests.export.conftest import TODAY, dossier_of, flat, program


def _table(dossier, name):
    return next(b for b in dossier.blocks if isinstance(b, Table) and b.name == name)


def _texts(table):
    return [cell for row in table.rows() for cell in row.cells if isinstance(cell, str)]


def test_lines_of_zeros_are_left_out_and_counted(example):
    zero = [Decimal(0)] * 4
    example.budget.expenses.append(ExpenseLine(category="travel", description="Cadre vide",
                                               amounts=zero))
    example.budget.revenues.append(RevenueLine(source="private", nature="in_kind",
                                               description="Commandite à venir",
                                               amounts=zero))
    dossier = dossier_of(example)
    expenses = _table(dossier, "budget-expenses")
    revenues = _table(dossier, "budget-revenues")
    assert "Cadre vide" not in _texts(expenses)
    assert "Commandite à venir" not in _texts(revenues)
    assert flat(expenses.caption).endswith("1 ligne à 0,00 $ chaque année n’est pas présentée.")
    assert flat(revenues.caption).endswith("1 ligne à 0,00 $ chaque année n’est pas présentée.")
    # A line with money in one year only is still shown.
    example.budget.expenses[-1].amounts = [Decimal(0), Decimal(10), Decimal(0), Decimal(0)]
    expenses = _table(dossier_of(example), "budget-expenses")
    assert "Cadre vide" in _texts(expenses)
    assert "chaque année" not in expenses.caption


def test_without_zero_lines_the_caption_is_unchanged(example):
    expenses = _table(dossier_of(example), "budget-expenses")
    assert expenses.caption == ("Dépenses par catégorie et par année du projet, en dollars "
                                "canadiens.")


def test_the_cover_counts_like_the_status_bar(example):
    example.applicant.legal_name = ""
    example.sections["context"] = ""
    example.budget.expenses[0].amounts[0] = Decimal(1)  # expenses no longer balance
    pack = program()
    for lang in ("fr", "en"):
        tr = translator(lang)
        findings = validate(pack, example, today=TODAY, lang=lang)
        counted = tally(pack, example, findings)
        assert 0 < counted["todo"] < counted["error"]
        dossier = dossier_of(example, lang)
        cover = next(b for b in dossier.blocks if isinstance(b, Cover))
        wrong = counted["error"] - counted["todo"]
        words = tr.ngettext("{n} error to correct", "{n} errors to correct", wrong).format(
            n=wrong) + ", " + tr.ngettext("{n} item to fill in", "{n} items to fill in",
                                          counted["todo"]).format(n=counted["todo"])
        assert words in cover.status_text
        assert words in tally_text(counted, tr)  # the status bar's very words
        appendix = next(b for b in dossier.blocks if isinstance(b, Paragraph)
                        and words in str(b.text))
        assert appendix is not None
