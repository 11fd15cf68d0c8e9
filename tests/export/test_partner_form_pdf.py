"""The partner form as a partner sees it: whole title, fields in an embedded font that
gives back what is typed, a signature block, metadata; a signed form still imports."""
# ruff: noqa: F811 - the shared ``forms`` fixture is imported, then named as a parameter

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

from proposalkit.cli import main
from proposalkit.core.example import example_proposal
from proposalkit.core.program import default_catalog
from proposalkit.export.partner_forms import partner_form_pdf
from proposalkit.storage import read_document

# The example and its forms, written by the command line (tests take it as a parameter).
from .test_partner_forms import forms  # noqa: F401

TYPED = "Josée d’Auteuil « Inuit » ᐃᓄᒃᑎᑐᑦ"
LONG_TITLE = ("Corporation de développement économique régionale de la Haute-Mauricie et du "
              "Nord-du-Québec : guichet d’accompagnement des entreprises en milieu rural")
STANDARD_14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


def _form(**changes) -> PdfReader:
    proposal = example_proposal()
    for key, value in changes.items():
        setattr(proposal.metadata, key, value)
    program = default_catalog().get(proposal.program_id)
    data = partner_form_pdf(program, proposal, "id-1", proposal.partners[0], key="0" * 64,
                            today=date(2026, 12, 7))
    return PdfReader(io.BytesIO(data))


def _fonts(path: Path) -> str:
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                             check=True).stdout
    return "\n".join(sorted({line.split()[0] for line in listing.splitlines()[2:]}))


def test_the_whole_title_is_on_the_form_wrapped_not_cut():
    text = " ".join(_form(title=LONG_TITLE).pages[0].extract_text().split())
    assert LONG_TITLE in text


def test_descriptions_are_left_empty_and_role_and_descriptions_are_multiline():
    fields = _form().get_fields()
    # The example's revenue lines only repeat the partner's name: nothing the lead wrote.
    assert fields["cash_description"].get("/V") in (None, "")
    assert fields["in_kind_description"].get("/V") in (None, "")
    for name in ("role", "cash_description", "in_kind_description"):
        assert int(fields[name].get("/Ff", 0)) & 4096, name  # multi-line
    assert fields["role"]["/V"] == example_proposal().partners[0].role


def test_zero_amounts_are_left_blank_for_the_partner():
    proposal = example_proposal()
    partner = proposal.partners[1]
    partner.cash = []
    program = default_catalog().get(proposal.program_id)
    data = partner_form_pdf(program, proposal, "id-1", partner, key="0" * 64)
    fields = PdfReader(io.BytesIO(data)).get_fields()
    assert all(fields[f"cash_{n}"].get("/V") in (None, "") for n in range(1, 5))
    assert fields["in_kind_1"]["/V"] == "20 000,00 $"


def test_the_form_has_a_signature_field_and_a_place_to_sign():
    reader = _form()
    fields = reader.get_fields()
    assert fields["signature"]["/FT"] == "/Sig" and "/V" not in fields["signature"]
    text = reader.pages[0].extract_text()
    assert "Signature" in text and "signez à la main" in text


def test_the_metadata_speak_the_proposals_language():
    reader = _form()
    meta = reader.metadata
    proposal = example_proposal()
    assert meta.author == proposal.applicant.legal_name
    assert meta.title.startswith("Formulaire du partenaire — ")
    assert meta.subject.startswith("Contribution de ")
    assert meta["/CreationDate"].startswith("D:20261207")
    assert reader.trailer["/Root"]["/Lang"] == "fr-CA"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_typed_text_comes_back_exactly_through_pypdf_without_standard_fonts(forms):
    writer = PdfWriter(clone_from=PdfReader(forms / "forms" / "mrc-des-vallons.pdf"))
    writer.update_page_form_field_values(
        writer.pages[0], {"contact_name": TYPED, "role": "Rôle « clé » : ᐊᐃᑉᐱᑐᑦ",
                          "cash_2": "25 000 $"}, auto_regenerate=False)
    writer.write(forms / "filled.pdf")
    fonts = _fonts(forms / "filled.pdf")
    assert "ProposalkitFormSans" in fonts
    assert not any(name in fonts for name in STANDARD_14), fonts
    assert _fonts(forms / "forms" / "mrc-des-vallons.pdf") == fonts
    assert main(["--lang", "en", "import-partner", "p.pkp", "filled.pdf"]) == 0
    partner = read_document(forms / "p.pkp").proposal.partner("mrc-vallons")
    assert partner.contact.name == TYPED and partner.role == "Rôle « clé » : ᐊᐃᑉᐱᑐᑦ"
    assert partner.cash[1] == Decimal(25000)


