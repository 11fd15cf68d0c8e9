"""Partner forms: made by us, filled by another program (pypdf), imported back."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader, PdfWriter

from proposalkit.cli import main
from proposalkit.storage import read_document


@pytest.fixture
def forms(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "example", "-o", "p.pkp"]) == 0
    assert main(["--lang", "en", "partner-forms", "p.pkp", "-o", "forms"]) == 0
    return tmp_path


def _fill(source, target, values, regenerate: bool) -> None:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=regenerate)
    writer.write(target)


FILLED = {"cash_2": "25 000 $", "in_kind_1": "31 500,50 $", "contact_name": "Josée Trudel",
          "contact_email": "jtrudel@mrcvallons.qc.ca", "cash_description": "Guichet rural",
          "attest_name": "Josée Trudel", "attest_title": "Directrice générale",
          "attest_date": "18/04/2018"}


def test_the_form_is_prefilled_in_the_proposals_language_without_scripts(forms):
    reader = PdfReader(forms / "forms" / "mrc-des-vallons.pdf")
    fields = {k: v.get("/V") for k, v in reader.get_fields().items()}
    assert fields["name"] == "MRC des Vallons" and fields["pk_partner"] == "mrc-vallons"
    assert fields["pk_proposal"] == read_document(forms / "p.pkp").history.proposal_id
    assert fields["cash_1"] == "50 000,00 $" and fields["in_kind_4"] == "30 000,00 $"
    text = reader.pages[0].extract_text()
    assert "Formulaire du partenaire" in text and "Contribution" in text
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    assert "/JavaScript" not in root.get("/Names", {})
    for annotation in reader.pages[0]["/Annots"]:
        annotation = annotation.get_object()
        assert "/AA" not in annotation and "/A" not in annotation  # no action, no script
    assert reader.get_fields()["pk_proposal"].get("/Ff") == 1  # read-only


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_the_form_is_a_well_formed_pdf(forms):
    result = subprocess.run(["qpdf", "--check", str(forms / "forms" / "mrc-des-vallons.pdf")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("regenerate", [False, True], ids=["as-filled", "appearances-regenerated"])
def test_a_form_filled_elsewhere_is_imported(forms, capsys, regenerate):
    _fill(forms / "forms" / "mrc-des-vallons.pdf", forms / "filled.pdf", FILLED, regenerate)
    before = (forms / "p.pkp").read_bytes()
    assert main(["--lang", "en", "import-partner", "p.pkp", "filled.pdf", "-o", "out.pkp"]) == 0
    assert (forms / "p.pkp").read_bytes() == before
    out = capsys.readouterr().out
    assert "Cash contribution, year 2: $50,000.00 → $25,000.00" in out
    # 25 000 $ less in the revenues: the budget no longer balances, and it is said.
    assert "New finding: " in out and "fall short of expenses ($730,000.00) by $25,000.00" in out
    proposal = read_document(forms / "out.pkp").proposal
    partner = proposal.partner("mrc-vallons")
    assert partner.cash == [Decimal(50000), Decimal(25000), Decimal(50000), Decimal(50000)]
    assert partner.in_kind[0] == Decimal("31500.50")
    assert partner.contact.name == "Josée Trudel"
    assert partner.attestation.signed_on.isoformat() == "2018-04-18"
    # The revenue line booking the cash follows, so the budget shows what was promised.
    line = next(r for r in proposal.budget.revenues
                if r.partner_id == "mrc-vallons" and r.nature == "cash")
    assert line.amounts == partner.cash and line.description == "Guichet rural"


@pytest.mark.skipif(shutil.which("mutool") is None, reason="MuPDF's mutool is not installed")
def test_a_form_filled_with_mupdf_is_imported(forms, capsys):
    # MuPDF is the engine of several free readers; it fills and redraws the fields itself.
    typed = {"Personne-ressource": "Josée Trudel", "En argent — Année 3": "22 500 $",
             "En nature — Année 2": "32 000,00 $", "Date (AAAA-MM-JJ)": "19/04/2018"}
    subprocess.run(["mutool", "run", str(Path(__file__).with_name("fill_form.js")),
                    str(forms / "forms" / "mrc-des-vallons.pdf"), str(forms / "mu.pdf"),
                    json.dumps(typed)], check=True, capture_output=True)
    assert main(["--lang", "en", "import-partner", "p.pkp", "mu.pdf"]) == 0
    partner = read_document(forms / "p.pkp").proposal.partner("mrc-vallons")
    assert partner.cash[2] == Decimal(22500) and partner.in_kind[1] == Decimal(32000)
    assert partner.contact.name == "Josée Trudel"
    assert partner.attestation.signed_on.isoformat() == "2018-04-19"


def test_nonsense_changes_nothing_and_says_what_is_wrong(forms, capsys):
    _fill(forms / "forms" / "mrc-des-vallons.pdf", forms / "bad.pdf",
          {"cash_1": "beaucoup", "contact_email": "pas une adresse", "attest_date": "hier"},
          False)
    before = (forms / "p.pkp").read_bytes()
    assert main(["--lang", "en", "import-partner", "p.pkp", "bad.pdf"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "year 1" in err and "pas une adresse" in err
    assert "hier" in err
    assert (forms / "p.pkp").read_bytes() == before


def test_a_form_for_another_proposal_or_partner_is_refused(forms, capsys):
    assert main(["--lang", "en", "example", "-o", "other.pkp"]) == 0
    form = forms / "forms" / "mrc-des-vallons.pdf"
    assert main(["--lang", "en", "import-partner", "other.pkp", str(form)]) == 2
    assert "another proposal" in capsys.readouterr().err
    _fill(form, forms / "moved.pdf", {"pk_partner": "nobody"}, False)
    assert main(["--lang", "en", "import-partner", "p.pkp", "moved.pdf"]) == 2
    assert "partner that is not in this proposal" in capsys.readouterr().err
    (forms / "junk.pdf").write_bytes(b"%PDF-1.4 not really")
    assert main(["--lang", "en", "import-partner", "p.pkp", "junk.pdf"]) == 2


def test_draft_letter_names_the_partner_and_its_contribution(forms):
    letter = WordDocument(io.BytesIO((forms / "forms" / "mrc-des-vallons.docx").read_bytes()))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "MRC des Vallons" in text and "Carrefour Innovation Mauricie" in text
    assert "200 000,00 $" in text.replace("\u202f", " ").replace("\u00a0", " ")
    assert letter.core_properties.language == "fr-CA"  # the proposal's language
