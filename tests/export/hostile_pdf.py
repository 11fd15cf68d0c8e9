"""Hostile PDF annexes, written object by object with pypdf's generic objects, and an
inspector that walks every object of a PDF for active content."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from tests.storage.test_fuzz import _mutate, _operation

MARK = "EVIL-PAYLOAD"  # in every script, file and action target: must not survive
FILLED = "FILLED-VALUE"  # drawn by a form field's appearance: must survive, as drawing
#: Names that mean active content, embedded files or forms anywhere in a package.
FORBIDDEN = frozenset({
    "/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/SubmitForm",
    "/ImportData", "/ResetForm", "/AA", "/XFA", "/OpenAction", "/AcroForm", "/FileAttachment",
    "/Filespec", "/EF", "/RichMedia", "/Sound", "/Movie", "/Screen", "/Rendition", "/Widget",
    "/GoToR", "/GoToE", "/Hide", "/Named", "/SetOCGState", "/ECMAScript", "/PS",
})


def _n(name: str) -> NameObject:
    return NameObject(name)


def _d(**items) -> DictionaryObject:
    return DictionaryObject({_n("/" + k): v for k, v in items.items()})


def _js(code: str = f"app.alert('{MARK}')") -> DictionaryObject:
    return _d(S=_n("/JavaScript"), JS=TextStringObject(code))


def _stream(writer: PdfWriter, data: bytes, **items) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update(_d(**items))
    return writer._add_object(stream)


def _rect(*numbers: float) -> ArrayObject:
    return ArrayObject(FloatObject(n) for n in numbers)


def hostile_pdf(*, encrypt: str | None = None, user_password: str = "") -> bytes:
    """A one-page PDF carrying every kind of active content we know of: document and
    page scripts, link annotations with JavaScript, Launch, SubmitForm, ImportData and
    ResetForm actions, a file-attachment annotation (an ``.exe``), embedded files, an
    AcroForm with XFA and a scripted widget (whose appearance shows :data:`FILLED`), a
    screen annotation, scripts hidden in resources; one plain web link."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = writer._add_object(_d(Type=_n("/Font"), Subtype=_n("/Type1"),
                                 BaseFont=_n("/Helvetica")))
    exe = _stream(writer, b"MZ" + MARK.encode() * 20, Type=_n("/EmbeddedFile"))
    filespec = writer._add_object(_d(Type=_n("/Filespec"), F=TextStringObject("setup.exe"),
                                     EF=_d(F=exe)))
    # A form XObject whose own resources hide a script and an embedded file.
    hidden = _stream(writer, b"", Type=_n("/XObject"), Subtype=_n("/Form"),
                     BBox=_rect(0, 0, 10, 10),
                     Resources=_d(ExtGState=_d(G0=_d(Type=_n("/ExtGState"), AA=_d(O=_js()),
                                                     JS=TextStringObject(MARK)))),
                     AA=_d(O=_js()), Ref=_d(F=filespec, Page=NumberObject(0)))
    postscript = _stream(writer, f"({MARK}) print".encode(), Type=_n("/XObject"),
                         Subtype=_n("/PS"))
    page[_n("/Resources")] = _d(
        Font=_d(F1=font), XObject=_d(H0=hidden, P0=postscript),
        ExtGState=_d(GS0=_d(Type=_n("/ExtGState"), CA=FloatObject(1), A=_js())))
    page[_n("/Contents")] = _stream(
        writer, b"BT /F1 14 Tf 72 700 Td (Annex body text) Tj ET /H0 Do")
    page[_n("/AA")] = _d(O=_js(), C=_js())
    appearance = _stream(writer, f"BT /F1 12 Tf 2 6 Td ({FILLED}) Tj ET".encode(),
                         Type=_n("/XObject"), Subtype=_n("/Form"), BBox=_rect(0, 0, 200, 24),
                         Resources=_d(Font=_d(F1=font)))
    widget = writer._add_object(_d(
        Type=_n("/Annot"), Subtype=_n("/Widget"), FT=_n("/Tx"), T=TextStringObject("name"),
        V=TextStringObject(FILLED), Rect=_rect(72, 600, 272, 624), F=NumberObject(4),
        AP=_d(N=appearance), A=_js(), AA=_d(K=_js(), F=_js(), V=_js(), C=_js())))
    annots = [widget]
    actions = [
        _js(),
        _d(S=_n("/Launch"), F=TextStringObject("cmd.exe"),
           Win=_d(F=TextStringObject("cmd.exe"), P=TextStringObject(f"/c {MARK}"))),
        _d(S=_n("/SubmitForm"), F=_d(FS=_n("/URL"), F=TextStringObject(f"http://x/{MARK}")),
           Flags=NumberObject(4)),
        _d(S=_n("/ImportData"), F=TextStringObject(f"{MARK}.fdf")),
        _d(S=_n("/ResetForm"), Next=_js()),
        _d(S=_n("/URI"), URI=TextStringObject(f"javascript:{MARK}")),
        _d(S=_n("/URI"), URI=TextStringObject("https://www.quebec.ca/"), Next=_js()),
    ]
    for number, action in enumerate(actions):
        y = 500 - 30 * number
        annots.append(writer._add_object(_d(Type=_n("/Annot"), Subtype=_n("/Link"),
                                            Rect=_rect(72, y, 272, y + 20), A=action,
                                            AA=_d(E=_js()))))
    annots.append(writer._add_object(_d(
        Type=_n("/Annot"), Subtype=_n("/FileAttachment"), Rect=_rect(300, 700, 320, 720),
        FS=filespec, F=NumberObject(4), Name=_n("/PushPin"),
        AP=_d(N=_stream(writer, b"0 0 20 20 re f", Type=_n("/XObject"), Subtype=_n("/Form"),
                        BBox=_rect(0, 0, 20, 20))))))
    annots.append(writer._add_object(_d(
        Type=_n("/Annot"), Subtype=_n("/Screen"), Rect=_rect(300, 600, 400, 650),
        A=_d(S=_n("/Rendition"), JS=TextStringObject(MARK)))))
    # A printed stamp whose appearance is fine but whose actions are not.
    annots.append(writer._add_object(_d(
        Type=_n("/Annot"), Subtype=_n("/Stamp"), Rect=_rect(400, 100, 500, 140),
        F=NumberObject(4), AA=_d(PO=_js()), A=_js(),
        AP=_d(N=_stream(writer, b"0 0 1 rg 0 0 100 40 re f", Type=_n("/XObject"),
                        Subtype=_n("/Form"), BBox=_rect(0, 0, 100, 40),
                        Resources=_d(XObject=_d(H1=hidden)))))))
    page[_n("/Annots")] = ArrayObject(annots)
    root = writer._root_object
    root[_n("/OpenAction")] = _js()
    root[_n("/AA")] = _d(WC=_js(), DP=_js())
    root[_n("/Names")] = _d(
        JavaScript=_d(Names=ArrayObject([TextStringObject("a"), writer._add_object(_js())])),
        EmbeddedFiles=_d(Names=ArrayObject([TextStringObject("setup.exe"), filespec])))
    xfa = _stream(writer, f"<xdp:xdp><script>{MARK}</script></xdp:xdp>".encode())
    root[_n("/AcroForm")] = _d(Fields=ArrayObject([widget]), XFA=xfa,
                               NeedAppearances=NameObject("/true"))
    if encrypt:
        writer.encrypt(user_password, "owner-secret", algorithm=encrypt)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _walk(obj, seen: set[int], found: dict) -> None:
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        if isinstance(obj, StreamObject):
            try:
                found["streams"].append(obj.get_data())
            except Exception:  # a filter no reader can undo (a mutated /Filter): the raw
                # bytes are all anyone sees of it, so they are what is searched
                found["streams"].append(obj._data)
        if "/S" in obj and obj.get("/Type") != "/Group":
            found["actions"].add(str(obj["/S"]))
        if obj.get("/Type") == "/Annot":
            found["annotations"].add(str(obj.get("/Subtype")))
        for key, value in dict.items(obj):
            found["names"].add(str(key))
            found["keys"].add(str(key))
            _walk(value, seen, found)
    elif isinstance(obj, list):
        for item in obj:
            _walk(item, seen, found)
    elif isinstance(obj, NameObject):
        found["names"].add(str(obj))
    elif isinstance(obj, str):
        found["strings"].append(str(obj))


