"""The dossier (intermediate document): content, order, figures, draft and progress."""

from __future__ import annotations

from decimal import Decimal

import pytest

from proposalkit.core.budget import summarize
from proposalkit.core.example import example_proposal
from proposalkit.core.model import Attachment
from proposalkit.core.money import format_amount
from proposalkit.core.typography import narrow_groups, typeset
from proposalkit.export import annex_order, build_dossier
from proposalkit.export.ir import Cover, Heading, Table, TableOfContents
from proposalkit.export.text import clean, split_blocks
from tests.export.conftest import TODAY, dossier_of, flat, golden


def _amount(value, lang):
    """An amount as the dossier writes it (French thousands: narrow no-break spaces)."""
    return narrow_groups(format_amount(value, lang), lang)

def _table(dossier, name) -> Table:
    return next(t for t in dossier.tables() if t.name == name)


def _rows(dossier, table, kind=None):
    return [[dossier.cell_text(c) for c in row.cells] for row in table.rows()
            if kind is None or row.kind == kind]


def test_content_follows_the_call_in_order(dossier_fr, pack):
    kinds = [type(b).__name__ for b in dossier_fr.blocks[:4]]
    # The summary page comes first after the cover, then the table of contents.
    assert kinds == ["Cover", "PageBreak", "Heading", "KeyValues"]
    toc = next(i for i, b in enumerate(dossier_fr.blocks) if type(b).__name__ == "TableOfContents")
    assert type(dossier_fr.blocks[toc - 1]).__name__ == "PageBreak"
    anchors = [h.anchor for h in dossier_fr.headings(1)]
    sections = [f"section-{s.id}" for s in pack.sections]
    assert anchors == (["summary", "applicant", "partners", "governance"] + sections
                       + ["action-plan", "indicators", "budget", "checklist", "attestation",
                          "annexes", "rules-applied"])
    budget = [h.anchor for h in dossier_fr.headings(2) if h.level == 2]
    assert budget == ["summary-text", "summary-financing", "summary-indicators",
                      "action-plan-activities",
                      "action-plan-timeline", "budget-expenses", "budget-revenues",
                      "financing-plan", "budget-caps", "budget-fiscal-years", "rules-sources"]


def test_every_section_of_the_pack_has_its_heading_and_text(dossier_fr, pack, example):
    titles = {h.anchor: h.text for h in dossier_fr.headings()}
    for number, section in enumerate(pack.sections, start=4):
        assert titles[f"section-{section.id}"] == f"{number}. {section.title.fr}"
    text = " ".join(getattr(b, "text", "") for b in dossier_fr.blocks)
    first_paragraph = typeset(example.sections["context"].split("\n\n")[0], "fr")
    assert first_paragraph in text


def test_cover_states_the_request_and_status(dossier_fr, example, pack):
    cover = next(b for b in dossier_fr.blocks if isinstance(b, Cover))
    summary = summarize(pack, example)
    facts = dict(cover.facts)
    assert facts["Québec\u00a0: montant demandé sur 4 ans"] == "1\u202f600\u202f000,00\u00a0$"
    assert summary.funder_total == Decimal(1_600_000)
    assert facts["État"] == "Version finale"
    assert cover.applicant == "Carrefour Innovation Mauricie"
    assert dossier_fr.status == "final" and not dossier_fr.open_errors


def test_budget_tables_hold_the_summary_figures(dossier_fr, example, pack):
    summary = summarize(pack, example)
    fr = "fr"
    expenses = _table(dossier_fr, "budget-expenses")
    total = _rows(dossier_fr, expenses, "total")[0]
    assert total[2:] == [_amount(v, fr) for v in summary.expenses_by_year] + [
        _amount(summary.expenses_total, fr)]
    # Every category total appears as its only line or as its subtotal.
    shown = {row[-1] for row in _rows(dossier_fr, expenses)}
    for category in summary.expenses_by_category:
        assert _amount(summary.category_total(category), fr) in shown
    revenues = _table(dossier_fr, "budget-revenues")
    cash, in_kind, all_revenues = _rows(dossier_fr, revenues, "total")
    assert cash[-1] == _amount(summary.cash_total, fr)
    assert in_kind[-1] == _amount(summary.in_kind_total, fr)
    assert all_revenues[3:] == [_amount(v, fr) for v in summary.revenues_by_year] + [
        _amount(summary.revenues_total, fr)]
    caps = _rows(dossier_fr, _table(dossier_fr, "budget-caps"))
    assert caps[4][1:3] == [_amount(pack.caps.funder_total, fr),
                            _amount(summary.funder_total, fr)]
    assert caps[0][3] == _amount(pack.caps.funder_per_year[0] - summary.funder_by_year[0],
                                       fr)
    fiscal = _table(dossier_fr, "budget-fiscal-years")
    assert len(fiscal.body) == len(summary.fiscal_years) == 5
    assert _rows(dossier_fr, fiscal, "total")[0][2] == _amount(summary.expenses_total, fr)


