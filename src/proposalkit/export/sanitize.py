"""Pages of an untrusted PDF, copied without anything active.

An annex bound into the printable package comes from anywhere (a bank, a partner, a
scanner, someone hostile), and the package is what the applicant sends to the
government. So an annex contributes its *pages and their appearance* only: a whitelist,
not a list of known threats.

* A page keeps its boxes, rotation, transparency group, resources and content, nothing
  else: no page actions (``/AA``), thumbnails, metadata or structure.
* Resources keep the categories that draw (fonts, images and forms, graphics states,
  colour spaces, patterns, shadings, marked-content properties); everything below them
  is copied with every action, script, file specification, embedded file and link back
  into the document structure left out, and every stream copied as it is encoded (never
  inflated, so a compressed bomb stays small).
* Annotations: a plain web or mail link stays (a fresh dictionary: rectangle, border,
  the URI); an annotation that prints with an appearance (a filled form field, a stamp,
  a comment box) is drawn into the page, which is what it looked like on paper; every
  other annotation (scripts, launch, submit, file attachments, sounds, media) is gone.
* Nothing of the document itself is copied: no catalog, no document JavaScript, no
  ``/OpenAction``, no AcroForm (and so no XFA), no names, no outline.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

PAGE_KEYS = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate",
             "/UserUnit", "/Group")
RESOURCE_KEYS = ("/Font", "/XObject", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading",
                 "/Properties", "/ProcSet")
#: Keys left out wherever they appear below a page: actions and scripts, file
#: specifications and embedded or external files, forms, and links back into the
#: document's structure (parents, pages, annotations, metadata).
DROPPED_KEYS = frozenset({
    "/A", "/AA", "/JS", "/JavaScript", "/OpenAction", "/Next", "/URI", "/Launch",
    "/EF", "/EmbeddedFile", "/EmbeddedFiles", "/RF", "/FS", "/F", "/FFilter",
    "/FDecodeParms", "/DL", "/Win", "/Mac", "/Unix", "/XFA", "/AcroForm", "/Names",
    "/Dests", "/Outlines", "/Parent", "/P", "/Annots", "/B", "/Thumb", "/Metadata",
    "/PieceInfo", "/StructParent", "/StructParents", "/OPI", "/Ref", "/Alternates",
    "/RichMediaContent", "/RichMediaSettings", "/3DD", "/Sound", "/Movie", "/Collection",
    "/PS",
})
#: Dictionaries of these types are left out whole.
DROPPED_TYPES = frozenset({
    "/Action", "/Filespec", "/EmbeddedFile", "/Annot", "/Page", "/Pages", "/Catalog",
    "/Sig", "/XRef", "/ObjStm", "/Metadata", "/EncryptedPayload", "/Collection",
    "/CollectionItem", "/Sound", "/Rendition",
})
#: Action types (the ``/S`` of an action dictionary): any dictionary naming one is left
#: out (``/S`` of transparency groups and soft masks is not one of these).
ACTION_TYPES = frozenset({
    "/JavaScript", "/Launch", "/SubmitForm", "/ResetForm", "/ImportData", "/URI", "/GoTo",
    "/GoToR", "/GoToE", "/GoToDp", "/Thread", "/Sound", "/Movie", "/Hide", "/Named",
    "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView", "/RichMediaExecute", "/ECMAScript",
})
#: Annotation types that are never drawn, whatever their appearance says.
DROPPED_ANNOTATIONS = frozenset({"/Popup", "/FileAttachment", "/Sound", "/Movie", "/Screen",
                                 "/RichMedia", "/3D", "/Link", "/PrinterMark", "/TrapNet"})
URI_SCHEMES = ("http://", "https://", "mailto:")
_HIDDEN, _PRINT, _NO_VIEW = 2, 4, 32
MAX_DEPTH = 100
MAX_OBJECTS = 500_000
MAX_PAGE_SIDE = 15_000  # points: about 5 m, far past any paper
MAX_URI = 2_000


class TooComplex(Exception):
    """An annex nested too deeply or with too many objects to be copied safely (turned
    into a message by :mod:`proposalkit.export.annexes`)."""


class BadPage(Exception):
    """An annex page without a usable size."""


def _name(value: object) -> str | None:
    return str(value) if isinstance(value, NameObject) else None


def _get(obj: DictionaryObject, key: str, default: object = None) -> object:
    """``obj[key]`` resolved (pypdf's ``get`` returns references as they are)."""
    value = dict.get(obj, key, default)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _dropped(obj: PdfObject) -> bool:
    if isinstance(obj, DictionaryObject):
        if _name(_get(obj, "/Type")) in DROPPED_TYPES:
            return True
        if _name(_get(obj, "/Subtype")) == "/PS":  # PostScript for the printer to run
            return True
        return _name(_get(obj, "/S")) in ACTION_TYPES
    return False


class Copier:
    """Copies objects of a source document into ``writer``, leaving out what
    :data:`DROPPED_KEYS`, :data:`DROPPED_TYPES` and :data:`ACTION_TYPES` name; each source
    object is copied once (shared objects stay shared, cycles end)."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.memo: dict[tuple[int, int], PdfObject | None] = {}

    def copy(self, obj: PdfObject | None, depth: int = 0) -> PdfObject | None:
        """The clean copy of ``obj``, or None when it is left out."""
        if depth > MAX_DEPTH:
            raise TooComplex()
        if obj is None:
            return None
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in self.memo:
                return self.memo[key]
            target = obj.get_object()
            if target is None or isinstance(target, NullObject) or _dropped(target):
                self.memo[key] = None
                return None
            if len(self.memo) >= MAX_OBJECTS:
                raise TooComplex()
            if isinstance(target, (DictionaryObject, ArrayObject)):
                shell = self._shell(target)
                ref = self.writer._add_object(shell)
                self.memo[key] = ref
                self._fill(shell, target, depth + 1)
                return ref
            # A number or a name kept in an object of its own: inlined.
            self.memo[key] = target
            return target
        if _dropped(obj):
            return None
        return self._direct(obj, depth + 1)

    @staticmethod
    def _shell(target: PdfObject) -> DictionaryObject | ArrayObject:
        if isinstance(target, StreamObject):
            return EncodedStreamObject() if "/Filter" in target else DecodedStreamObject()
        return DictionaryObject() if isinstance(target, DictionaryObject) else ArrayObject()

    def _direct(self, obj: PdfObject, depth: int) -> PdfObject | None:
        if isinstance(obj, (DictionaryObject, ArrayObject)):
            shell = self._shell(obj)
            self._fill(shell, obj, depth)
            return shell
        return obj  # numbers, names, strings, booleans, null: values, nothing to follow

    def _fill(self, shell: PdfObject, target: PdfObject, depth: int) -> None:
        if isinstance(shell, ArrayObject):
            assert isinstance(target, ArrayObject)
            for item in list.__iter__(target):
                copied = self.copy(item, depth)
                shell.append(copied if copied is not None else NullObject())
            return
        assert isinstance(shell, DictionaryObject) and isinstance(target, DictionaryObject)
        for key, value in dict.items(target):
            if str(key) in DROPPED_KEYS or str(key) == "/Length":
                continue
            copied = self.copy(value, depth)
            if copied is not None:
                shell[NameObject(str(key))] = copied
        if isinstance(shell, StreamObject):
            assert isinstance(target, StreamObject)
            # The bytes as encoded in the file: copied, never inflated.
            shell._data = target._data


def _numbers(value: object, count: int) -> list[float] | None:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if not isinstance(value, ArrayObject) or len(value) != count:
        return None
    out = []
    for item in list.__iter__(value):
        item = item.get_object() if isinstance(item, IndirectObject) else item
        if not isinstance(item, (NumberObject, FloatObject)):
            return None
        number = float(item)
        if not math.isfinite(number) or abs(number) > 1e6:
            return None
        out.append(number)
    return out


def _box(value: object) -> list[float] | None:
    numbers = _numbers(value, 4)
    if numbers is None:
        return None
    x0, y0, x1, y1 = numbers
    box = [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]
    width, height = box[2] - box[0], box[3] - box[1]
    if not (1 <= width <= MAX_PAGE_SIDE and 1 <= height <= MAX_PAGE_SIDE):
        return None
    return box


def _array(numbers: Iterable[float]) -> ArrayObject:
    return ArrayObject(FloatObject(round(n, 4)) for n in numbers)


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _fmt(number: float) -> str:
    return f"{number:.5f}".rstrip("0").rstrip(".") or "0"


def _plain_address(text: str) -> bool:
    """Whether a web or mail link is a plain address: http(s) with a host and no user
    name or password; mailto without parameters that attach files or open something
    (``?attach=C:/…``, ``file=``); any mailto query but subject, body, cc and bcc."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    if parts.scheme.lower() in ("http", "https"):
        return bool(parts.hostname) and parts.username is None and parts.password is None
    query = parse_qsl(parts.query, keep_blank_values=True)
    return "@" in unquote(parts.path) and all(
        key.lower() in _MAIL_FIELDS for key, _value in query)


#: What a mailto link may fill in: nothing that names a file or a program.
_MAIL_FIELDS = frozenset({"subject", "body", "cc", "bcc", "to"})


def _link(annotation: DictionaryObject) -> DictionaryObject | None:
    """A fresh link annotation for a plain web or mail link, else None."""
    action = _get(annotation, "/A")
    rect = _numbers(_get(annotation, "/Rect"), 4)
    if not isinstance(action, DictionaryObject) or rect is None:
        return None
    uri = _get(action, "/URI")
    if _name(_get(action, "/S")) != "/URI" or not isinstance(uri, (str, bytes)):
        return None
    text = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri)
    if (len(text) > MAX_URI or not text.lower().startswith(URI_SCHEMES)
            or any(ord(c) < 33 or ord(c) > 126 for c in text) or not _plain_address(text)):
        return None
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): _array(rect),
        NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
        NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/URI"),
                                            NameObject("/URI"): TextStringObject(text)}),
    })


