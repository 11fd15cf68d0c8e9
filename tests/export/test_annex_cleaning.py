"""Issue 18: an image annex reaches the package as decoded pixels only, and links in
annexes keep only plain web and mail addresses."""

from __future__ import annotations

import io
import zlib

import pytest
from PIL import Image

from proposalkit.export.annexes import prepare_annex
from proposalkit.export.sanitize import _plain_address

PROGRAM = b"MZ\x90\x00" + b"This program cannot be run in DOS mode." * 20


def _image(kind: str) -> bytes:
    """An image carrying the program in its metadata (a JPEG comment, a PNG text chunk)
    and after its end."""
    buffer = io.BytesIO()
    image = Image.new("RGB", (64, 48), (40, 90, 160))
    if kind == "JPEG":
        image.save(buffer, format=kind, comment=PROGRAM)
    else:
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("program", PROGRAM.decode("latin-1"))
        image.save(buffer, format=kind, pnginfo=info)
    return buffer.getvalue() + PROGRAM


def _all_bytes(pdf: bytes) -> bytes:
    """The PDF's bytes and each of its streams inflated, to look for the program in."""
    found = [pdf]
    start = 0
    while (start := pdf.find(b"stream", start) + 6) > 5:
        try:
            found.append(zlib.decompressobj().decompress(pdf[start:].lstrip(b"\r\n")))
        except zlib.error:
            pass
    return b"".join(found)


@pytest.mark.parametrize(("kind", "media"), [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_a_program_after_an_image_does_not_reach_the_package(kind, media):
    disguised = _image(kind) + PROGRAM
    prepared = prepare_annex(disguised, media, "photo")
    buffer = io.BytesIO()
    prepared.writer.write(buffer)
    assert prepared.pages == 1
    assert b"cannot be run in DOS mode" not in _all_bytes(buffer.getvalue())


@pytest.mark.parametrize(("link", "kept"), [
    ("https://www.quebec.ca/economie", True),
    ("http://example.org/a?b=c", True),
    ("mailto:info@mrc.qc.ca", True),
    ("mailto:info@mrc.qc.ca?subject=Appui&body=Bonjour", True),
    ("mailto:info@mrc.qc.ca?attach=C:/Users/x/secret.txt", False),
    ("mailto:info@mrc.qc.ca?subject=a&Attachment=/etc/passwd", False),
    ("mailto:?attach=C:/x", False),
    ("mailto:a@b.c?file=x", False),
    ("https://user:pass@example.org/", False),
    ("https:///nohost", False),
])
def test_links_keep_plain_addresses_only(link, kept):
    assert _plain_address(link) is kept