def walk_pdf(data: bytes) -> dict:
    """Every object of ``data`` (each one in the cross-reference, referenced or not):
    the names (``keys``: those used as dictionary keys), strings and decoded streams it
    holds, the action (``/S``) and annotation types."""
    reader = PdfReader(io.BytesIO(data))
    found: dict = {"names": set(), "keys": set(), "strings": [], "streams": [],
                   "actions": set(), "annotations": set()}
    numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
    numbers |= {(num, 0) for num in reader.xref_objStm}
    seen: set[int] = set()
    for num, gen in sorted(numbers):
        _walk(IndirectObject(num, gen, reader), seen, found)
    _walk(reader.trailer, seen, found)
    return {"objects": len(numbers), **found}


def active_content(data: bytes) -> set[str]:
    """What of :data:`FORBIDDEN` is active in ``data``: used as a key, as an action type
    or as an annotation type other than a link. (A mutated file can leave such a name
    as a mere value, e.g. a font of subtype /Widget: that runs nothing.)"""
    found = walk_pdf(data)
    return ((found["keys"] | found["actions"]) & FORBIDDEN) | (found["annotations"]
                                                              - {"/Link"})


def inspect_pdf(data: bytes, scratch: Path) -> dict:
    """:func:`walk_pdf`, plus what ``qpdf --check`` says and the whole file uncompressed
    by qpdf (``raw``)."""
    found = walk_pdf(data)
    path = scratch / "inspected.pdf"
    path.write_bytes(data)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    flat = scratch / "flat.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--stream-data=uncompress",
                    str(path), str(flat)], check=False, capture_output=True)
    return {**found, "qpdf": check.returncode, "qpdf_output": check.stdout + check.stderr,
            "raw": flat.read_bytes()}


