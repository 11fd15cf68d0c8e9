"""Untrusted annexes: the package carries their pages and appearance only, and an annex
that cannot be bound is said in one line, when attached and when the package is made."""

from __future__ import annotations

import io
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter

from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.core.model import Attachment
from proposalkit.export import export_package
from proposalkit.export.annexes import AnnexError, bind_problem, prepare_annex
from proposalkit.i18n import translator
from proposalkit.storage import Document
from tests.export.conftest import dossier_of
from tests.export.hostile_pdf import FILLED, FORBIDDEN, MARK, hostile_pdf, inspect_pdf

PDF = "application/pdf"


def _with_annexes(*annexes: tuple[str, bytes]):
    """The example with extra PDF annexes ``(title, bytes)``; returns (package, info)."""
    proposal = example_proposal()
    files = example_attachments(proposal)
    for number, (title, data) in enumerate(annexes):
        reference = f"attachments/extra-{number}.pdf"
        proposal.attachments.append(Attachment(id=f"extra{number}", title=title,
                                               reference=reference,
                                               filename=f"extra-{number}.pdf", media_type=PDF))
        files[reference] = data
    buffer = io.BytesIO()
    info = export_package(dossier_of(proposal), Document(proposal, files), buffer,
                          deterministic=True)
    return buffer.getvalue(), info


@pytest.fixture(scope="module")
def hostile():
    return hostile_pdf()


def test_the_hostile_annex_really_carries_everything(hostile, tmp_path):
    # The inspector finds what the sanitizer must remove: the test below can fail.
    found = inspect_pdf(hostile, tmp_path)
    assert {"/JS", "/AA", "/OpenAction", "/XFA", "/EmbeddedFile", "/Launch",
            "/SubmitForm", "/FileAttachment", "/AcroForm", "/PS"} <= found["names"]
    assert any(MARK in s for s in found["strings"])


def test_the_package_carries_pages_and_appearance_only(hostile, tmp_path):
    data, info = _with_annexes(("Relevé hostile", hostile),
                               ("Relevé chiffré", hostile_pdf(encrypt="AES-256")))
    assert not info.problems, [p.message(translator("en")) for p in info.problems]
    found = inspect_pdf(data, tmp_path)
    assert found["qpdf"] == 0, found["qpdf_output"]
    assert found["objects"] > 100
    assert not found["names"] & FORBIDDEN, found["names"] & FORBIDDEN
    assert found["annotations"] <= {"/Link"}
    # reportlab's own table-of-contents links go to a page (GoTo); annexes keep web links.
    assert found["actions"] <= {"/URI", "/GoTo"}, found["actions"]
    assert not any(MARK in s for s in found["strings"])
    assert not any(MARK.encode() in s for s in found["streams"])
    assert MARK.encode() not in found["raw"] and b"javascript:" not in found["raw"]
    for word in (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/SubmitForm",
                 b"/AA", b"/XFA", b"/OpenAction"):
        assert word + b" " not in found["raw"] and word + b"\n" not in found["raw"], word
    assert "https://www.quebec.ca/" in found["strings"]
    # The widget's and the stamp's looks are drawn into the page.
    first, count = info.annexes["annex-extra0"] if "annex-extra0" in info.annexes else list(
        info.annexes.values())[-2]
    path = tmp_path / "package.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-f", str(first), "-l", str(first), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Annex body text" in text and FILLED in text
    assert "Relevé hostile" in text  # the stamp


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_pdf_protected_by_an_owner_password_only_is_bound(algorithm):
    assert bind_problem(hostile_pdf(encrypt=algorithm), PDF, "releve.pdf") is None
    prepared = prepare_annex(hostile_pdf(encrypt=algorithm), PDF, "releve.pdf")
    assert prepared.pages == 1


def test_a_pdf_that_needs_a_password_to_open_is_refused_with_a_reason():
    problem = bind_problem(hostile_pdf(encrypt="AES-256", user_password="secret"), PDF,
                           "releve.pdf")
    assert problem is not None and problem.code == "password"
    assert problem.message(translator("fr")).startswith("releve.pdf est protégé par un mot")
    assert "password" in problem.message(translator("en"))


def test_a_pdf_that_forbids_printing_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("", "owner", algorithm="AES-128", permissions_flag=0)
    buffer = io.BytesIO()
    writer.write(buffer)
    problem = bind_problem(buffer.getvalue(), PDF, "x.pdf")
    assert problem is not None and problem.code == "no_print"


@pytest.mark.parametrize(("data", "media", "code"), [
    (b"%PDF-1.4\n1 0 obj garbage xref trailer", PDF, "damaged"),
    (b"%PDF-1.7\n" + b"\x00" * 5000, PDF, "damaged"),
    (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "separate"),
    (b"\x89PNG\r\n\x1a\nnot really", "image/png", "bad_image"),
])
def test_what_cannot_be_bound_says_why_in_one_line(data, media, code, capfd):
    problem = bind_problem(data, media, "lettre.pdf")
    assert isinstance(problem, AnnexError) and problem.code == code
    for lang in ("fr", "en"):
        message = problem.message(translator(lang))
        assert "lettre.pdf" in message and "\n" not in message
    # pypdf's complaints about the file stay in our log.
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_a_page_tree_too_deep_or_an_object_loop_is_refused_not_crashing():
    # Nested arrays a thousand deep in the page's resources.
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    deep = ArrayObject()
    node = deep
    for _ in range(400):
        child = ArrayObject()
        node.append(child)
        node = child
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/ColorSpace"): deep})
    buffer = io.BytesIO()
    writer.write(buffer)
    problem = bind_problem(buffer.getvalue(), PDF, "deep.pdf")
    assert problem is not None and problem.code in ("too_complex", "damaged")


