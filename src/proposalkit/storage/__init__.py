"""The proposal file: reading and writing a proposal with its attachments (no Qt)."""

from __future__ import annotations

from proposalkit.storage.document import Document, read_document, write_document

__all__ = ["Document", "read_document", "write_document"]
