"""The process the crash test kills: ``python crash_worker.py FILE``.

It is a small fork server, so that each of the hundreds of kills costs a fork and not
an interpreter start. It imports everything and builds the document once, then for each
``go N`` line on stdin it forks a worker that saves versions N, N+1, ... of the proposal
to FILE in a loop, printing ``saved K`` after each completed save. The server prints
``pid P`` when the worker starts and ``dead P`` once the test has killed it and it is
reaped, so that every ``saved`` line of that worker is already in the pipe.
"""

from __future__ import annotations

import os
import random
import sys


def crash_document(version: int):
    """Version ``version`` of the document saved in the loop: the example with its
    letters and a 300 KB attachment, so that a save takes a few milliseconds."""
    from proposalkit.core.example import example_attachments, example_proposal
    from proposalkit.storage import Document, add_attachment_bytes

    proposal = example_proposal()
    document = Document(proposal, example_attachments(proposal))
    padding = random.Random(3).randbytes(300_000)
    add_attachment_bytes(document, b"%PDF-1.4\n%" + padding, "annexe.pdf",
                         attachment_id="annex")
    proposal.metadata.title = f"v{version}"
    return document


def _work(path: str, first: int, document) -> None:  # pragma: no cover - killed
    from proposalkit.storage import write_document

    version = first
    while True:
        document.proposal.metadata.title = f"v{version}"
        write_document(path, document)
        os.write(1, f"saved {version}\n".encode())
        version += 1


def main(path: str) -> None:  # pragma: no cover - run in a child process
    from proposalkit.core.program import default_catalog
    from proposalkit.storage import encode_document

    document = crash_document(0)
    # Load what the first save needs (program packs, lazy imports) once, before forking.
    default_catalog()
    encode_document(document)

    os.write(1, b"ready\n")
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                _work(path, int(argument), document)
            finally:
                os._exit(1)
        os.write(1, f"pid {pid}\n".encode())
        os.waitpid(pid, 0)
        os.write(1, f"dead {pid}\n".encode())


if __name__ == "__main__":
    main(sys.argv[1])