@pytest.mark.skipif(shutil.which("mutool") is None, reason="MuPDF's mutool is not installed")
def test_typed_text_comes_back_exactly_through_mupdf(forms):
    typed = {"Personne-ressource": TYPED, "Titre": "Directrice générale — « DG »"}
    subprocess.run(["mutool", "run", str(Path(__file__).with_name("fill_form.js")),
                    str(forms / "forms" / "mrc-des-vallons.pdf"), str(forms / "mu.pdf"),
                    json.dumps(typed)], check=True, capture_output=True)
    assert main(["--lang", "en", "import-partner", "p.pkp", "mu.pdf"]) == 0
    partner = read_document(forms / "p.pkp").proposal.partner("mrc-vallons")
    assert partner.contact.name == TYPED
    assert partner.contact.title == "Directrice générale — « DG »"


def _sign(source: Path, target: Path) -> None:
    # What a reader's "sign" tool leaves: a signature dictionary as the /Sig field's value
    # (here with an empty PKCS#7 blob; the import reads figures, not certificates).
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.update_page_form_field_values(writer.pages[0], {"attest_name": "Josée Trudel",
                                                           "cash_1": "40 000 $"},
                                         auto_regenerate=False)
    signature = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Sig"),
        NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
        NameObject("/SubFilter"): NameObject("/adbe.pkcs7.detached"),
        NameObject("/ByteRange"): ArrayObject(NumberObject(n) for n in (0, 0, 0, 0)),
        NameObject("/Contents"): ByteStringObject(b"\0" * 64),
    }))
    for annotation in writer.pages[0]["/Annots"]:
        widget = annotation.get_object()
        if widget.get("/FT") == "/Sig":
            widget[NameObject("/V")] = signature
    writer._root_object["/AcroForm"][NameObject("/SigFlags")] = NumberObject(3)
    writer.write(target)


def test_a_signed_form_imports_the_same_figures(forms, capsys):
    _sign(forms / "forms" / "mrc-des-vallons.pdf", forms / "signed.pdf")
    assert main(["--lang", "en", "import-partner", "p.pkp", "signed.pdf"]) == 0
    partner = read_document(forms / "p.pkp").proposal.partner("mrc-vallons")
    assert partner.cash[0] == Decimal(40000)
    assert partner.attestation.name == "Josée Trudel"


def test_the_signed_form_can_be_kept_as_the_partners_letter(forms, capsys):
    _sign(forms / "forms" / "mrc-des-vallons.pdf", forms / "signed.pdf")
    assert main(["--lang", "en", "import-partner", "p.pkp", "signed.pdf",
                 "--keep-as-letter"]) == 0
    assert "joined to the attachments as the letter of MRC des Vallons" in capsys.readouterr().out
    document = read_document(forms / "p.pkp")
    partner = document.proposal.partner("mrc-vallons")
    letter = document.proposal.attachment(partner.letter_attachment_id)
    assert letter.kind == "support_letter" and letter.partner_id == partner.id
    assert letter.media_type == "application/pdf" and partner.letter_received
    assert document.attachments[letter.reference] == (forms / "signed.pdf").read_bytes()
    # The letter the example listed before stays among the attachments.
    assert document.proposal.attachment("letter-mrc-vallons") is not None


def test_the_field_font_covers_french_and_the_syllabics():
    from proposalkit.export.form_finish import covers

    assert covers("’ « » é è à ç ô œ Œ É — – … € ° ² \u202f\u00a0")
    assert covers("".join(chr(c) for c in range(0x1401, 0x1680)))  # Unified syllabics
    assert not covers("漢")
