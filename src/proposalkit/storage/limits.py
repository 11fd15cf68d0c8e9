"""Every limit of the ``.pkp`` file, in one place, for the writer and the reader alike.

The writer (:mod:`proposalkit.storage.document`, :mod:`proposalkit.storage.history`)
refuses or trims what would pass these limits *before* writing, and the reader
(:mod:`proposalkit.storage.container`) refuses what passes them *before* decompressing:
both import the figures below, so they cannot disagree and we never write a file we
then refuse to open (issue 18: a ratio guard of 100 refused proposals whose repetitive
text deflated 144 times).

Derivations:

- :data:`MAX_RATIO` is what deflate itself can reach (each 258-byte match costs at
  least 2 bits: about 1032 to 1), plus slack for the stream's own header: any ratio our
  writer produces is below it, and a member claiming more is not a deflate stream of
  its declared size. The bomb guard proper is the *declared sizes*: each member is
  bounded by its own limit and all of them by :data:`MAX_UNCOMPRESSED_TOTAL` before a
  byte is inflated, and inflating stops at the declared size.
- :data:`HISTORY_BUDGET` leaves :data:`MAX_HISTORY_JSON` room above it; the writer
  measures the history's real bytes (:func:`proposalkit.storage.history.prune`).
- :data:`MAX_FILE_SIZE` is every member at its limit plus the zip's own records
  (:data:`MAX_MEMBERS` entries of at most :data:`MAX_NAME_BYTES` bytes of name, twice).
"""

from __future__ import annotations

from proposalkit.core.bounded import MAX_DEPTH

#: One attachment's bytes.
MAX_ATTACHMENT_SIZE = 25_000_000
#: All attachments' bytes.
MAX_ATTACHMENTS_TOTAL = 100_000_000
#: Attachments (distinct members) in one file.
MAX_ATTACHMENTS = 1000
#: ``proposal.json``'s bytes (the writer refuses to save a proposal past it).
MAX_PROPOSAL_JSON = 16_000_000
#: ``manifest.json``'s bytes (1000 members of about 400 bytes each, and the recovery).
MAX_MANIFEST = 1_000_000
#: ``history.json``'s bytes, when reading.
MAX_HISTORY_JSON = 16_000_000
#: ``history.json``'s bytes, when saving (oldest snapshots are dropped to stay below).
HISTORY_BUDGET = 12_000_000
#: Revision entries kept (ids are small; the chain lets a far older copy find its ancestor).
MAX_REVISIONS = 500
#: Revisions that keep a snapshot of the proposal (the merge's common ancestor).
MAX_SNAPSHOTS = 25
#: Named versions kept.
MAX_VERSIONS = 100
#: The longest member name (bytes of UTF-8).
MAX_NAME_BYTES = 255
MAX_MEMBERS = MAX_ATTACHMENTS + 3
MAX_UNCOMPRESSED_TOTAL = (MAX_ATTACHMENTS_TOTAL + MAX_PROPOSAL_JSON + MAX_MANIFEST
                          + MAX_HISTORY_JSON)
#: A central directory entry: 46 bytes of header, the name, no extra field or comment.
_CENTRAL_ENTRY = 46 + MAX_NAME_BYTES
#: The central directory of :data:`MAX_MEMBERS` entries with the longest names (and room).
MAX_CENTRAL_DIRECTORY = MAX_MEMBERS * 600
#: The largest file on disk worth opening: every member at its limit plus the local
#: headers and the central directory (and generous room for the zip's records).
MAX_FILE_SIZE = MAX_UNCOMPRESSED_TOTAL + 4_000_000
#: Deflate's own maximum expansion, about 1032 to 1 (see the module's docstring).
DEFLATE_MAX_RATIO = 1032
#: A member expanding more than this many times its compressed size is refused.
MAX_RATIO = DEFLATE_MAX_RATIO + 8
#: Below this uncompressed size the ratio is not checked (a few KB of zeros is harmless).
RATIO_CHECKED_ABOVE = 1_000_000
#: Nesting of JSON arrays and objects in any member (see :mod:`proposalkit.core.bounded`).
MAX_JSON_DEPTH = MAX_DEPTH

assert MAX_CENTRAL_DIRECTORY >= MAX_MEMBERS * _CENTRAL_ENTRY
assert HISTORY_BUDGET < MAX_HISTORY_JSON
assert MAX_FILE_SIZE >= MAX_UNCOMPRESSED_TOTAL + MAX_MEMBERS * 2 * (_CENTRAL_ENTRY + 30)