def test_the_package_names_each_annex_it_could_not_bind(hostile):
    data, info = _with_annexes(("Relevé bancaire", b"%PDF-1.4\nnothing here"),
                               ("Relevé hostile", hostile))
    assert len(info.problems) == 1
    message = info.problems[0].message(translator("fr"))
    assert "Relevé bancaire" in message and "extra-0.pdf" in message
    assert "\n" not in message
    statuses = {entry.title: entry.status for entry in info.entries}
    assert statuses["Relevé bancaire"] == "unreadable"
    assert statuses["Relevé hostile"] == "included"
    assert len(PdfReader(io.BytesIO(data)).pages) == info.pages


def _pdf_with(rotate: int = 0, content: bytes = b"BT /F1 12 Tf 72 700 Td (Body) Tj ET",
              filter_: bool = False) -> bytes:
    from pypdf.generic import NameObject, NumberObject

    from tests.export.hostile_pdf import _d, _stream

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    extra = {"Filter": NameObject("/FlateDecode")} if filter_ else {}
    page[NameObject("/Contents")] = _stream(writer, content, **extra)
    page[NameObject("/Resources")] = _d(Font=_d(F1=_d(
        Type=NameObject("/Font"), Subtype=NameObject("/Type1"),
        BaseFont=NameObject("/Helvetica"))))
    if rotate:
        page[NameObject("/Rotate")] = NumberObject(rotate)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_compressed_bomb_is_bound_without_being_inflated():
    import zlib

    squeeze = zlib.compressobj(9)
    chunk = b"0 0 m\n" * 200_000
    bomb = b"".join(squeeze.compress(chunk) for _ in range(400)) + squeeze.flush()
    data = _pdf_with(content=bomb, filter_=True)  # ~480 MB once inflated
    assert len(data) < 2_000_000
    prepared = prepare_annex(data, PDF, "bombe.pdf")
    out = io.BytesIO()
    prepared.writer.write(out)
    assert len(out.getvalue()) < 2 * len(data)
    _package, info = _with_annexes(("Bombe", data))
    assert not info.problems


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_the_bands_are_upright_around_a_turned_page(rotate, tmp_path):
    data, info = _with_annexes(("Plan tourné", _pdf_with(rotate)))
    first, _count = list(info.annexes.values())[-1]
    path = tmp_path / "p.pdf"
    path.write_bytes(data)
    page = subprocess.run(["pdftotext", "-bbox", "-f", str(first), "-l", str(first), str(path),
                           "-"], capture_output=True, text=True, check=True).stdout
    import re

    height = 612 if rotate in (90, 270) else 792  # as shown (pdftotext gives the box)
    word = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                     r'yMax="([\d.]+)">Page</word>', page)
    assert word, page
    x0, y0, x1, y1 = map(float, word.groups())
    assert x1 - x0 > y1 - y0  # written across the page, not up it
    assert y0 > height - 30  # at the foot of the sheet as it is shown
    title = re.search(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                      r'yMax="[\d.]+">tourné</word>', page)
    assert title and float(title.group(1)) < 30  # the annex's name in the top band


def test_page_boxes_inherited_missing_or_unusable():
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    writer = PdfWriter()
    page = writer.add_blank_page(300, 400)
    pages = writer._root_object["/Pages"]
    pages[NameObject("/MediaBox")] = ArrayObject([NumberObject(n) for n in (0, 0, 500, 700)])
    pages[NameObject("/Rotate")] = NumberObject(90)
    del page["/MediaBox"]

    def prepared():
        buffer = io.BytesIO()
        writer.write(buffer)
        return prepare_annex(buffer.getvalue(), PDF, "plan.pdf").writer.pages[0]

    inherited = prepared()
    assert [float(n) for n in inherited["/MediaBox"]] == [0, 0, 500, 700]
    assert inherited["/Rotate"] == 90
    del pages["/MediaBox"]
    assert [float(n) for n in prepared()["/MediaBox"]] == [0, 0, 612, 792]  # as readers do
    page[NameObject("/MediaBox")] = ArrayObject([NumberObject(0)] * 4)
    with pytest.raises(AnnexError) as refused:
        prepared()
    assert refused.value.code == "bad_page"


def test_pypdf_reaching_its_limit_is_a_reason_not_a_crash():
    import re

    from pypdf.errors import LimitReachedError

    from proposalkit.core.example import example_attachments

    letter = next(iter(example_attachments().values()))
    header = re.search(rb"xref\n0 \d+", letter).group(0)
    problem = bind_problem(letter.replace(header, b"xref\n0 99999999"), PDF, "x.pdf")
    assert problem is not None and problem.code == "too_complex"
    assert isinstance(problem.__cause__, LimitReachedError)
