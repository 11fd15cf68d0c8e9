"""What an attachment *is*: its media type decided from its bytes, and the file names
that go with it.

The type recorded in a file and the extension of its name are claims; the bytes are
the truth. Adding a file and opening a proposal both go through :func:`detect_media_type`,
and whatever is handed to another program (the system's viewer, the package) is named
with :func:`verified_name`, whose extension is the detected type's.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import PurePosixPath

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
#: Accepted media types and the file extensions that go with them (first: the usual one).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    DOCX: (".docx",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
}
#: How each type is named in messages (not translated: these are format names).
KIND_NAMES = {PDF: "PDF", DOCX: "Word (DOCX)", PNG: "PNG", JPEG: "JPEG"}


def detect_media_type(data: bytes) -> str | None:
    """The media type of ``data`` by its magic bytes (PDF, DOCX, PNG, JPEG), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    # The PDF header may follow a little junk (tolerated by readers up to 1 KB).
    if b"%PDF-" in data[:1024]:
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except Exception:  # any malformed zip is simply "not a DOCX"
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def extension_agrees(name: str, media_type: str) -> bool:
    """True when ``name`` ends with an extension of ``media_type`` (any case)."""
    return PurePosixPath(name).suffix.lower() in EXTENSIONS[media_type]


def verified_name(name: str, media_type: str) -> str:
    """``name`` ending with ``media_type``'s usual extension: kept when it agrees, the
    extension replaced when another one is there, added when there is none."""
    if extension_agrees(name, media_type):
        return name
    path = PurePosixPath(name)
    stem = path.stem if path.suffix else name
    return f"{stem}{EXTENSIONS[media_type][0]}"


def display_name(name: str) -> str:
    """The original file name as shown to people: its last part, printable characters."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").split("/")[-1])
    return "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()[:255]
