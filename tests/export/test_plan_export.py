"""The action plan, its timeline and the indicators in the dossier: the IR built from the
model, read back from the PDF (pdftotext), from the DOCX's cells and shading, and from
LibreOffice's conversion of the DOCX; figures equal to the model's, both languages, and
nothing for a call that does not ask for the parts."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from proposalkit.core.example_mei import example_proposal as estuaire
from proposalkit.core.plan import covers, figure_text, project_period, timeline_periods
from proposalkit.core.program import load_catalog
from proposalkit.export import render_docx
from proposalkit.export.pdf_writer import export_pdf
from proposalkit.i18n import translator
from proposalkit.paths import resources_dir
from tests.export.conftest import dossier_of, flat

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def table(dossier, name):
    return next(t for t in dossier.tables() if t.name == name)


def expected_bars(program, proposal, lang):
    """(activity index, period index) of every shaded cell, from the model alone."""
    start, end = project_period(program, proposal)
    periods = timeline_periods(start, end, translator(lang))
    return {(i, p) for i, activity in enumerate(proposal.activities)
            for p, period in enumerate(periods) if covers(activity, period)}


def bars_of(block):
    """The timeline table's shaded cells as (activity title, period index)."""
    rows = list(block.rows())
    return {(rows[r].cells[0], c - 1) for r, c in block.shaded}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_ir_holds_the_plan_grouped_by_axis(pack, example_document, lang):
    proposal = example_document.proposal
    dossier = dossier_of(proposal, lang)
    plan = table(dossier, "action-plan")
    groups = [row.cells[0] for row in plan.body if row.kind == "group"]
    assert groups == [axis.label(translator(lang)) for axis in pack.axes]
    titles = [row.cells[0] for row in plan.body if row.kind == "body"]
    assert sorted(titles) == sorted(a.title for a in proposal.activities)
    timeline = table(dossier, "timeline")
    assert len(timeline.columns) == 1 + 16  # four years by quarter
    by_title = {a.title: i for i, a in enumerate(proposal.activities)}
    assert {(by_title[t], p) for t, p in bars_of(timeline)} == expected_bars(
        pack, proposal, lang)
    indicators = table(dossier, "indicators")
    for row, indicator in zip(indicators.body, proposal.indicators, strict=True):
        assert row.cells[3:7] == tuple(figure_text(t, lang) for t in indicator.targets)


def test_figures_as_each_language_writes_them():
    from decimal import Decimal

    assert figure_text(Decimal("1000000"), "fr") == "1\u202f000\u202f000"
    assert figure_text(Decimal("1000000"), "en") == "1,000,000"
    assert figure_text(Decimal("12.5"), "fr") == "12,5"
    assert figure_text(Decimal("80.00"), "en") == "80"
    assert figure_text(None, "fr") == "—"


def test_a_call_without_the_parts_has_no_chapter(pack, example_document):
    bare = pack.model_copy(update={"parts": pack.parts.model_copy(
        update={"action_plan": False, "indicators": False})})
    dossier = dossier_of(example_document.proposal, "fr", bare)
    names = {t.name for t in dossier.tables()}
    assert not names & {"action-plan", "timeline", "indicators"}
    assert not [h for h in dossier.headings(1) if h.anchor in ("action-plan", "indicators")]


def test_an_empty_plan_says_so(pack, example_document):
    proposal = example_document.proposal.model_copy(deep=True)
    proposal.activities, proposal.indicators = [], []
    dossier = dossier_of(proposal, "en")
    anchors = [h.anchor for h in dossier.headings(1)]
    assert "action-plan" in anchors and "indicators" in anchors
    assert not {t.name for t in dossier.tables()} & {"action-plan", "timeline", "indicators"}


def _docx_tables(data: bytes) -> list:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return list(root.iter(f"{W}tbl"))


def _cell_texts(row) -> list[str]:
    return ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in row.iter(f"{W}tc")]


