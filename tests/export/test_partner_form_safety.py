"""Partner forms sent back by someone else (issue 18): an edited hidden id is refused by
the keyed check, text is cleaned like typed text, a form that unpacks too much is
refused before pypdf inflates it, and the preview names the partner that changes."""

from __future__ import annotations

import zlib

import pytest
from pypdf import PdfReader, PdfWriter

from proposalkit.cli import main
from proposalkit.core.partner_form import clean_form_text
from proposalkit.export.form_budget import BudgetExceeded, check_streams
from proposalkit.storage import read_document
from tests.export import test_partner_forms

FORM = "forms/mrc-des-vallons.pdf"
forms = test_partner_forms.forms  # the same fixture: the example and its forms


def _fill(source, target, values) -> None:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
    writer.write(target)


def test_an_edited_hidden_partner_id_is_refused(forms, capsys):
    proposal = read_document(forms / "p.pkp").proposal
    other = next(p for p in proposal.partners if p.id != "mrc-vallons")
    _fill(forms / FORM, forms / "moved.pdf", {"pk_partner": other.id, "cash_1": "999 999 $"})
    before = (forms / "p.pkp").read_bytes()
    capsys.readouterr()
    assert main(["--lang", "en", "import-partner", "p.pkp", "moved.pdf"]) == 2
    err = capsys.readouterr().err
    assert "check does not match" in err and err.count("\n") == 1
    assert (forms / "p.pkp").read_bytes() == before
    assert main(["--lang", "fr", "import-partner", "p.pkp", "moved.pdf"]) == 2
    assert "vérification" in capsys.readouterr().err


def test_a_form_without_its_check_is_refused(forms, capsys):
    _fill(forms / FORM, forms / "old.pdf", {"pk_check": ""})
    assert main(["--lang", "en", "import-partner", "p.pkp", "old.pdf"]) == 2
    assert "older proposalkit" in capsys.readouterr().err


def test_control_characters_from_a_form_are_cleaned(forms, capsys):
    dirty = "Josée\x00 \x07Trudel\x1b[31m\ufffe\x9b"
    _fill(forms / FORM, forms / "dirty.pdf", {"contact_name": dirty, "role": "Rôle\x1b]0;x\x07"})
    capsys.readouterr()
    assert main(["--lang", "en", "import-partner", "p.pkp", "dirty.pdf"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x00" not in out and "\x07" not in out
    partner = read_document(forms / "p.pkp").proposal.partner("mrc-vallons")
    assert partner.contact.name == "Josée Trudel[31m"
    assert partner.role == "Rôle]0;x"
    # Making the forms again from the imported text works.
    assert main(["--lang", "en", "partner-forms", "p.pkp", "-o", "again"]) == 0


def test_clean_form_text_keeps_what_can_be_typed():
    assert clean_form_text("Été « 2018 » – œuvre\u00a0!") == "Été « 2018 » – œuvre\u00a0!"
    assert clean_form_text("a\x00b\x1bc\x7fd\x85e\ufffff\ud800") == "abcdef"


def test_the_preview_names_the_partner_the_proposal_knows(forms, capsys):
    _fill(forms / FORM, forms / "renamed.pdf", {"name": "Un tout autre nom"})
    capsys.readouterr()
    assert main(["--lang", "en", "import-partner", "p.pkp", "renamed.pdf", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The form of the MRC des Vallons changes:")


def _with_bomb(data: bytes, inflated: int) -> bytes:
    stream = zlib.compress(b"\0" * inflated, 9)
    extra = (b"99 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode >>\n"
             b"stream\n" % len(stream)) + stream + b"\nendstream\nendobj\n"
    end = data.rindex(b"xref")
    return data[:end] + extra + data[end:]


def test_a_form_whose_streams_unpack_too_much_is_refused(forms, capsys):
    data = (forms / FORM).read_bytes()
    assert check_streams(data) < 1_000_000  # our own form: a fraction of the budget
    (forms / "bomb.pdf").write_bytes(_with_bomb(data, 74_000_000))
    with pytest.raises(BudgetExceeded):
        check_streams((forms / "bomb.pdf").read_bytes())
    capsys.readouterr()
    assert main(["--lang", "en", "import-partner", "p.pkp", "bomb.pdf"]) == 2
    assert "unpack too much" in capsys.readouterr().err
    lzw = data.replace(b"/FlateDecode", b"/LZWDecode", 1)
    with pytest.raises(BudgetExceeded):
        check_streams(lzw)