def test_partners_table_lists_every_partner_and_their_contributions(dossier_fr, example):
    table = _table(dossier_fr, "partners")
    names = [row[0] for row in _rows(dossier_fr, table, "body")]
    assert names == [p.name for p in example.partners]
    total = _rows(dossier_fr, table, "total")[0]
    cash = sum((sum(p.cash, Decimal(0)) for p in example.partners), Decimal(0))
    assert total[3] == _amount(cash, "fr")


def test_header_rows_name_the_project_years_and_months(dossier_fr):
    header = _table(dossier_fr, "budget-expenses").header
    assert header[0][2:] == ("Année 1", "Année 2", "Année 3", "Année 4", "Total")
    assert header[1][2] == "juill. 2018 – juin 2019"


def test_language_follows_the_proposal_unless_asked(example, pack, dossier_en):
    assert dossier_of(example).headings()[0].text == "Sommaire du projet"
    assert dossier_of(example).headings(1)[1].text == "1. Identification du demandeur"
    assert dossier_en.headings(1)[1].text == "1. Applicant identification"
    assert dossier_en.language_tag == "en-CA"
    assert dossier_en.labels.page == "Page {page} of {pages}"
    english = example.model_copy(update={"language": "en"})
    assert dossier_of(english).lang == "en"


def test_a_proposal_with_errors_is_a_draft_listing_them(pack):
    proposal = example_proposal()
    proposal.sections["context"] = ""
    proposal.applicant.neq = "12"
    dossier = dossier_of(proposal)
    assert dossier.is_draft
    assert dossier.headings()[-1].anchor == "open-errors"
    errors = _rows(dossier, _table(dossier, "open-errors"))
    assert {row[0] for row in errors} == {"PRI-SECTION", "PRI-FORMAT"}
    assert any("12" in row[1] for row in errors)
    # Each error's source, in the dossier's language (the pack gives it in both).
    sources = {row[0]: row[2] for row in errors}
    assert sources["PRI-FORMAT"].startswith("Formats du Registraire des entreprises (NEQ, 10 "
                                            "chiffres), de Postes Canada")
    english = _rows(dossier_of(proposal, "en"), _table(dossier_of(proposal, "en"),
                                                       "open-errors"))
    assert {row[0]: row[2] for row in english}["PRI-FORMAT"].startswith(
        "Formats of the Registraire des entreprises (NEQ, 10 digits), Canada Post")
    cover = next(b for b in dossier.blocks if isinstance(b, Cover))
    assert cover.status_text == ("Brouillon\u00a0: 1 erreur à corriger, 1 élément à remplir "
                                 "avant le dépôt")
    assert dossier.labels.draft == "BROUILLON"