def _appearance(annotation: DictionaryObject) -> StreamObject | None:
    """The normal appearance a printed annotation shows, or None."""
    flags = _get(annotation, "/F", 0)
    flags = int(flags) if isinstance(flags, (NumberObject, FloatObject)) else 0
    if flags & _HIDDEN or not flags & _PRINT or _name(_get(annotation, "/Subtype")) in (
            DROPPED_ANNOTATIONS):
        return None
    ap = _get(annotation, "/AP")
    normal = _get(ap, "/N") if isinstance(ap, DictionaryObject) else None
    if isinstance(normal, DictionaryObject) and not isinstance(normal, StreamObject):
        state = _get(annotation, "/AS")
        normal = _get(normal, state) if isinstance(state, NameObject) else None
    return normal if isinstance(normal, StreamObject) else None


def _placement(form: StreamObject, rect: list[float]) -> list[float] | None:
    """The matrix that draws ``form`` in ``rect`` (PDF 32000-1, 12.5.5)."""
    bbox = _numbers(_get(form, "/BBox"), 4)
    matrix = _numbers(_get(form, "/Matrix"), 6) or [1, 0, 0, 1, 0, 0]
    if bbox is None:
        return None
    a, b, c, d, e, f = matrix
    corners = [(x * a + y * c + e, x * b + y * d + f)
               for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    x0, y0 = min(rect[0], rect[2]), min(rect[1], rect[3])
    rw, rh = abs(rect[2] - rect[0]), abs(rect[3] - rect[1])
    if width < 1e-6 or height < 1e-6 or rw < 1e-6 or rh < 1e-6:
        return None
    sx, sy = rw / width, rh / height
    return [sx, 0, 0, sy, x0 - min(xs) * sx, y0 - min(ys) * sy]


def _free_name(names: DictionaryObject, stem: str) -> str:
    n = 1
    while f"/{stem}{n}" in names:
        n += 1
    return f"/{stem}{n}"


def copy_page(copier: Copier, page: DictionaryObject) -> DictionaryObject:
    """Add to ``copier.writer`` the clean copy of ``page`` (a page of the source: pypdf
    has already resolved its inherited attributes) and return it."""
    writer = copier.writer
    # Without a media box readers assume Letter; with one that is unusable, nothing
    # sensible can be drawn.
    media = _box(_get(page, "/MediaBox")) if "/MediaBox" in page else [0, 0, 612, 792]
    if media is None:
        raise BadPage()
    out = writer.add_blank_page(media[2] - media[0], media[3] - media[1])
    out[NameObject("/MediaBox")] = _array(media)
    for key in PAGE_KEYS[1:5]:
        box = _box(_get(page, key))
        if box is not None:
            out[NameObject(key)] = _array(box)
    rotate = _get(page, "/Rotate")
    if isinstance(rotate, NumberObject) and int(rotate) % 90 == 0:
        out[NameObject("/Rotate")] = NumberObject(int(rotate) % 360)
    for key in ("/UserUnit", "/Group"):
        value = copier.copy(page.raw_get(key)) if key in page else None
        if value is not None:
            out[NameObject(key)] = value
    resources = DictionaryObject()
    source = _get(page, "/Resources")
    if isinstance(source, DictionaryObject):
        for key in RESOURCE_KEYS:
            value = copier.copy(source.raw_get(key)) if key in source else None
            if value is not None:
                resources[NameObject(key)] = value
    out[NameObject("/Resources")] = resources

    contents = copier.copy(page.raw_get("/Contents")) if "/Contents" in page else None
    parts = ArrayObject([_stream(writer, b"q\n")])
    resolved = contents.get_object() if isinstance(contents, IndirectObject) else contents
    if isinstance(resolved, StreamObject) and isinstance(contents, IndirectObject):
        parts.append(contents)
    elif isinstance(resolved, ArrayObject):
        parts += [part for part in resolved
                  if isinstance(part, IndirectObject)
                  and isinstance(part.get_object(), StreamObject)]
    drawn = ["Q"]
    links = ArrayObject()
    annotations = _get(page, "/Annots")
    if isinstance(annotations, ArrayObject):
        forms: DictionaryObject | None = None
        for item in annotations:
            annotation = item.get_object() if isinstance(item, IndirectObject) else item
            if not isinstance(annotation, DictionaryObject):
                continue
            if _name(_get(annotation, "/Subtype")) == "/Link":
                link = _link(annotation)
                if link is not None:
                    links.append(writer._add_object(link))
                continue
            form = _appearance(annotation)
            rect = _numbers(_get(annotation, "/Rect"), 4)
            matrix = _placement(form, rect) if form is not None and rect else None
            if form is None or matrix is None:
                continue
            copied = copier.copy(form.indirect_reference or form)
            if copied is None:
                continue
            target = copied.get_object()
            if not isinstance(target, StreamObject):
                continue
            target[NameObject("/Type")] = NameObject("/XObject")
            target[NameObject("/Subtype")] = NameObject("/Form")
            if forms is None:
                # This page's own /XObject dictionary: the source's may be shared.
                shared = _get(resources, "/XObject")
                forms = DictionaryObject(dict.items(shared)) if isinstance(
                    shared, DictionaryObject) else DictionaryObject()
                resources[NameObject("/XObject")] = forms
            name = _free_name(forms, "pkAnnot")
            forms[NameObject(name)] = copied
            drawn.append(f"q {' '.join(_fmt(n) for n in matrix)} cm {name} Do Q")
    parts.append(_stream(writer, ("\n".join(drawn) + "\n").encode("ascii")))
    out[NameObject("/Contents")] = parts
    if links:
        out[NameObject("/Annots")] = links
    return out


def add_overlay(writer: PdfWriter, page: DictionaryObject, form: IndirectObject) -> None:
    """Draw the form XObject ``form`` over ``page`` of ``writer``, upright as the page is
    shown (its ``/Rotate`` honoured) with its origin at the corner of the visible box;
    the page's content is not decoded."""
    box = _box(_get(page, "/CropBox")) or _box(_get(page, "/MediaBox")) or [0, 0, 612, 792]
    left, bottom, width, height = box[0], box[1], box[2] - box[0], box[3] - box[1]
    rotate = _get(page, "/Rotate", 0)
    rotate = int(rotate) % 360 if isinstance(rotate, NumberObject) else 0
    matrix = {90: [0, 1, -1, 0, left + width, bottom],
              180: [-1, 0, 0, -1, left + width, bottom + height],
              270: [0, -1, 1, 0, left, bottom + height]}.get(rotate,
                                                              [1, 0, 0, 1, left, bottom])
    resources = _get(page, "/Resources")
    if not isinstance(resources, DictionaryObject):
        resources = DictionaryObject()
    resources = DictionaryObject(dict.items(resources))
    shared = _get(resources, "/XObject")
    forms = DictionaryObject(dict.items(shared)) if isinstance(
        shared, DictionaryObject) else DictionaryObject()
    name = _free_name(forms, "pkStamp")
    forms[NameObject(name)] = form
    resources[NameObject("/XObject")] = forms
    page[NameObject("/Resources")] = resources
    contents = _get(page, "/Contents")
    parts = ArrayObject(contents) if isinstance(contents, ArrayObject) else ArrayObject(
        [page.raw_get("/Contents")] if "/Contents" in page else [])
    parts.append(_stream(writer, f"q {' '.join(_fmt(n) for n in matrix)} cm {name} Do Q\n"
                         .encode("ascii")))
    page[NameObject("/Contents")] = parts


def shown_size(page: DictionaryObject) -> tuple[float, float]:
    """The width and height of ``page``'s visible box as shown (rotation applied)."""
    box = _box(_get(page, "/CropBox")) or _box(_get(page, "/MediaBox")) or [0, 0, 612, 792]
    width, height = box[2] - box[0], box[3] - box[1]
    rotate = _get(page, "/Rotate", 0)
    rotate = int(rotate) % 360 if isinstance(rotate, NumberObject) else 0
    return (height, width) if rotate in (90, 270) else (width, height)