def test_docx_draws_the_bars_as_shaded_cells(pack, example_document):
    proposal = example_document.proposal
    dossier = dossier_of(proposal, "fr")
    data = render_docx(dossier, deterministic=True)
    timeline = next(t for t in _docx_tables(data)
                    if _cell_texts(t.find(f"{W}tr"))[0] == "Activité"
                    and "A1" in _cell_texts(t.find(f"{W}tr")))
    by_title = {a.title: i for i, a in enumerate(proposal.activities)}
    found = set()
    for row in timeline.iter(f"{W}tr"):
        cells = list(row.iter(f"{W}tc"))
        title = _cell_texts(row)[0]
        if title not in by_title:
            continue
        for column, cell in enumerate(cells[1:]):
            fill = cell.find(f"{W}tcPr/{W}shd")
            if fill is not None and fill.get(f"{W}fill") == "4A74A8":
                found.add((by_title[title], column))
    assert found == expected_bars(pack, proposal, "fr")


def _indicator_lines(text: str, proposal, lang: str) -> None:
    for indicator in proposal.indicators:
        figures = " ".join([figure_text(indicator.baseline, lang)]
                           + [figure_text(t, lang) for t in indicator.targets])
        assert flat(figures) in text, (indicator.name, figures)


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_reads_back_the_tables(example_document, tmp_path, lang):
    proposal = example_document.proposal
    target = tmp_path / "dossier.pdf"
    export_pdf(dossier_of(proposal, lang), target, deterministic=True)
    text = flat(subprocess.run([PDFTOTEXT, "-layout", str(target), "-"], capture_output=True,
                               text=True, check=True).stdout)
    _indicator_lines(text, proposal, lang)
    for activity in proposal.activities[:3]:
        assert flat(activity.title.split()[0]) in text
    assert ("Échéancier" if lang == "fr" else "Timeline") in text


@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                    reason="LibreOffice or pdftotext is not installed")
def test_libreoffice_reads_the_docx_tables(tmp_path):
    """The second shipped program (three years, four axes) through LibreOffice."""
    proposal = estuaire()
    program = load_catalog([resources_dir() / "programs"]).get(proposal.program_id)
    dossier = dossier_of(proposal, "fr", program)
    docx = tmp_path / "dossier.docx"
    docx.write_bytes(render_docx(dossier, deterministic=True))
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(docx)], capture_output=True, timeout=180, check=False)
    text = flat(subprocess.run([PDFTOTEXT, "-layout", str(tmp_path / "dossier.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout)
    _indicator_lines(text, proposal, "fr")
    for axis in program.axes:
        assert flat(axis.label.fr) in text
    assert "T1 T2 T3 T4 T1 T2 T3 T4 T1 T2 T3 T4" in text


def test_a_project_ending_far_off_keeps_its_timeline_on_the_page():
    # An end date the model allows (2099) from a file or a typo: columns of several years,
    # at most ten of them, and both writers lay the table out.
    from datetime import date

    from proposalkit.core.example import example_proposal
    from proposalkit.core.plan import MAX_YEAR_COLUMNS

    proposal = example_proposal()
    proposal.budget.end_date = date(2099, 12, 31)
    proposal.activities[0].end = "2099-12"
    first, last = project_period(load_catalog().get("pri-2018"), proposal)
    periods = timeline_periods(first, last, translator("fr"))
    assert len(periods) <= MAX_YEAR_COLUMNS + 1
    assert periods[0].label == "A1–A9" and periods[-1].last == last
    assert [p.first for p in periods[1:]] == [p.last + 1 for p in periods[:-1]]
    dossier = dossier_of(proposal)
    assert "Chaque colonne couvre 9 années du projet." in table(dossier, "timeline").caption
    export_pdf(dossier, io.BytesIO(), deterministic=True)
    assert render_docx(dossier, deterministic=True)[:2] == b"PK"