def test_annexes_follow_the_checklist_and_name_what_cannot_be_bound(pack):
    proposal = example_proposal()
    proposal.attachments.insert(0, Attachment(
        id="plan", title="Plan d'affaires", kind="", reference="attachments/plan.docx",
        filename="plan.docx",
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    ordered = annex_order(pack, proposal)
    assert [a.id for a in ordered][:5] == [f"letter-{p.id}" for p in proposal.partners]
    assert ordered[-1].id == "plan"
    dossier = dossier_of(proposal)
    statuses = {a.title: a.status for a in dossier.annexes}
    assert statuses["Plan d'affaires"] == "separate"
    assert statuses["Résolution du conseil d’administration"] == "included"
    assert [a.number for a in dossier.annexes] == list(range(1, 10))


def test_progress_goes_from_zero_to_one(example, pack):
    seen = []
    build_dossier(pack, example, [], "fr", today=TODAY, progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)


def test_a_cancelled_build_raises_from_the_callback(example, pack):
    def cancel(fraction, message):
        if fraction > 0.3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_dossier(pack, example, [], "fr", today=TODAY, progress=cancel)


def test_user_text_loses_what_xml_refuses():
    assert clean("a\x00b\x01c\x0bd\x1fe\ufffef\ud800g\r\nh\ti") == "abcdefg\nh i"
    assert split_blocks("Intro :\n- un\n- deux\n\nFin") == [
        ("paragraph", ["Intro :"]), ("bullets", ["un", "deux"]), ("paragraph", ["Fin"])]


def test_toc_and_headings_are_consistent(dossier_fr):
    toc = next(b for b in dossier_fr.blocks if isinstance(b, TableOfContents))
    assert toc.title == "Table des matières"
    anchors = [b.anchor for b in dossier_fr.blocks if isinstance(b, Heading)]
    assert len(anchors) == len(set(anchors))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_structure_matches_the_golden_file(example, lang):
    golden(f"dossier-structure-{lang}", dossier_of(example, lang).structure())


def test_ids_unknown_to_the_program_are_shown_cleaned():
    proposal = example_proposal()
    proposal.budget.expenses[0].category = "autre\x01"
    proposal.partners[0].type = "coop\x0b"
    dossier = dossier_of(proposal)
    expenses = _rows(dossier, _table(dossier, "budget-expenses"))
    assert any(row[0] == "autre" for row in expenses)
    assert _rows(dossier, _table(dossier, "partners"))[0][1] == "coop"


def test_share_table_compares_the_share_of_costs_with_its_limit(dossier_fr, example, pack):
    # The share row states the share of the costs (54,42 %) against the limit (60 %), not
    # the fraction of the allowed amount used (90,7 %).
    from proposalkit.core.money import format_share

    fr = "fr"
    summary = summarize(pack, example)
    table = _table(dossier_fr, "budget-share")
    assert table.header[0] == ("Période", "Coûts ($)", "Compté ($)", "Part des coûts",
                               "Limite", "Marge restante ($)")
    overall = _rows(dossier_fr, table, "subtotal")[0]
    share, limit = (summary.share_total / summary.expenses_total, pack.caps.funder_share_max)
    assert overall[1:6] == [_amount(summary.expenses_total, fr),
                            _amount(summary.share_total, fr), *format_share(share, limit, fr),
                            _amount(summary.expenses_total * limit - summary.share_total,
                                          fr)]
    assert overall[3] == "54,42\u00a0%"
    years = _rows(dossier_fr, table, "body")
    assert [row[0] for row in years] == [f"Année {n}" for n in range(1, summary.years + 1)]


def test_first_of_the_month_is_an_ordinal_in_french(dossier_fr, dossier_en):
    def text(dossier):
        return " ".join(getattr(b, "text", "") for b in dossier.blocks)

    assert "Le projet commence le 1er juillet 2018." in text(dossier_fr)
    assert "July 1, 2018" in text(dossier_en)


def test_the_applicants_aside_stays_out_of_the_dossier(dossier_fr):
    text = " ".join(getattr(b, "text", "") for b in dossier_fr.blocks)
    assert "rarement" not in text


def test_the_appendix_lists_every_rule_with_its_source_and_assumptions(dossier_fr, pack):
    table = _table(dossier_fr, "rules-applied")
    rows = _rows(dossier_fr, table)
    assert [r[0] for r in rows] == [rule.code for rule in pack.rules]
    from proposalkit.i18n import translator

    fr = translator("fr")
    for row, rule in zip(rows, pack.rules, strict=True):
        # The same words; spaces as the typography pass sets them.
        assert flat(row[2]) == flat(typeset(rule.source_label(fr).replace("'", "’"), "fr"))
        assert ("(non précisé par l’appel\u202f; hypothèse)" in row[2]) == rule.assumption
