"""Attachments: copied in by their real type, under a safe name, within size limits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proposalkit.core.example import example_proposal
from proposalkit.i18n import translator
from proposalkit.storage import (
    AttachmentError,
    Document,
    add_attachment,
    add_attachment_bytes,
    attachments_total,
    detect_media_type,
    read_document,
    remove_attachment,
    restore_attachment,
    sanitize_filename,
    write_document,
)
from proposalkit.storage import attachments as module
from proposalkit.storage.schema import is_attachment_member
from tests.storage.conftest import docx_bytes, jpeg_bytes, pdf_bytes, png_bytes, small_docx_bytes


@pytest.fixture
def empty() -> Document:
    proposal = example_proposal()
    proposal.attachments = []
    return Document(proposal)


@pytest.mark.parametrize(
    ("make", "media_type"),
    [(pdf_bytes, "application/pdf"), (png_bytes, "image/png"), (jpeg_bytes, "image/jpeg"),
     (docx_bytes, module.DOCX), (small_docx_bytes, module.DOCX)],
)
def test_detects_the_accepted_types(make, media_type):
    assert detect_media_type(make()) == media_type


@pytest.mark.parametrize(
    "data",
    [b"", b"hello", b"GIF89a....", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old .doc",
     b"PK\x03\x04 broken zip", b"{\\rtf1 rich text}", b"MZ\x90\x00 program"],
)
def test_refuses_other_types(data):
    assert detect_media_type(data) is None


def test_an_xlsx_is_not_a_docx():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert detect_media_type(buffer.getvalue()) is None


def test_add_from_disk_copies_the_bytes_with_their_facts(tmp_path, empty):
    source = tmp_path / "Lettre d'appui — MRC.pdf"
    data = pdf_bytes()
    source.write_bytes(data)
    entry = add_attachment(empty, source, kind="support_letter", partner_id="mrc-vallons")
    source.write_bytes(b"changed afterwards")  # copied, not linked
    assert entry.filename == "Lettre d'appui — MRC.pdf"
    assert entry.title == "Lettre d'appui — MRC"
    assert entry.reference == "attachments/Lettre d'appui — MRC.pdf"
    assert entry.media_type == "application/pdf" and entry.size == len(data)
    assert len(entry.sha256) == 64 and entry.kind == "support_letter"
    assert empty.attachments[entry.reference] == data
    path = tmp_path / "p.pkp"
    write_document(path, empty)
    again = read_document(path)
    assert again.attachment_bytes(entry.id) == data
    assert again.proposal.attachment(entry.id) == entry


def test_type_comes_from_the_bytes_not_the_name(empty):
    entry = add_attachment_bytes(empty, png_bytes(), "scan")
    assert entry.media_type == "image/png" and entry.reference == "attachments/scan.png"
    assert entry.filename == "scan.png"
    for name in ("scan.pdf", "lettre.pdf.bat", "lettre.html", "lettre.desktop"):
        with pytest.raises(AttachmentError) as info:
            add_attachment_bytes(empty, png_bytes(), name)
        assert info.value.code == "wrong_extension"
        assert ".png" in info.value.message(translator("fr"))
    assert [a.filename for a in empty.proposal.attachments] == ["scan.png"]
    with pytest.raises(AttachmentError) as info:
        add_attachment_bytes(empty, b"MZ\x90\x00", "lettre.pdf")
    assert info.value.code == "unsupported_type"
    assert "DOCX" in info.value.message(translator("fr"))


def test_same_name_twice_gets_two_references(empty):
    one = add_attachment_bytes(empty, pdf_bytes("a"), "lettre.pdf")
    two = add_attachment_bytes(empty, pdf_bytes("b"), "LETTRE.pdf")
    three = add_attachment_bytes(empty, pdf_bytes("c"), "lettre.pdf")
    assert one.reference == "attachments/lettre.pdf"
    assert two.reference == "attachments/LETTRE-2.pdf"
    assert three.reference == "attachments/lettre-3.pdf"
    assert len(empty.attachments) == 3


def test_file_for_an_existing_entry(empty):
    listed = add_attachment_bytes(empty, pdf_bytes(), "old.pdf", title="Résolution",
                                  kind="board_resolution")
    entry = add_attachment_bytes(empty, jpeg_bytes(), "photo.jpg", attachment_id=listed.id)
    assert entry is listed and entry.title == "Résolution" and entry.kind == "board_resolution"
    assert entry.media_type == "image/jpeg"
    assert list(empty.attachments) == ["attachments/photo.jpg"]  # the old bytes are gone


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\josée\\lettre.pdf", "lettre.pdf"),
        ("a<b>c:d\"e|f?g*h.pdf", "a_b_c_d_e_f_g_h.pdf"),
        ("tab\there\n.pdf", "tab_here_.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("lpt1", "_lpt1"),
        ("  spaced  .pdf ", "spaced.pdf"),
        ("...", "attachment"),
        ("", "attachment"),
        ("e\u0301te\u0301.pdf", "été.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
        ("é" * 150 + ".pdf", "é" * 98 + ".pdf"),
    ],
)
def test_sanitize_filename(name, expected):
    assert sanitize_filename(name) == expected
    assert is_attachment_member("attachments/" + sanitize_filename(name))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_every_sanitized_name_is_a_safe_member(name):
    assert is_attachment_member("attachments/" + sanitize_filename(name))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_added_attachments_always_save_and_reopen(tmp_path_factory, names):
    proposal = example_proposal()
    proposal.attachments = []
    document = Document(proposal)
    data = png_bytes()
    for name in names:
        try:
            add_attachment_bytes(document, data, name)
        except AttachmentError as exc:  # a name whose extension says it is not a PNG
            assert exc.code == "wrong_extension"
            add_attachment_bytes(document, data, name + ".png")
    path = tmp_path_factory.mktemp("names") / "p.pkp"
    write_document(path, document)
    assert read_document(path).proposal.attachments == document.proposal.attachments


def test_size_limits_per_file_and_in_total(tmp_path, empty, monkeypatch):
    monkeypatch.setattr(module, "MAX_ATTACHMENT_SIZE", 5000)
    monkeypatch.setattr(module, "MAX_ATTACHMENTS_TOTAL", 9000)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 6000)
    with pytest.raises(AttachmentError) as info:
        add_attachment(empty, big)
    assert info.value.code == "too_large"
    assert info.value.message(translator("en")) == (
        "big.pdf is 6 KB; an attachment may be at most 5 KB.")
    assert info.value.message(translator("fr")) == (
        "big.pdf fait 6 Ko\u202f; une pièce jointe ne peut dépasser 5 Ko.")
    add_attachment_bytes(empty, b"%PDF-1.4\n" + b"0" * 4000, "a.pdf")
    add_attachment_bytes(empty, b"%PDF-1.4\n" + b"0" * 4000, "b.pdf")
    with pytest.raises(AttachmentError) as info:
        add_attachment_bytes(empty, b"%PDF-1.4\n" + b"0" * 1000, "c.pdf")
    assert info.value.code == "total_too_large"
    assert "9 KB" in str(info.value) and "c.pdf" in str(info.value)
    assert attachments_total(empty) == 2 * 4009


def test_real_limits_are_megabytes_in_messages(empty):
    error = module._too_large("rapport.pdf", 31_500_000)
    assert error.message(translator("en")) == (
        "rapport.pdf is 31.5 MB; an attachment may be at most 25 MB.")
    assert error.message(translator("fr")) == (
        "rapport.pdf fait 31,5 Mo\u202f; une pièce jointe ne peut dépasser 25 Mo.")


@pytest.mark.parametrize(
    ("make", "code"),
    [(lambda p: p, "missing"), (lambda p: (p.mkdir(), p)[1], "is_directory")],
    ids=["missing", "folder"],
)
def test_source_that_cannot_be_read(tmp_path, empty, make, code):
    with pytest.raises(AttachmentError) as info:
        add_attachment(empty, make(tmp_path / "x.pdf"))
    assert info.value.code == code


def test_remove_and_put_back(tmp_path, empty):
    first = add_attachment_bytes(empty, pdf_bytes(), "a.pdf")
    second = add_attachment_bytes(empty, png_bytes(), "b.png")
    removed = remove_attachment(empty, first.id)
    assert [a.id for a in empty.proposal.attachments] == [second.id]
    assert list(empty.attachments) == [second.reference]
    restore_attachment(empty, removed)
    assert [a.id for a in empty.proposal.attachments] == [first.id, second.id]
    assert empty.attachment_bytes(first.id) == pdf_bytes()
    with pytest.raises(AttachmentError) as info:
        remove_attachment(empty, "nope")
    assert info.value.code == "unknown"


def test_put_back_after_the_name_was_taken(empty):
    first = add_attachment_bytes(empty, pdf_bytes("a"), "a.pdf")
    removed = remove_attachment(empty, first.id)
    add_attachment_bytes(empty, pdf_bytes("b"), "a.pdf")
    restored = restore_attachment(empty, removed)
    assert restored.reference == "attachments/a-2.pdf"
    assert empty.attachments["attachments/a.pdf"] == pdf_bytes("b")
    assert empty.attachments["attachments/a-2.pdf"] == pdf_bytes("a")


def test_shared_bytes_stay_while_another_entry_uses_them(empty):
    entry = add_attachment_bytes(empty, pdf_bytes(), "a.pdf")
    twin = entry.model_copy(update={"id": "twin"})
    empty.proposal.attachments.append(twin)
    remove_attachment(empty, entry.id)
    assert empty.attachment_bytes("twin") == pdf_bytes()