#: PDF-aware changes: a number made huge, negative or fractional, a name swapped for
#: another that matters to a reader, a keyword cut.
_NUMBERS = [b"0", b"-1", b"99999999999", b"1E+999999", b"2147483648", b"0.00001", b"-0"]
_NAMES = [b"/Contents", b"/Resources", b"/Kids", b"/Parent", b"/Pages", b"/Page", b"/Length",
          b"/Filter", b"/FlateDecode", b"/MediaBox", b"/Root", b"/Size", b"/Prev", b"/Type"]
_KEYWORDS = [b"endstream", b"endobj", b"xref", b"trailer", b"startxref", b"obj", b" R"]
pdf_operation = st.one_of(
    _operation,
    st.tuples(st.just("number"), st.floats(0, 1), st.sampled_from(_NUMBERS)),
    st.tuples(st.just("name"), st.floats(0, 1), st.sampled_from(_NAMES)),
    st.tuples(st.just("keyword"), st.floats(0, 1), st.sampled_from(_KEYWORDS)),
)


def mutate_pdf(data: bytes, operations) -> bytes:
    """``data`` changed by byte operations (as the loader's fuzzing does) and by PDF-aware
    ones that replace the token nearest a position."""
    raw = bytes(data)
    for operation in operations:
        kind, where, value = operation
        if kind not in ("number", "name", "keyword"):
            raw = _mutate(raw, [operation])
            continue
        at = int(where * len(raw))
        tokens = {"number": b"0123456789", "name": b"/", "keyword": b"et"}[kind]
        start = next((i for i in range(at, len(raw)) if raw[i] in tokens), None)
        if start is None:
            continue
        end = start + 1
        while end < len(raw) and raw[end] not in b" \t\r\n/<>[]()%":
            end += 1
        raw = raw[:start] + value + raw[end:]
    return raw
