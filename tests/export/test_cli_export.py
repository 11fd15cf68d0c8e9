"""``proposalkit export``: files written atomically, messages, exit codes."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from proposalkit.cli import main
from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.export.atomic import write_atomically
from proposalkit.storage import Document, write_document
from tests.export.conftest import flat, pdf_text


@pytest.fixture
def example_file(tmp_path):
    proposal = example_proposal()
    path = tmp_path / "exemple.pkp"
    write_document(path, Document(proposal, example_attachments(proposal)))
    return path


@pytest.fixture
def draft_file(tmp_path):
    proposal = example_proposal()
    proposal.sections["context"] = ""
    proposal.applicant.address.postal_code = ""
    path = tmp_path / "brouillon.pkp"
    write_document(path, Document(proposal, example_attachments(proposal)))
    return path


def test_writes_all_three_files_and_says_so(example_file, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    code = main(["--lang", "en", "export", str(example_file), "--docx", str(out / "d.docx"),
                 "--pdf", str(out / "d.pdf"), "--package", str(out / "p.pdf"), "--final"])
    assert code == 0
    printed = capsys.readouterr().out
    for name in ("d.docx", "d.pdf", "p.pdf"):
        assert str(out / name) in printed
    assert "final" in printed
    assert sorted(p.name for p in out.iterdir()) == ["d.docx", "d.pdf", "p.pdf"]
    assert len(PdfReader(out / "p.pdf").pages) > len(PdfReader(out / "d.pdf").pages)


def test_lang_overrides_the_proposal_language(example_file, tmp_path):
    target = tmp_path / "en.pdf"
    assert main(["export", str(example_file), "--pdf", str(target), "--lang", "en"]) == 0
    assert "1. Applicant identification" in flat("\n".join(pdf_text(target.read_bytes())))
    assert main(["export", str(example_file), "--pdf", str(target)]) == 0
    assert "1. Identification du demandeur" in flat("\n".join(pdf_text(target.read_bytes())))
    assert main(["--lang", "en", "export", str(example_file), "--pdf", str(target)]) == 0
    assert "1. Applicant identification" in flat("\n".join(pdf_text(target.read_bytes())))


def test_final_is_refused_with_the_errors(draft_file, tmp_path, capsys):
    target = tmp_path / "final.pdf"
    code = main(["--lang", "fr", "export", str(draft_file), "--pdf", str(target), "--final"])
    assert code == 1
    err = capsys.readouterr().err
    assert "PRI-SECTION" in err and "sections.context" in err
    assert "L’exportation finale est refusée" in err
    assert not target.exists()


@pytest.mark.parametrize("system", ["en", "fr"])
def test_a_refused_final_export_speaks_one_language(draft_file, tmp_path, capsys,
                                                    monkeypatch, system):
    # A French proposal, messages in the system's language (no --lang): the list of
    # errors and the refusal line are in that one language.
    monkeypatch.setattr("proposalkit.cli.system_language", lambda: system)
    target = tmp_path / "final.pdf"
    assert main(["export", str(draft_file), "--pdf", str(target), "--final"]) == 1
    err = capsys.readouterr().err
    refusal = ("A final export is refused" if system == "en"
               else "L’exportation finale est refusée")
    empty = "is empty" if system == "en" else "est vide"
    other = "est vide" if system == "en" else "is empty"
    assert refusal in err and empty in err and other not in err
    assert ("ERROR\t" if system == "en" else "ERREUR\t") in err


def test_a_draft_is_written_when_final_is_not_asked(draft_file, tmp_path, capsys):
    target = tmp_path / "brouillon.pdf"
    assert main(["--lang", "fr", "export", str(draft_file), "--pdf", str(target)]) == 0
    captured = capsys.readouterr()
    assert "brouillon" in captured.out
    assert "erreurs" in captured.err
    assert all("BROUILLON" in page for page in pdf_text(target.read_bytes()))


@pytest.mark.parametrize("content", [b"", b"not a proposal", b"PK\x03\x04broken zip"])
def test_unreadable_input_exits_2_with_one_line(tmp_path, capsys, content):
    source = tmp_path / "bad.pkp"
    source.write_bytes(content)
    target = tmp_path / "x.pdf"
    assert main(["export", str(source), "--pdf", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not target.exists()


def test_missing_file_nothing_to_write_and_overwriting_the_proposal(example_file, tmp_path,
                                                                    capsys):
    before = example_file.read_bytes()
    assert main(["export", str(tmp_path / "absent.pkp"), "--pdf", str(tmp_path / "x.pdf")]) == 2
    assert main(["export", str(example_file)]) == 2
    assert main(["export", str(example_file), "--pdf", str(example_file)]) == 2
    err = capsys.readouterr().err
    assert "--docx" in err and len(err.strip().splitlines()) == 3
    assert example_file.read_bytes() == before


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "dossier.pdf"
    target.write_bytes(b"previous version")

    def half(fh):
        fh.write(b"%PDF-half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, half)
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["dossier.pdf"]


def test_unwritable_folder_exits_2(example_file, tmp_path, capsys):
    assert main(["export", str(example_file), "--pdf",
                 str(tmp_path / "no" / "such" / "folder.pdf")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_an_annex_that_cannot_be_bound_is_named_in_one_line(tmp_path, capsys):
    from proposalkit.storage import add_attachment_bytes

    proposal = example_proposal()
    document = Document(proposal, example_attachments(proposal))
    add_attachment_bytes(document, b"%PDF-1.7\n1 0 obj << /Type /Catalog", "releve.pdf",
                         title="Relevé bancaire")
    path = tmp_path / "abime.pkp"
    write_document(path, document)
    target = tmp_path / "p.pdf"
    assert main(["--lang", "en", "export", str(path), "--package", str(target)]) == 0
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if "Relevé bancaire" in line]
    assert len(lines) == 1 and "(releve.pdf)" in lines[0] and "damaged" in lines[0]
    assert "Traceback" not in captured.err and "pypdf" not in captured.err
    assert PdfReader(target).pages
